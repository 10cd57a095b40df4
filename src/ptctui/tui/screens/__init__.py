"""Screens: the main screen, the dashboard, help, and the modal dialogs."""
