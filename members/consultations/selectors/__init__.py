"""Reads for consultations, one module per subject: who a consultation asks (``audience``), when it
closes (``deadlines``), the consultations a person manages (``consultations``), the ``tracker``,
the ``summary`` and its CSV, its printable summary (``packs``), a member's answers
(``responses``) and who changed which answer when (``response_history``), a member's
consultations (``mine``) and the dashboard ``panels``.

Nothing is re-exported here: ``access`` reads ``audience``, and the panels and lists ask
``access``, so importing every module with the package would go round in a circle."""
