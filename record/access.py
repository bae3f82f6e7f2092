"""Who may do what in the public record, answered through ``council.permissions``.

- Read the public home, search the public record and download the open data: everyone, signed in
  or not. Signed-in people's results add what their own roles and grants let them open, through
  the rule of the app that keeps each record (``scrutiny.access`` for exempt information).
"""
