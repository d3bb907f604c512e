"""Fagnett's capabilities, one package per capability: its rules, services, cards and handlers."""
