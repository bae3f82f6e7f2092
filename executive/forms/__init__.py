"""Forms of the executive, one module per subject."""
