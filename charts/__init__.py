"""The charts: the registry, the figure builders (figures.py) and one module per page area.
Importing this package registers every chart of the registry."""

from charts import impact, overview, programmes, regions, sectors, spending  # noqa: F401
from charts.registry import CHARTS, Chart, get_chart

__all__ = ["CHARTS", "Chart", "get_chart"]
