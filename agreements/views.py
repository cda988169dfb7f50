"""Views for the agreements app."""
