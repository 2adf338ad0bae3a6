"""One module per view: dash.register_page and layout(**query) only."""
