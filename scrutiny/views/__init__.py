"""Views by subject: meetings, the agenda."""
