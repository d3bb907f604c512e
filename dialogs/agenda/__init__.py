"""Agenda proposals from the RHF adviser, and assignments from the director network."""
