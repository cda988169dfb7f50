"""Views for the meetings app."""
