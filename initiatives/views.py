"""Views for the initiatives app."""
