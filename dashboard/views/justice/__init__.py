"""The outcomes and stop and search page's view: state, data and sentences."""
