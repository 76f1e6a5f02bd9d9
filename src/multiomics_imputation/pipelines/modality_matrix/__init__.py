"""The modality_matrix pipeline: every layer of the cohort imputed from every other."""

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]
