"""Reports: plain data built from DataFrames; ``liquidator.render`` formats them."""

from liquidator.reports.aging import AgingReport, build_aging_report, items_as_of

__all__ = ["AgingReport", "build_aging_report", "items_as_of"]
