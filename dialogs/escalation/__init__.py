"""Escalation: cases without consensus lifted to the network's escalation target."""
