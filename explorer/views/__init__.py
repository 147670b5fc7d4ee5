"""One module per explorer view; each exposes `render(kg, path)`."""
