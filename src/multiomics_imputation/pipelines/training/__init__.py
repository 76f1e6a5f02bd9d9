"""The training pipeline: the trained methods (the networks), fitted on each replicate's reference."""

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]
