"""Project settings for Kedro."""

from kedro.config import OmegaConfigLoader

CONFIG_LOADER_CLASS = OmegaConfigLoader
CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local"}

# Scenario outputs are named `<scenario>.<method>.<what>` (dataset factories in the catalog);
# the one node that gathers every scenario's metrics reads them across namespaces.
import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="One or more dataset names contain '.' characters")
