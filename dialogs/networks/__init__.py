"""Networks: registering a channel as a network, and who may manage it."""
