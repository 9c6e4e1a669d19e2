"""All charts: importing this module registers every chart of the registry."""

import components.charts_programmes  # noqa: F401
import components.charts_spending  # noqa: F401
from components import charts_impact, charts_overview, charts_regions, charts_sectors  # noqa: F401
from components.registry import CHARTS, Chart, get_chart

__all__ = ["CHARTS", "Chart", "get_chart"]
