"""Questions across layers (:mod:`multiomics_imputation.questions.matrix`: every layer from every other). Kedro-free;
its pipeline is `modality_matrix`."""
