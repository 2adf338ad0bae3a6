"""The PES board dashboard: pages, callbacks, figures and statistics."""
