"""Views for the programs app."""
