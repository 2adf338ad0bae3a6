"""The KPI page's view: filters from the URL, statuses and the table, the detail."""
