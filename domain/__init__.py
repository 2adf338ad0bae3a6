"""The project's vocabulary, shared by the app and the loader: no Dash and no SQL."""
