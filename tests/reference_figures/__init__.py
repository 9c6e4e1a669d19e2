"""A FROZEN reference: the figure builders as they were when figures were still built as go.Figure
(components/figures.py and the figure functions of components/charts_*.py at that time, copied
verbatim). Never edit these to make a test pass: tests/test_figure_specs.py checks that the dict
specs the app builds now draw exactly what these drew. When a figure is changed on purpose, change
it here the same way (or drop the chart from the comparison) and say so in the change."""
