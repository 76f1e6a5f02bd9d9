"""Imputation methods, one module each, all behind one interface (:class:`Imputer`).

A method is chosen by name in ``conf/base/parameters_imputation.yml`` whose entry gives
its class path and keyword arguments, so adding a method is one new module and one
line of YAML.
"""

from multiomics_imputation.imputers.base import Imputer, load_imputer_class, make_imputer

__all__ = ["Imputer", "load_imputer_class", "make_imputer"]
