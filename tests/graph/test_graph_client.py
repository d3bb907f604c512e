"""Building the Graph client from settings."""

from __future__ import annotations

import pytest
from azure.identity.aio import ClientSecretCredential, ManagedIdentityCredential

from graph import Graph, RetryPolicy, build_credential, graph_configured
from harness.graph import FixedToken, GraphStandIn


def test_no_credentials_means_no_graph() -> None:
    assert graph_configured() is None
    assert graph_configured(tenant_id="tenant-hmn", client_id="app") is None
    assert graph_configured(client_secret="s3cret") is None


async def test_a_client_secret_makes_a_graph_that_closes_its_credential() -> None:
    graph = graph_configured(tenant_id="tenant-hmn", client_id="app", client_secret="s3cret")

    assert isinstance(graph, Graph)
    assert graph.base_url == "https://graph.microsoft.com/v1.0"
    await graph.aclose()


async def test_the_credential_follows_the_settings() -> None:
    secret = build_credential(tenant_id="t", client_id="c", client_secret="s")
    identity = build_credential(client_id="c", managed_identity=True)

    assert isinstance(secret, ClientSecretCredential)
    assert isinstance(identity, ManagedIdentityCredential)
    await secret.close()
    await identity.close()


def test_a_retry_policy_cannot_wait_without_bound() -> None:
    with pytest.raises(ValueError, match="delays"):
        RetryPolicy(max_delay=600)
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=20)


async def test_the_token_is_asked_for_graph_and_sent_as_bearer() -> None:
    graph_stand_in = GraphStandIn()
    graph_stand_in.add_user("aad-kari", "Kari Nordmann", "kari@stolav.no")
    await graph_stand_in.start()
    token = FixedToken()
    graph = graph_configured(credential=token, base_url=graph_stand_in.url + "/")
    assert graph is not None

    user = await graph.get_user(user="aad-kari")

    await graph.aclose()
    await graph_stand_in.close()
    assert user.display_name == "Kari Nordmann"
    assert token.requests == [("https://graph.microsoft.com/.default",)]
    assert graph_stand_in.calls[0].headers["authorization"] == "Bearer stand-in-graph-token"
