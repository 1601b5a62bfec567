"""Every SQL statement the dashboard runs, one module per subject.

Each function takes a cursor and a ``Filters`` value, binds the filter as named
parameters, and returns a DataFrame ready for a chart builder: aggregation
happens here, in SQL, never in the pages.
"""
