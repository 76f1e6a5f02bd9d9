"""The paper_protocol pipeline: the original paper's protocol and its ladder, as a run of its own."""

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]
