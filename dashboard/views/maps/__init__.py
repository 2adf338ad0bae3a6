"""The sector maps' view: URL state (state), reads and pure figures (data), and the
sentences (text). No Dash."""
