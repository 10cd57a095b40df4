"""Bundled datasets, written by hand from real documents and checked against them."""
