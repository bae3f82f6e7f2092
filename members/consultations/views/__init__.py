"""Consultation pages, a module per audience: ``owner`` (those who run a consultation),
``respond`` (members responding) and ``reminders`` (the owner's reminder emails)."""
