"""Decision panels: who decides, their lived-experience share, pay, training and powers, and how
many members each has for the people of the area it decides for."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from dash.filters import Filters
from dash.queries.common import PANEL_FILTER, frame
from dash.queries.need import need_source_lines


def panels(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every panel in the filter, with its fund's size and its source."""
    return frame(cursor, f"""
        SELECT p.panel_id, p.name, p.model, p.members, p.lived_experience_members, p.lived_experience_share,
               pf.target_lived_experience_share AS target_share,
               p.paid, p.pay_basis, p.trained, p.powers, p.notes,
               pf.name AS fund, pf.amount_gbp::DOUBLE AS fund_amount_gbp,
               l.name AS locality, p.locality_id,
               sl.line AS source_line,
               s.title AS source_title, s.publisher AS source_publisher, s.document AS source_document,
               s.locator AS source_locator, s.url AS source_url
        FROM panels p
        LEFT JOIN funds pf ON pf.fund_id = p.fund_id
        LEFT JOIN localities l ON l.locality_id = p.locality_id
        LEFT JOIN sources s ON s.source_id = p.source_id
        LEFT JOIN source_lines sl ON sl.source_id = p.source_id
        WHERE {PANEL_FILTER}
        ORDER BY p.lived_experience_share DESC NULLS LAST, p.name
    """, filters)


@dataclass(frozen=True)
class PanelsAgainstPopulation:
    """Each panel in the filter against the people of the area it decides for, with every source the
    figures rest on: the panels' own, then the population estimates of the nations they lie in."""

    panels: pd.DataFrame
    sources: tuple[str, ...]

    @property
    def shown(self) -> pd.DataFrame:
        """The panels with a member count and an area with a published population."""
        return self.panels[self.panels["status"] == "shown"]


# Why a panel has no figure, in the order a chart says them (``status`` 'shown' has one).
NOT_SHOWN = {
    "no_members": "with no member count",
    "no_area": "naming no fund with a place and no place of their own",
    "no_population": "for a place smaller than a local authority (or one abolished since), whose "
                     "population is not published here",
}
PER = 100_000  # members per this many residents


def panels_against_population(cursor: duckdb.DuckDBPyConnection, filters: Filters) -> PanelsAgainstPopulation:
    """Every panel in the filter: its members (and with lived experience, where it says; from its
    stated share when it gives a share, not a count) per 100,000 people of its fund's area (the
    panel's own place when it names no fund with a place). An area's people are those of every
    current local authority wholly in it (``need_population``); a town, ward or district abolished
    since has none, so such a panel is listed, not guessed. Its sources: the panels' own, then the
    population estimates of the districts counted (with their vintage). ``status`` says which panels
    have a figure and why the others have none (``NOT_SHOWN``); highest per 100,000 first."""
    panels = frame(cursor, f"""
        WITH scoped AS (
            SELECT p.panel_id, p.name, p.members, p.lived_experience_members, p.lived_experience_share,
                   pf.name AS fund, coalesce(pf.locality_id, p.locality_id) AS area_id,
                   CASE WHEN pf.locality_id IS NOT NULL THEN 'its fund'
                        WHEN p.locality_id IS NOT NULL THEN 'its own place' END AS area_from,
                   sl.line AS source_line
            FROM panels p
            LEFT JOIN funds pf ON pf.fund_id = p.fund_id
            LEFT JOIN source_lines sl ON sl.source_id = p.source_id
            WHERE {PANEL_FILTER}
        ),
        people AS (
            SELECT s.panel_id, sum(np.population)::BIGINT AS population, count(*)::BIGINT AS districts,
                   min(np.estimate_for) AS oldest_estimate, max(np.estimate_for) AS latest_estimate,
                   list(DISTINCT np.source_id ORDER BY np.source_id) AS population_sources
            FROM scoped s JOIN locality_within lw ON lw.within_id = s.area_id
            JOIN need_population np ON np.locality_id = lw.locality_id
            GROUP BY s.panel_id
        ),
        counted AS (
            SELECT s.*, l.name AS area, pe.population, pe.districts, pe.oldest_estimate, pe.latest_estimate,
                   coalesce(pe.population_sources, []::VARCHAR[]) AS population_sources,
                   coalesce(s.lived_experience_members::DOUBLE,
                            s.members * s.lived_experience_share) AS lived_members,
                   s.lived_experience_members IS NULL AND s.members IS NOT NULL
                       AND s.lived_experience_share IS NOT NULL AS lived_from_share
            FROM scoped s
            LEFT JOIN localities l ON l.locality_id = s.area_id
            LEFT JOIN people pe ON pe.panel_id = s.panel_id
        )
        SELECT *,
               CASE WHEN members IS NULL THEN 'no_members' WHEN area_id IS NULL THEN 'no_area'
                    WHEN population IS NULL THEN 'no_population' ELSE 'shown' END AS status,
               (members * {PER} / population)::DOUBLE AS members_per_100k,
               (lived_members * {PER} / population)::DOUBLE AS lived_per_100k
        FROM counted
        ORDER BY members_per_100k DESC NULLS LAST, name
    """, filters)
    own = tuple(sorted(set(panels["source_line"].dropna())))
    used = {source for ids, status in zip(panels["population_sources"], panels["status"], strict=True)
            if status == "shown" for source in list(ids)}
    return PanelsAgainstPopulation(panels, own + need_source_lines(cursor, tuple(sorted(used))))
