"""Pure page views: typed state from the URL, the data a page shows, its sentences."""
