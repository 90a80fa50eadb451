"""Reports: plain data built from numpy columns; ``liquidator.render`` formats them."""

from liquidator.reports.aging import AgingReport, build_aging_report

__all__ = ["AgingReport", "build_aging_report"]
