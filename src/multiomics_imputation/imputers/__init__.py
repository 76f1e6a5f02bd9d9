"""Imputation methods, one module each, all behind one interface (:class:`Imputer`).

A method is chosen by name in the `methods` parameters (``conf/base/parameters_methods.yml``),
whose entry gives its class path and keyword arguments; :func:`read_methods` turns them
into :class:`MethodConfig` records (class, arguments, traits), checked. Adding a method is one new
module and one line of YAML.
"""

from multiomics_imputation.imputers.base import Imputer, MethodConfig, load_imputer_class, read_methods

__all__ = ["Imputer", "MethodConfig", "read_methods", "load_imputer_class"]
