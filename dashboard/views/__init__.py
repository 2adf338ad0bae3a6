"""Pure views, one package per page: URL state, data and sentences, no Dash."""
