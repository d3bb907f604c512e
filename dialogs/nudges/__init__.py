"""Deadline nudges: personal reminders in working hours, sent once, kept in the database."""
