"""Cohort I/O, no Kedro: reading and validating the MLOmics layout, the pinned Pan-Cancer files, the demo."""
