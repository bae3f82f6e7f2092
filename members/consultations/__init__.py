"""Member consultations: the audience, the owner's work, members' responses and reminders.

Modules by subject: ``access`` (who may do what), ``audience`` (who is asked), ``services`` (the
owner's writes), ``responding`` (members' responses), ``reminders`` and ``tasks`` (emails by
Celery beat), and a views module for each of the owner, the respondent and the reminders.
"""
