"""Column settings shared by the data grids (plain dicts: no Dash here, so views
may use them too)."""

from __future__ import annotations

# A text column that wraps onto more lines, its row growing to fit. Only for text
# that needs it: the grid measures every auto-height cell (a style recalculation
# each), and numbers never wrap.
WRAPPED = {"wrapText": True, "autoHeight": True}
