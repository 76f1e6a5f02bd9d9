"""Imputation methods, one module each, all behind one interface (:class:`Imputer`).

A method is chosen by name in the `methods` parameters (``conf/base/parameters_methods.yml``),
whose entry gives its class path and keyword arguments; :func:`describe_methods` turns them
into :class:`Method` descriptions (class, arguments, traits). Adding a method is one new
module and one line of YAML.
"""

from multiomics_imputation.imputers.base import Imputer, Method, describe_methods, load_imputer_class

__all__ = ["Imputer", "Method", "describe_methods", "load_imputer_class"]
