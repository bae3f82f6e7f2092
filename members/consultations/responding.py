"""Members' responses: drafts, submission, editing until the deadline, conflicts between tabs."""


def respond_panel(request) -> dict:
    """Dashboard: the consultations the member is asked to respond to, with their deadlines."""
    return {}
