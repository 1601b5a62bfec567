"""Importers: one module per kind of input, each validating before it writes."""
