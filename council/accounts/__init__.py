"""Signing in: throttling, two-factor sign-in, session lifetimes, password reset and the sign-in log.

See docs/decisions/0008-two-factor-and-lockout.md for the choices.
"""
