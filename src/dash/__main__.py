"""Entry point for ``python -m dash``."""

from dash.cli import main

raise SystemExit(main())
