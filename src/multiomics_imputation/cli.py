"""The project's `kedro run`: Kedro's own, except that a refused input ends with its message alone.

Input problems (a malformed cohort file, a study design the code cannot run, outputs of an
earlier run that are missing) print one message naming the file, the place and what was
expected, as the last thing on the screen. The full traceback is shown when the environment
variable ``MULTIOMICS_TRACEBACK=1`` is set.
"""

from __future__ import annotations

import copy
import os
import sys

import click
from kedro.framework.cli.project import run as kedro_run
from omegaconf import OmegaConf

from multiomics_imputation.cohort.reading import CohortError
from multiomics_imputation.framework.hooks import MissingRunInputs
from multiomics_imputation.study.design import DesignError

INPUT_ERRORS = (CohortError, DesignError, MissingRunInputs)


def input_error(error: BaseException) -> BaseException | None:
    """The input problem behind `error` (Kedro wraps dataset errors), if there is one."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, INPUT_ERRORS):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def _run(**kwargs):
    try:
        return kedro_run.callback(**kwargs)
    except Exception as error:  # noqa: BLE001 - anything else is re-raised untouched
        problem = input_error(error)
        if problem is None or os.environ.get("MULTIOMICS_TRACEBACK") == "1":
            raise
        click.secho(f"\n{type(problem).__name__}: {problem}", fg="red", err=True)
        click.echo("(set MULTIOMICS_TRACEBACK=1 for the full traceback)", err=True)
        sys.exit(1)


@click.group(name="multiomics_imputation")
def cli() -> None:
    """Commands of this project."""


def split_top_level(text: str) -> list[str]:
    """`text` split at its commas outside brackets: `a=[x,y],b=2` -> `a=[x,y]`, `b=2`."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    return [*items, current]


def split_run_params(ctx: click.Context, param: click.Parameter, value: str | dict | None) -> dict:
    """`--params` as Kedro reads it (comma-separated `key=value`, dotted keys, YAML values), except that a comma
    inside brackets belongs to its value: `missingness.patterns=[random,mnar]` is one list (Kedro 1.7 splits it)."""
    if isinstance(value, dict) or not value:
        return value or {}
    dot_list = []
    for item in (i.strip() for i in split_top_level(value) if i.strip()):
        key, equals, val = item.partition("=")
        if not equals or not key.strip():
            ctx.fail(
                f"Invalid format of `{param.name}` option: item `{item}` must be a key and a value separated by "
                "`=` (e.g. --params 'missingness.patterns=[random,mnar],replicates=2')."
            )
        dot_list.append(f"{key.strip()}={val}")
    return OmegaConf.to_container(OmegaConf.from_dotlist(dot_list))


def _run_options() -> list[click.Parameter]:
    """Kedro's `run` options, with `--params` read by :func:`split_run_params`."""
    options = []
    for option in kedro_run.params:
        if option.name == "params":
            option = copy.copy(option)
            option.callback = split_run_params
        options.append(option)
    return options


cli.add_command(click.Command("run", params=_run_options(), callback=_run, help=kedro_run.help))
