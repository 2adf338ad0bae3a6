"""The risk register page's view."""
