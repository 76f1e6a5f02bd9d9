"""The README and docs/ say only what the configuration and the repository hold: every `--params key=...` they
show is a parameter (or a run parameter the catalog reads), every repository path they name exists, every
data path is one a run writes, and every local link leads to a file."""

from __future__ import annotations

import inspect
import re

import pytest
import yaml

from multiomics_imputation.cli import split_top_level
from multiomics_imputation.imputers import load_imputer_class
from multiomics_imputation.run_parameters import project_parameters
from tests.conftest import PROJECT_ROOT

PAGES = [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").glob("*.md"))]
PARAMS = re.compile(r"--params[ =](?:'([^']*)'|\"([^\"]*)\"|(\S+))")
CODE_PATH = re.compile(r"`((?:conf|src|docs|benchmarks|notebooks|tests|data)/[^`\s]*)`")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _run_parameter_names() -> set[str]:
    """Names the catalog reads from the run's parameters (`${runtime_params:<name>...}`)."""
    text = "".join(p.read_text() for p in (PROJECT_ROOT / "conf/base").glob("*.yml"))
    return set(re.findall(r"\$\{runtime_params:([A-Za-z_]+)", text))


def _has(parameters: dict, dotted: str) -> bool:
    """Whether `dotted` is a parameter; under `methods.<name>.`, any keyword the method's class takes."""
    parts = dotted.split(".")
    if len(parts) == 3 and parts[0] == "methods" and parts[1] in parameters["methods"]:
        arguments = inspect.signature(load_imputer_class(parameters["methods"][parts[1]]["class"])).parameters
        return parts[2] in (*arguments, "enabled", "sources")
    node = parameters
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _written_paths() -> list[re.Pattern]:
    """Every file path a catalog entry reads or writes under data/, as a pattern (placeholders match a name)."""
    catalog = yaml.safe_load((PROJECT_ROOT / "conf/base/catalog.yml").read_text())
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("filepath", "runs_folder") and isinstance(value, str):
                    found.append(value)
                walk(value)

    walk(catalog)
    patterns = []
    for path in found:
        path = path.replace("${globals:data_root}", "data").replace("${globals:demo_dir}", "data/01_raw/demo")
        pattern = re.escape(path)
        pattern = re.sub(r"\\\$\\\{runtime_params:[^}]*\\\}\\\}|\\\$\\\{runtime_params:[^}]*\\\}", "[^/]+", pattern)
        pattern = re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", pattern)
        patterns.append(re.compile(pattern))
    return patterns


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_params_key_shown_is_a_parameter(page):
    parameters = project_parameters(PROJECT_ROOT)
    run_parameters = _run_parameter_names()
    unknown = []
    for match in PARAMS.finditer(page.read_text()):
        argument = next(group for group in match.groups() if group is not None)
        for pair in split_top_level(argument):
            key = pair.split("=", 1)[0].strip().strip("`")
            if not key or "<" in key or "=" not in pair or key == "a.b":  # a.b: the syntax, shown as such
                continue
            if not (_has(parameters, key) or key in run_parameters):
                unknown.append(key)
    assert not unknown, f"{page.name} shows --params keys that no configuration holds: {sorted(set(unknown))}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_path_named_exists_or_is_written_by_a_run(page):
    written = _written_paths()
    missing = []
    for match in CODE_PATH.finditer(page.read_text()):
        path = match.group(1).rstrip(".,;:)").split("::")[0]  # a test's file, without the test's name
        if any(mark in path for mark in ("<", "NAME", "*", "{")) or path.startswith("conf/local/"):  # yours to write
            continue
        if path.startswith("data/"):
            if not any(p.fullmatch(path.rstrip("/")) or p.pattern.startswith(re.escape(path)) for p in written):
                if not path.startswith("data/01_raw/"):  # a folder of the user's cohorts
                    missing.append(path)
        elif not (PROJECT_ROOT / path).exists():
            missing.append(path)
    assert not missing, f"{page.name} names paths that do not exist and no run writes: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_local_link_leads_to_a_file(page):
    broken = [
        target
        for target in LINK.findall(page.read_text())
        if "://" not in target and not (page.parent / target).exists()
    ]
    assert not broken, f"{page.name} links to files that do not exist: {broken}"


def test_the_checks_see_a_wrong_key_a_missing_path_and_a_broken_link(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("kedro run --params 'knn.n_neighbors=3'\n`docs/nowhere.md` [x](nowhere.md)\n")
    argument = PARAMS.search(page.read_text()).group(1)
    parameters = project_parameters(PROJECT_ROOT)
    assert split_top_level(argument) == ["knn.n_neighbors=3"] and not _has(parameters, "knn.n_neighbors")
    assert _has(parameters, "methods.knn.n_neighbors") and not _has(parameters, "methods.knn.k")
    assert split_top_level("a=[x,y],b=2") == ["a=[x,y]", "b=2"]
    assert not (PROJECT_ROOT / "docs/nowhere.md").exists()
    assert any(p.fullmatch("data/08_reporting/metrics.csv") for p in _written_paths())
    assert not any(p.fullmatch("data/08_reporting/nothing.csv") for p in _written_paths())
