"""Reusable layout pieces (frame, tables, formatting). Imports data, never pages or app."""
