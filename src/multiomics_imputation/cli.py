"""The project's `kedro run`: Kedro's own, except that a refused input ends with its message alone.

Input problems (a malformed cohort file, a study design the code cannot run, outputs of an
earlier run that are missing) print one message naming the file, the place and what was
expected, as the last thing on the screen. The full traceback is shown when the environment
variable ``MULTIOMICS_TRACEBACK=1`` is set.
"""

from __future__ import annotations

import os
import sys

import click
from kedro.framework.cli.project import run as kedro_run

from multiomics_imputation.cohort import CohortError
from multiomics_imputation.design import DesignError
from multiomics_imputation.hooks import MissingRunInputs

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


cli.add_command(click.Command("run", params=kedro_run.params, callback=_run, help=kedro_run.help))
