"""Every page of the crawl is valid HTML: the Nu Html Checker (vnu) finds no errors in any of them.
That check runs over the pages of the policy walk (tests/test_security_csp.py, one walk fetching
every page as the public and as an Administrator for both checks; tests/html_check.py). Here: what
it found that is worth saying on its own."""


def test_a_meetings_date_is_given_to_the_date_field_in_iso_so_the_field_is_not_empty():
    """A date field's value must be ISO (found by the check above): given 22/10/2026, browsers show
    an empty field, and saving the meeting's other changes would ask for its date again."""
    import datetime

    from scrutiny.forms.meetings import MeetingForm

    html = str(MeetingForm(initial={"day": datetime.date(2026, 10, 22)})["day"])

    assert 'type="date"' in html and 'value="2026-10-22"' in html
