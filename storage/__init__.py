"""Persistence: SQLAlchemy 2 models, sessions, the audit log and Alembic migrations."""
