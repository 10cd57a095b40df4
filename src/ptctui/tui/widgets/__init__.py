"""Widgets owned by the main screen."""
