"""Members: a network's composition, roles, health trusts and voting rights."""
