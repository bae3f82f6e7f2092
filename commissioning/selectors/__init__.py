"""Read-side queries for commissioning pages and panels, one module per subject."""
