"""Chart builders: pure functions from a query's DataFrame to a ``Chart``.

No Streamlit and no SQL here. Each builder returns the figure together with
the words a trustee needs around it: a title, a one-sentence takeaway computed
from the data, alt text, and the table behind the chart.
"""

from dash.charts.base import Chart, NativeChart

__all__ = ["Chart", "NativeChart"]
