"""The private Kedro names of framework/kedro_private.py still mean what the project relies on."""

import inspect

from kedro.config import OmegaConfigLoader
from kedro.io import DataCatalog, MemoryDataset
from kedro.pipeline import Pipeline, node

from multiomics_imputation.framework import kedro_private
from multiomics_imputation.framework.configuration import ConfigLoader


def test_create_hook_manager_gives_an_empty_manager_with_kedros_hook_specifications():
    manager = kedro_private.create_hook_manager()
    assert not manager.get_plugins()
    assert {"before_node_run", "after_node_run", "after_dataset_saved"} <= set(vars(manager.hook))


def test_release_datasets_releases_what_no_later_node_reads():
    released = []

    class Watched(MemoryDataset):
        def _release(self):
            released.append(self)
            super()._release()

    middle, last = Watched(), Watched()
    catalog = DataCatalog({"a": MemoryDataset(1), "b": middle, "c": last})
    pipeline = Pipeline([node(lambda a: a, "a", "b", name="first"), node(lambda b: b, "b", "c", name="second")])
    counts = {"a": 1, "b": 1, "c": 0}
    kedro_private.release_datasets(pipeline.nodes[1], catalog, counts, pipeline)
    assert released == [middle]  # b is read by no later node; c is the pipeline's output


def test_merge_and_resolve_is_the_method_kedro_merges_one_keys_files_with():
    assert list(inspect.signature(getattr(OmegaConfigLoader, kedro_private.MERGE_AND_RESOLVE)).parameters) == [
        "self",
        "key",
        "config_per_file",
    ]
    assert kedro_private.MERGE_AND_RESOLVE in inspect.getsource(OmegaConfigLoader)
    assert kedro_private.MERGE_AND_RESOLVE in vars(ConfigLoader)


def test_the_file_datasets_names_give_the_files_a_versioned_dataset_reads_and_writes(tmp_path):
    import pandas as pd
    from kedro.io import Version
    from kedro_datasets.pandas import CSVDataset

    version = "2026-01-01T00.00.00.000Z"
    expected = str(tmp_path / f"table.csv/{version}/table.csv")
    assert (
        kedro_private.save_path(CSVDataset(filepath=str(tmp_path / "table.csv"), version=Version(None, version)))
        == expected
    )
    CSVDataset(filepath=str(tmp_path / "table.csv"), version=Version(None, version)).save(pd.DataFrame({"a": [1]}))
    read = CSVDataset(filepath=str(tmp_path / "table.csv"), version=Version(None, None))
    assert kedro_private.load_path(read) == expected
    assert kedro_private.filesystem(read).isfile(kedro_private.load_path(read))
    assert str(kedro_private.describe(read)["filepath"]).endswith("table.csv")
