"""Components every page shares: one data grid, one CSV export, one URL sync."""
