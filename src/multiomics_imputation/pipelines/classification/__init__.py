"""The classification pipeline."""
