"""The Textual app. Only this package imports Textual; it reads and writes through the store."""
