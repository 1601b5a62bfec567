"""Every read that is not a chart, by name: the figures, lists and tables the pages, the deck, the
board pack and the command line show. Each names its query function; where a read combines a few
queries (the sidebar's choices, the agreement tables) the few lines doing it are here.

``keep`` follows what a read depends on: one value per filter (hundreds kept), or one per store
version (a few kept: an older version's value is never asked for again).
"""

from __future__ import annotations

import functools

import duckdb
import pandas as pd

from dash.catalogue.entry import Read
from dash.coverage import coverage_line
from dash.filters import Filters
from dash.queries import activity, places, quality, reviews, sources, summary, themes
from dash.queries import grants as grant_queries
from dash.queries import meetings as meeting_queries
from dash.queries import records as record_queries
from dash.queries.interchange import CodedWriteUps, coded_write_ups
from dash.since import changes_since, default_since
from dash.themes import held_out
from dash.themes.agreement import read_gold, tagger_agreement
from dash.themes.codebook import Codebook, load_codebook
from dash.themes.coding import references
from dash.themes.reviewers import ReviewerAgreement, agreement_between
from dash.write import access, grants, records, registry, write_ups
from dash.write.build import not_replayed

EVERY_STATUS = ("accepted", "suggested", "disputed", "rejected")  # the Themes page's review list shows all


def sidebar_options(cursor: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], dict[str, str]]:
    """The sidebar's choices: place codes and organisation ids, each with its label."""
    localities = places.locality_options(cursor)
    organisations = places.organisation_options(cursor)
    return (dict(zip(localities["locality_id"], localities["label"], strict=True)),
            dict(zip(organisations["org_id"], organisations["name"], strict=True)))


def role(cursor: duckdb.DuckDBPyConnection, email: str, admins: tuple[str, ...]) -> str:
    """A signed-in address's role (asked on every run of every page, so cached per version)."""
    return access.role_of(cursor, email, access.Settings(sign_in=True, admins=admins))


def activity_table(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every write in words: the query, given each kind's words from the write registry (read when
    asked, so a kind added there is listed with nothing else to change)."""
    return activity.activity_table(cursor, tuple(registry.KINDS))


def imports(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every import still in the store: the query, given the journal's words for the two importing kinds."""
    return activity.imports(cursor, (write_ups.KIND.name, grants.KIND.name))


def reviewer_agreement(cursor: duckdb.DuckDBPyConnection) -> ReviewerAgreement:
    """How far reviewers agree with each other, over every meeting."""
    return agreement_between(reviews.votes(cursor), reviews.theme_names(cursor))


def qdpx_file(cursor: duckdb.DuckDBPyConnection, filters: Filters, data: CodedWriteUps) -> bytes:
    """The filter's meetings and codes (the read ``coded_write_ups``) as a REFI-QDA project. Imported
    when asked for: its models take a second to load."""
    from dash.export.refi_qda import qdpx

    return qdpx(data)


def gold_key_points(cursor: duckdb.DuckDBPyConnection, insight_ids: tuple[str, ...]
                    ) -> tuple[dict[str, str], dict[str, str]]:
    """The hand-coded gold set's key points as the store holds them: their texts by id, and the
    write-up each came from (what an out-of-sample measure leaves out)."""
    texts = themes.insight_texts(cursor, list(insight_ids))
    return texts, themes.key_point_documents(cursor, list(texts))


def suggestions_against_gold(cursor: duckdb.DuckDBPyConnection) -> tuple[str, list[dict[str, object]]]:
    """The suggestions against the hand-coded gold set, in words: a sentence on unseen write-ups (each
    scored with itself left out) and a row per theme, with the in-sample kappa beside for contrast.

    Reading the gold key points is redone per version; the measure itself (most of a second) only
    when the key points' words, the gold codes or the codebook change, not after every decision."""
    gold = read_gold()
    texts, documents = gold_key_points(cursor, tuple(gold))
    return _measured(load_codebook(), tuple(sorted(texts.items())), tuple(sorted(documents.items())),
                     tuple(sorted((k, tuple(sorted(v))) for k, v in gold.items())))


# Keyed on the words measured, not on the store's version: a pure computation, kept beside its read.
@functools.lru_cache(maxsize=4)
def _measured(codebook: Codebook, texts: tuple, documents: tuple, gold: tuple
              ) -> tuple[str, list[dict[str, object]]]:
    texts_by_id, gold_by_id = dict(texts), {k: set(v) for k, v in gold}
    unseen = held_out.held_out(texts_by_id, dict(documents), gold_by_id, codebook)
    rows = held_out.table(unseen, {t.theme_id: t.name for t in codebook.themes})
    for row, seen in zip(rows, tagger_agreement(texts_by_id, gold_by_id, codebook), strict=True):
        row["Kappa, the rules, on the write-ups they were written from"] = (
            None if seen.kappa is None else round(seen.kappa, 2))
    return held_out.in_words(unseen), rows


PAGE_READS: tuple[Read, ...] = (
    # Every page: the sidebar, the coverage line, who is looking
    Read("sidebar_options", sidebar_options, filtered=False, keep=4),
    Read("locality_named", places.resolve_locality, filtered=False),  # a link's ?locality=Bristol
    Read("boundary_codes", places.boundary_codes, filtered=False, keep=4),  # what every map can draw
    Read("headline", summary.headline),
    Read("coverage", coverage_line, needs=(("figures", "headline"),)),
    Read("role", role, filtered=False),
    Read("sources", sources.cited),  # the sources of the meetings, funds or grants a chart counts
    # Grants, Meetings, Themes
    Read("grant_totals", grant_queries.grant_totals),
    Read("grant_count", grant_queries.grant_count, filtered=False, keep=4),
    Read("meetings", meeting_queries.meetings),
    Read("theme_key_points", themes.theme_key_points, fixed=(("statuses", EVERY_STATUS),)),
    Read("key_points_without_a_theme", themes.key_points_without_a_theme, keep=50),
    Read("theme_candidates", themes.uncoded_key_points, keep=50),
    Read("coding_state", themes.coding_state, filtered=False, keep=4),
    Read("reviewer_agreement", reviewer_agreement, filtered=False, keep=4),
    Read("disputed", reviews.disputed, keep=50),
    Read("tagger_agreement", suggestions_against_gold, filtered=False, keep=4),
    Read("coded_write_ups", coded_write_ups, keep=4),  # the REFI-QDA project's contents
    Read("qdpx_file", qdpx_file, needs=(("data", "coded_write_ups"),), keep=4),
    # Records and their history (Activity, People, the record forms); the deck's title page
    Read("record_choices", record_queries.choices, filtered=False, keep=50),
    Read("retired_records", record_queries.retired, filtered=False, keep=20),
    Read("record_cells", records.current_cells, filtered=False, keep=200),
    Read("undoable_changes", record_queries.undoable, filtered=False, keep=4),
    Read("activity", activity_table, filtered=False, keep=4),
    Read("imports", imports, filtered=False, keep=4),
    Read("roles", activity.roles, filtered=False, keep=4),
    Read("store_version_words", activity.store_version, filtered=False, keep=4),
    Read("seed_rows", record_queries.seed_rows, filtered=False, keep=20),  # export-records' files
    # Since we last met: the day it opens on (the last meeting), and every change since a day in words
    Read("since_default", default_since, keep=50),
    Read("changes_since", changes_since, keep=50),
    # The command line's own reports
    Read("theme_report", themes.theme_report, keep=50),  # `dash themes`
    Read("place_names", places.place_names, filtered=False, keep=50),  # a deck's or pack's places
    Read("every_disputed_code", reviews.disputed, filtered=False, keep=4),  # `themes reviewers`: retired too
    Read("quality_findings", quality.run_checks, filtered=False, keep=4),  # `dash check`
    Read("not_replayed", not_replayed, filtered=False, keep=4),  # `dash check`: what the last build skipped
    Read("gold_key_points", gold_key_points, filtered=False, keep=4),  # `themes agreement` and its kin
    Read("meaning_references", references, filtered=False, keep=4),  # what key points are compared with
    # A comparison (``dash.catalogue.compare``): each view's name, and whether one lies inside the other
    Read("view_names", places.view_names),
    Read("lies_within", places.lies_within, filtered=False, keep=200),
)
