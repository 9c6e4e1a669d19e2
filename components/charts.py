"""All charts: importing this module registers every chart of the registry."""

from components import charts_overview  # noqa: F401
from components.registry import CHARTS, Chart, get_chart

__all__ = ["CHARTS", "Chart", "get_chart"]
