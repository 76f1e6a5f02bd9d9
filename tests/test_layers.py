"""The package's layers (docs/how_it_works.md): every import points down, and below the Kedro side nothing
imports Kedro."""

import ast
from pathlib import Path

import pytest

import multiomics_imputation

PACKAGE = Path(multiomics_imputation.__file__).parent
#: Top to bottom; a module may import its own layer and those below it. `cohort` and `study` share the bottom.
#: `paper` (the original paper's protocol) and `questions` (the modality matrix) share the Kedro side's rank.
LAYERS = {
    "top": 5,
    "pipelines": 4,
    "framework": 3,
    "paper": 3,
    "questions": 3,
    "imputers": 2,
    "scoring": 1,
    "study": 0,
    "cohort": 0,
}
KEDRO_FREE = ("paper", "questions", "imputers", "scoring", "study", "cohort")


def layer(module: str) -> str:
    """The layer of `multiomics_imputation.<module>` (dotted, without the package)."""
    first = module.split(".")[0]
    return first if first in LAYERS else "top"


def project_imports(path: Path) -> list[str]:
    """Every module a file imports (absolute names), at any depth of the file."""
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_import_points_down(path):
    own = layer(".".join(path.relative_to(PACKAGE).with_suffix("").parts))
    above = [
        name
        for name in project_imports(path)
        if name.startswith("multiomics_imputation.")
        and LAYERS[layer(name.removeprefix("multiomics_imputation."))] > LAYERS[own]
    ]
    assert not above, f"{path.relative_to(PACKAGE)} ({own}) imports layers above it: {above}"


@pytest.mark.parametrize(
    "path",
    [p for p in modules() if p.relative_to(PACKAGE).parts[0] in KEDRO_FREE],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_below_the_kedro_side_nothing_imports_kedro(path):
    kedro = [name for name in project_imports(path) if name.split(".")[0] in ("kedro", "kedro_datasets", "kedro_viz")]
    assert not kedro, f"{path.relative_to(PACKAGE)} imports {kedro}"


def test_nothing_of_the_benchmark_imports_the_paper_protocol():
    importers = [
        p.relative_to(PACKAGE).as_posix()
        for p in modules()
        if any(n.startswith("multiomics_imputation.paper") for n in project_imports(p))
    ]
    assert importers == ["pipelines/paper_protocol/nodes.py"]


def test_no_pipeline_imports_another():
    pipelines = PACKAGE / "pipelines"
    for path in pipelines.rglob("*.py"):
        own = path.relative_to(pipelines).parts[0]
        others = {
            n.split(".")[2]
            for n in project_imports(path)
            if n.startswith("multiomics_imputation.pipelines.") and n.count(".") >= 2
        } - {own, "wiring"}
        assert not others, f"{path.relative_to(PACKAGE)} imports the pipeline(s) {sorted(others)}"


def test_the_layer_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from multiomics_imputation.framework.hooks import MissingRunInputs\n")
    assert LAYERS[layer("framework.hooks")] > LAYERS["study"]
    assert "multiomics_imputation.framework.hooks" in project_imports(module)
