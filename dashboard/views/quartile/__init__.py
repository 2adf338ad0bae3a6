"""The crime quartile page's pure view: URL state, data and sentences (no Dash)."""
