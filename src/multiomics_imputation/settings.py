"""Project settings for Kedro."""

from multiomics_imputation.framework.configuration import ConfigLoader
from multiomics_imputation.framework.hooks import RunInputsHooks, RunProfileHooks, RunWarningsHooks
from multiomics_imputation.framework.tracking import PLUGIN_NAMES, MlflowTrackingHooks
from multiomics_imputation.run_parameters import RunDesignHooks

HOOKS = (RunDesignHooks(), RunInputsHooks(), RunProfileHooks(), RunWarningsHooks(), MlflowTrackingHooks())
# kedro-mlflow tracks only the runs that ask (tracking.py); kedro-viz's run hooks would write .viz/ into the
# project root on every run, and a run writes nothing outside data/ (`kedro viz run` itself works without them).
DISABLE_HOOKS_FOR_PLUGINS = (*PLUGIN_NAMES, "kedro-viz")
CONFIG_LOADER_CLASS = ConfigLoader
CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local"}
