"""Loopback stand-ins for Microsoft's cloud and a Teams-shaped client for end-to-end tests."""
