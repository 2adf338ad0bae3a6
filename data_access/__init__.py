"""The read-only SQL layer: engine, schema and typed queries returning DataFrames.

Nothing here imports Dash or the dashboard.
"""

from data_access.engine import DataUnavailableError, make_readonly_engine

__all__ = ["DataUnavailableError", "make_readonly_engine"]
