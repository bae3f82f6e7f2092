"""Member consultations: the audience, the owner's work, members' responses and reminders.

Modules by subject: ``access`` (who may do what), ``audience`` (who is asked), ``services`` (the
owner's writes), ``selectors`` (the owner's pages' queries), ``responding`` (members' responses),
``deadlines`` (when a consultation takes responses, and the phrases saying when it closes), ``mine``
(a member's consultations), ``panels`` (the dashboard panels), ``reminders`` and ``tasks`` (emails,
and opening and closing at their times, by Celery beat), the ``forms`` package (``owner``,
``respond``) and the ``views`` package, a module for each of the owner, the respondent and the
reminders.
"""
