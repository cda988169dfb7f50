"""Views for the goals app."""
