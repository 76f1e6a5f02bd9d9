"""modality_matrix: every layer of the cohort (every <cohort_name>_<omics>.csv) imputed from every other single
layer and from all the others together; a table and a figure in data/08_reporting/modality_matrix/."""

from kedro.pipeline import Pipeline, node

from .nodes import matrix_figure, score_every_question, summarise_matrix


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(
                score_every_question,
                [
                    "cohort_layers",
                    "params:modality_matrix",
                    "params:modalities",
                    "params:methods",
                    "params:data_processing",
                ],
                "modality_matrix.scores",
                name="score_every_question",
            ),
            node(summarise_matrix, "modality_matrix.scores", "modality_matrix.matrix", name="summarise_matrix"),
            node(matrix_figure, "modality_matrix.matrix", "modality_matrix.figure", name="matrix_figure"),
        ],
        tags="modality_matrix",
    )
