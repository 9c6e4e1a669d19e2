"""The Dash UI pieces: shell, navigation, filter bar, chart card, grid, URL state."""
