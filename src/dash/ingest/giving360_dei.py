"""A grant's answers under 360Giving's DEI extension, as the store keeps them: one row per area.

The extension (``data/standards/dei/``, merged into the schema by ``dash.ingest.giving360_schema``)
adds ``deiDetails`` to a grant: for each of three areas (the recipient's **leadership**, its
**mission**, the **project**) whether the funder asked, whether and how the recipient replied, the
options the question offered, and the reply: codes from the DEI taxonomy of population groups, and
lived experience and geography in the recipient's words. The schema and its closed codelists check
them with the rest of the grant (``dash.ingest.giving360_checks``); this module turns a checked
grant's answers into the store's ``grant_dei`` rows, keeping every field: what the extension does not
define (its example puts ``purposes`` inside an area) goes to the row's ``extra``, by its path.
What the codes mean for the dashboard's figures is ``dash.queries.dei``'s, and docs/schema.md's.
"""

from __future__ import annotations

from collections.abc import Callable

from dash.ingest.giving360_schema import DEI

AREAS = ("leadership", "mission", "project")
_DETAILS_KEYS = {"deiVersion", "purposes", *AREAS}
_AREA_KEYS = {"askedStatus", "replyStatus", "availableOptions", "additionalDetails", "response"}
_RESPONSE_KEYS = {"taxonomyCodes", "livedExperience", "geography"}
COLUMNS = ("area", "asked_status", "reply_status", "available_options", "additional_details",
           "taxonomy_codes", "lived_experience", "geography", "dei_version", "purposes", "to_individual",
           "extra")


def _object(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _codes(value: object) -> list[str] | None:
    """A list of codes as the store keeps it: the codes in the file's order, or none."""
    if not isinstance(value, list):
        return None
    codes = [code.strip() for code in value if isinstance(code, str) and code.strip()]
    return codes or None


def dei_rows(grant: dict, text: Callable[[object], str | None]) -> list[dict[str, object]]:
    """The grant's DEI answers, one dict per area it holds (the three, in a valid grant), with the
    store's columns; ``text`` is how the store keeps text (control characters gone, spaces folded).
    ``to_individual`` marks answers about a person (a grant to an individual): personal data, which
    no figure shows for fewer than five people."""
    details = grant.get(DEI)
    if not isinstance(details, dict):
        return []
    shared_extra = {key: value for key, value in details.items() if key not in _DETAILS_KEYS}
    rows = []
    for area in AREAS:
        answer = details.get(area)
        if not isinstance(answer, dict):
            continue
        response = _object(answer.get("response"))
        extra = {**shared_extra,
                 **{f"{area}/{key}": value for key, value in answer.items() if key not in _AREA_KEYS},
                 **{f"{area}/response/{key}": value for key, value in response.items()
                    if key not in _RESPONSE_KEYS}}
        rows.append({
            "area": area,
            "asked_status": text(answer.get("askedStatus")),
            "reply_status": text(answer.get("replyStatus")),
            "available_options": _codes(answer.get("availableOptions")),
            "additional_details": text(answer.get("additionalDetails")),
            "taxonomy_codes": _codes(response.get("taxonomyCodes")),
            "lived_experience": text(response.get("livedExperience")),
            "geography": text(response.get("geography")),
            "dei_version": text(details.get("deiVersion")),
            "purposes": text(details.get("purposes")),
            "to_individual": "recipientIndividual" in grant,
            "extra": extra or None,
        })
    return rows
