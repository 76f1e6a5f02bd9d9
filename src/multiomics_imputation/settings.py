"""Project settings for Kedro."""

from kedro.config import OmegaConfigLoader

from multiomics_imputation.hooks import RunProfileHooks, StudyDesignHooks

HOOKS = (StudyDesignHooks(), RunProfileHooks())
CONFIG_LOADER_CLASS = OmegaConfigLoader
CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local"}
