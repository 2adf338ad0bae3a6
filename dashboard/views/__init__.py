"""Pure page views: URL state, data read through data_access, computed views, text."""
