"""The database: SQLAlchemy 2.0 tables, sessions, Alembic migrations."""
