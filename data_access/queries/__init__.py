"""Typed, read-only query functions. Each returns a DataFrame whose columns its
docstring names, takes keyword-only filters and binds every parameter."""
