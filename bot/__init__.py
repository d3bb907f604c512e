"""The service: HTTP, the Bot Framework adapter, routing turns to dialogs, sending, scheduling."""
