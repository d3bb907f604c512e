"""Consensus polls: opening, voting, closing and the outcome rules."""
