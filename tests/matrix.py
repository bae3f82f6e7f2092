"""What the permission matrix checks share (tests/test_permission_matrix.py and tests/matrix_*.py).

A POST counts as allowed only when it succeeded: it redirected (not to the sign-in page) and the
change it asked for happened. A form that comes back (status 200) with its errors is a refusal.
So each check that posts says whether its change happened, with ``outcome``.
"""


def outcome(response, changed: bool):
    """``response`` to a POST, marked with whether the change it asked for is now in the database."""
    response.changed = bool(changed)
    return response


def is_post(response) -> bool:
    return response.request["REQUEST_METHOD"] == "POST"


def allowed(response) -> bool:
    if is_post(response):
        assert hasattr(response, "changed"), "a check that posts must say whether its change happened (outcome)"
        redirected = response.status_code == 302 and "/accounts/login/" not in response["Location"]
        return redirected and response.changed
    return response.status_code == 200


def refused_on_the_form(response) -> bool:
    """A POST whose form came back in the GOV.UK error pattern, with nothing changed."""
    return (
        is_post(response)
        and response.status_code == 200
        and not getattr(response, "changed", True)
        and b"govuk-error-summary" in response.content
    )


def agree(*responses):
    """Several requests of one capability: all allowed or all refused, the same way."""
    answers = {(r.status_code, allowed(r)) for r in responses}
    assert len(answers) == 1, answers
    return responses[-1]
