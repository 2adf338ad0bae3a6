"""The plan alignment page's view: plan choices, the matrix, its gaps and cells."""
