"""Developer commands that write files the app ships (not used at run time)."""
