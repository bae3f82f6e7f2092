"""Views by subject: councillors, bodies and their clerks, memberships."""
