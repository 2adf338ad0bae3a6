"""The loader: the only code that writes the database. The app never imports it."""
