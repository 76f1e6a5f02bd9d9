"""The demo_cohort pipelines."""

from .pipeline import create_new_cohort_pipeline, create_pipeline

__all__ = ["create_new_cohort_pipeline", "create_pipeline"]
