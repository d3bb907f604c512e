"""Microsoft Graph through msgraph-sdk: meetings, free/busy, channels, members, files.

Nothing here yet: the meetings capability brings the first Graph calls. Rules and services
depend on small functions in this package, never on msgraph directly.
"""
