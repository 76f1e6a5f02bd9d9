"""Scoring and figures, no Kedro: metrics on masked entries, summaries over replicates, plots."""
