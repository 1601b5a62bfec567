"""Moved to ``dash.queries.quality`` (its rules are read SQL); kept until the command line reads it there."""

from dash.queries.quality import ERROR, WARNING, Finding, Rule, run_checks

__all__ = ["ERROR", "WARNING", "Finding", "Rule", "run_checks"]
