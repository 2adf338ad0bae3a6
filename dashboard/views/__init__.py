"""Pure views, one package per page: state, data and text. No Dash."""
