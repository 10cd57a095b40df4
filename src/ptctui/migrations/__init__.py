"""Alembic migration scripts, shipped inside the package so every install can upgrade."""
