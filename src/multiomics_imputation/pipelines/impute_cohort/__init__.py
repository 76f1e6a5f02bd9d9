"""The impute_cohort pipeline."""

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]
