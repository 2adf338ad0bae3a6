"""The board presenter: slides built from the page views, and the board around them."""
