"""The perception page's view: state from the URL, the computed view and its text."""
