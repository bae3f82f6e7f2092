"""Settings package: ``base`` reads everything from the environment; ``test`` adds fast test defaults."""
