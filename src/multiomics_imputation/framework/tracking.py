"""Runs tracked in MLflow through kedro-mlflow: an optional extra (`pip install -e ".[mlflow]"`).

Off unless the run's parameter `mlflow_tracking` is true: `kedro run --env mlflow`, or
`--params mlflow_tracking=true` with any environment. Then each run is an MLflow run (kedro-mlflow
sets it up from `mlflow.yml`: conf/base's keeps a local store, ./mlflow.db) that logs
the run's parameters, the R² of every scenario x method (metric `r2/<scenario>/<method>`, the
mean over replicates, when the run scores methods) and the HTML report as an artifact.
kedro-mlflow's own hook, which would track every run as soon as it is installed, stays off
(settings.DISABLE_HOOKS_FOR_PLUGINS): this one turns it on for the runs that ask.
"""

from __future__ import annotations

from typing import Any

from kedro.framework.context import KedroContext
from kedro.framework.hooks import hook_impl

from multiomics_imputation.study.design import DesignError

PLUGIN_NAMES = ("kedro-mlflow", "kedro_mlflow")


def flat_parameters(parameters: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested parameters as MLflow params: dotted names, values as text."""
    flat = {}
    for name, value in parameters.items():
        if isinstance(value, dict) and value:
            flat.update(flat_parameters(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = str(value)
    return flat


class MlflowTrackingHooks:
    """kedro-mlflow's hook, for the runs whose parameter `mlflow_tracking` is true (see the module's text)."""

    def __init__(self) -> None:
        self._hook = None

    @hook_impl
    def after_context_created(self, context: KedroContext) -> None:
        self._hook = None
        if not context.config_loader["parameters"].get("mlflow_tracking"):
            return
        try:
            from kedro_mlflow.framework.hooks.mlflow_hook import MlflowHook
        except ImportError:
            raise DesignError(
                "mlflow_tracking is on, but kedro-mlflow is not installed: "
                "pip install -e '.[mlflow]' (or set mlflow_tracking: false)"
            ) from None
        self._hook = MlflowHook()
        self._hook.after_context_created(context)

    @hook_impl
    def before_pipeline_run(self, run_params: dict[str, Any], pipeline, catalog) -> None:
        if self._hook is None:
            return
        import mlflow

        self._hook.before_pipeline_run(run_params, pipeline, catalog)
        mlflow.log_params(flat_parameters(catalog.load("parameters")))

    @hook_impl
    def after_pipeline_run(self, run_params: dict[str, Any], pipeline, catalog) -> None:
        if self._hook is None:
            return
        import mlflow

        outputs = pipeline.all_outputs()
        if "metrics_summary" in outputs:
            summary = catalog.load("metrics_summary")
            r2 = summary[summary["metric"] == "r2"]
            mlflow.log_metrics({f"r2/{row.scenario}/{row.method}": float(row.mean) for row in r2.itertuples()})
        if "report" in outputs:
            mlflow.log_text(catalog.load("report"), "report.html")
        self._hook.after_pipeline_run(run_params, pipeline, catalog)

    @hook_impl
    def on_pipeline_error(self, error: Exception, run_params: dict[str, Any], pipeline, catalog) -> None:
        if self._hook is not None:
            self._hook.on_pipeline_error(error, run_params, pipeline, catalog)
