"""Pure figure builders: DataFrames in, Plotly figures or GeoJSON out."""
