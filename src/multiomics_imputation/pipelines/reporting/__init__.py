"""The reporting pipeline."""
