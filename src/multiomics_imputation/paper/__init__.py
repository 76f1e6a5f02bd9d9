"""The original paper's protocol (:mod:`multiomics_imputation.paper.protocol`): re-enacted apart from the benchmark,
with a ladder that removes its shortcuts one at a time. Kedro-free; its pipeline is `pipelines/paper_protocol`."""
