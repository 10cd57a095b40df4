"""``python -m ptctui`` runs the command line."""

from ptctui.cli import main

main()
