"""Directory users, team members, channels, the bot's personal install, and channel files."""

from __future__ import annotations

from urllib.parse import quote

from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph.generated.models.aad_user_conversation_member import AadUserConversationMember
from msgraph.generated.models.channel import Channel as GraphChannel
from msgraph.generated.models.channel_collection_response import ChannelCollectionResponse
from msgraph.generated.models.channel_membership_type import ChannelMembershipType
from msgraph.generated.models.conversation_member import ConversationMember
from msgraph.generated.models.conversation_member_collection_response import (
    ConversationMemberCollectionResponse,
)
from msgraph.generated.models.user_scope_teams_app_installation import (
    UserScopeTeamsAppInstallation,
)
from msgraph.generated.teams.item.channels.channels_request_builder import (
    ChannelsRequestBuilder,
)
from msgraph.generated.users.item.user_item_request_builder import UserItemRequestBuilder

from graph.calls import GraphCalls
from graph.errors import Conflict, GraphError
from graph.models import Channel, TeamMember, User

GRAPH_V1 = "https://graph.microsoft.com/v1.0"
"""`@odata.bind` references name Graph's own URL, wherever the client is pointed."""

READ_USERS = "User.Read.All"
READ_MEMBERS = "TeamMember.Read.All"
CREATE_CHANNELS = "Channel.Create"
READ_CHANNELS = "Channel.ReadBasic.All"
INSTALL_APPS = "TeamsAppInstallation.ReadWriteSelfForUser.All"
WRITE_FILES = "Files.ReadWrite.All"

_USER_FIELDS = ["id", "displayName", "mail", "companyName", "department"]


def _channel(value: GraphChannel | None, *, operation: str) -> Channel:
    if value is None or not value.id:
        raise GraphError(operation, code="MissingChannel")
    return Channel(id=value.id, name=value.display_name or "", web_url=value.web_url)


def _member(value: ConversationMember) -> TeamMember | None:
    if not isinstance(value, AadUserConversationMember) or not value.user_id:
        return None
    return TeamMember(
        user_id=value.user_id,
        display_name=value.display_name or "",
        email=value.email,
        roles=tuple(value.roles or ()),
    )


def _odata_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Teams(GraphCalls):
    """Users, team members, channels, app installs and channel files."""

    async def get_user(self, *, user: str) -> User:
        """A directory user by id or user principal name (`GET /users/{user}`), with
        `companyName` and `department` (which Graph returns only when `$select`ed).

        Raises:
            Forbidden: the app lacks User.Read.All.
            NotFound: no such user (deleted, or a typo).
            Throttled: Graph kept refusing after the SDK's retries.
            GraphError: any other failure.
        """
        query = UserItemRequestBuilder.UserItemRequestBuilderGetQueryParameters(select=_USER_FIELDS)
        found = await self._call(
            self._client.users.by_user_id(user).get(
                request_configuration=RequestConfiguration(query_parameters=query)
            ),
            operation="get user",
            permission=READ_USERS,
        )
        if found is None or not found.id:
            raise GraphError("get user", code="MissingUser")
        return User(
            id=found.id,
            display_name=found.display_name or "",
            mail=found.mail,
            company_name=found.company_name,
            department=found.department,
        )

    async def list_team_members(self, *, team_id: str) -> list[TeamMember]:
        """Everyone in a team (`GET /teams/{id}/members`, following `@odata.nextLink`).

        Raises:
            Forbidden: the app lacks TeamMember.Read.All (or the team's RSC consent).
            NotFound: no such team.
            Throttled: Graph kept refusing after the SDK's retries.
            GraphError: any other failure.
        """
        members = self._client.teams.by_team_id(team_id).members
        page: ConversationMemberCollectionResponse | None = await self._call(
            members.get(), operation="list team members", permission=READ_MEMBERS
        )
        found: list[TeamMember] = []
        while page is not None:
            found.extend(m for m in map(_member, page.value or []) if m is not None)
            if not page.odata_next_link:
                break
            page = await self._call(
                members.with_url(page.odata_next_link).get(),
                operation="list team members",
                permission=READ_MEMBERS,
            )
        return found

    async def find_channel(self, *, team_id: str, name: str) -> Channel | None:
        """The team's channel called `name` (Teams compares names without case), or None
        (`GET /teams/{id}/channels?$filter=displayName eq '...'`).

        Raises:
            Forbidden: the app lacks Channel.ReadBasic.All.
            NotFound: no such team.
            Throttled: Graph kept refusing after the SDK's retries.
            GraphError: any other failure.
        """
        channels = self._client.teams.by_team_id(team_id).channels
        query = ChannelsRequestBuilder.ChannelsRequestBuilderGetQueryParameters(
            filter=f"displayName eq {_odata_literal(name)}",
            select=["id", "displayName", "webUrl"],
        )
        page: ChannelCollectionResponse | None = await self._call(
            channels.get(request_configuration=RequestConfiguration(query_parameters=query)),
            operation="find channel",
            permission=READ_CHANNELS,
        )
        while page is not None:
            for value in page.value or []:
                if (value.display_name or "").casefold() == name.casefold():
                    return _channel(value, operation="find channel")
            if not page.odata_next_link:
                break
            page = await self._call(
                channels.with_url(page.odata_next_link).get(),
                operation="find channel",
                permission=READ_CHANNELS,
            )
        return None

    async def create_channel(
        self,
        *,
        team_id: str,
        name: str,
        description: str,
        private: bool,
        owner_user_id: str | None = None,
    ) -> Channel:
        """Create a channel in a team (`POST /teams/{id}/channels`).

        A private channel made with application permissions needs an owner: pass
        `owner_user_id` (a team member's directory id).

        Raises:
            ValueError: a private channel without `owner_user_id`.
            Conflict: the team has (or recently had) a channel of that name; look it up with
                `find_channel`.
            Forbidden: the app lacks Channel.Create.
            NotFound: no such team.
            Throttled: Graph kept refusing after the SDK's retries.
            GraphError: any other failure.
        """
        if private and not owner_user_id:
            raise ValueError("a private channel needs owner_user_id")
        members: list[ConversationMember] | None = None
        if owner_user_id:
            members = [
                AadUserConversationMember(
                    roles=["owner"],
                    additional_data={"user@odata.bind": f"{GRAPH_V1}/users('{owner_user_id}')"},
                )
            ]
        body = GraphChannel(
            display_name=name,
            description=description,
            membership_type=ChannelMembershipType.Private
            if private
            else ChannelMembershipType.Standard,
            members=members,
        )
        created = await self._call(
            self._client.teams.by_team_id(team_id).channels.post(body),
            operation="create channel",
            permission=CREATE_CHANNELS,
        )
        return _channel(created, operation="create channel")

    async def install_app_for_user(self, *, user_id: str, teams_app_id: str) -> None:
        """Install the Teams app for a user (`POST /users/{id}/teamwork/installedApps`), so the
        bot can message them first. An app already installed counts as success.

        Raises:
            Forbidden: the app lacks TeamsAppInstallation.ReadWriteSelfForUser.All, or the
                tenant blocks the app.
            NotFound: no such user, or the app is not in the tenant's catalogue.
            Throttled: Graph kept refusing after the SDK's retries.
            GraphError: any other failure.
        """
        body = UserScopeTeamsAppInstallation(
            additional_data={
                "teamsApp@odata.bind": f"{GRAPH_V1}/appCatalogs/teamsApps/{teams_app_id}"
            }
        )
        try:
            await self._call(
                self._client.users.by_user_id(user_id).teamwork.installed_apps.post(body),
                operation="install app",
                permission=INSTALL_APPS,
            )
        except Conflict:
            return

    async def upload_channel_file(
        self, *, team_id: str, channel_id: str, name: str, content: bytes
    ) -> str:
        """Put a file (up to 250 MB) in a channel's Files tab, replacing one of the same name,
        and return its web URL.

        Reads `GET /teams/{t}/channels/{c}/filesFolder`, then
        `PUT /drives/{drive}/items/{folder}:/{name}:/content`. The SDK does not retry a binary
        upload, so a throttled upload raises `Throttled` at once; calling again is safe.

        Raises:
            Forbidden: the app lacks Files.ReadWrite.All.
            NotFound: no such team or channel.
            Throttled: Graph refused the upload or kept refusing the folder lookup.
            GraphError: any other failure.
        """
        folder = await self._call(
            self._client.teams.by_team_id(team_id)
            .channels.by_channel_id(channel_id)
            .files_folder.get(),
            operation="channel files folder",
            permission=WRITE_FILES,
        )
        drive_id = folder.parent_reference.drive_id if folder and folder.parent_reference else None
        if folder is None or not folder.id or not drive_id:
            raise GraphError("channel files folder", code="MissingFolder")
        url = (
            f"{self.base_url}/drives/{quote(drive_id, safe='!')}/items/"
            f"{quote(folder.id, safe='')}:/{quote(name, safe='')}:/content"
        )
        uploaded = await self._call(
            self._client.drives.by_drive_id(drive_id)
            .items.by_drive_item_id(folder.id)
            .content.with_url(url)
            .put(content),
            operation="upload file",
            permission=WRITE_FILES,
        )
        if uploaded is None or not uploaded.web_url:
            raise GraphError("upload file", code="MissingWebUrl")
        return uploaded.web_url
