"""The demo council's executive record (to come: the Commissioning Work Plan as a key decision)."""
