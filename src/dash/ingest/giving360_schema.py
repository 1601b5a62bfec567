"""The 360Giving Data Standard's schema, as the importer uses it: every field's spreadsheet title and
type, and the validator.

Everything here is read from ``data/standards/360-giving-schema.json`` (version 1.4.3) with
360Giving's DEI extension (``data/standards/dei/``) merged into it as 360Giving's tools apply an
extension, so the importer follows the standard rather than a hand-written list. Titles are joined the way
flattentool, the standard's own spreadsheet converter, joins them ("Recipient Org:Location:Geographic
Code"); a field inside a list of objects (an organisation, a location, a date range) is its first
item, as one spreadsheet row holds one of each.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from dash.paths import DATA_DIR

SCHEMA = DATA_DIR / "standards" / "360-giving-schema.json"
DEI_EXTENSION = DATA_DIR / "standards" / "dei" / "360-giving-dei-extension.json"
ORG_ID_PREFIXES = DATA_DIR / "standards" / "org-id-prefixes.csv"


@functools.cache
def schema() -> dict:
    """The core schema with the DEI extension merged in: its ``deiDetails`` property added to a grant,
    and its definitions (draft-04's ``definitions``) moved to the core's ``$defs`` with their
    references, so one Draft 2020-12 document validates both."""
    core = json.loads(SCHEMA.read_text(encoding="utf-8"))
    patch = json.loads(DEI_EXTENSION.read_text(encoding="utf-8").replace('"#/definitions/', '"#/$defs/'))
    core["$defs"].update(patch.get("definitions", {}))
    core["properties"].update(patch.get("properties", {}))
    return core


def _resolved(node: dict) -> dict:
    """A property's schema with its ``$ref`` (to ``$defs``) followed, the property's own keys kept."""
    reference = node.get("$ref")
    if not reference:
        return node
    target = schema()["$defs"][reference.rsplit("/", 1)[-1]]
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}


@dataclass(frozen=True)
class Field:
    """A field a spreadsheet column can hold."""
    path: tuple[str, ...]      # property names from the grant down
    lists: tuple[bool, ...]    # for each step, whether it is a list of objects (one item a row)
    title: str                 # the column title, as the standard writes it
    kind: str                  # the value's JSON type: string, number, integer, boolean, or array (of text)


def _kind(node: dict) -> str:
    kind = node.get("type", "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    return kind


def _walk(properties: dict, path: tuple[str, ...], lists: tuple[bool, ...], title: str,
          depth: int) -> list[Field]:
    found = []
    for key, raw in properties.items():
        node = _resolved(raw)
        own_title = raw.get("title") or node.get("title") or key[0].upper() + key[1:]
        joined = f"{title}:{own_title}" if title else own_title
        kind = _kind(node)
        items = _resolved(node.get("items") or {}) if kind == "array" else {}
        if kind == "object" and "properties" in node and depth < 4:
            found += _walk(node["properties"], (*path, key), (*lists, False), joined, depth + 1)
        elif kind == "array" and "properties" in items and depth < 4:
            found += _walk(items["properties"], (*path, key), (*lists, True), joined, depth + 1)
        elif kind not in ("object", "array") or not items or _kind(items) != "object":
            found.append(Field((*path, key), (*lists, False), joined, kind))
    return found


@functools.cache
def fields() -> tuple[Field, ...]:
    return tuple(_walk(schema()["properties"], (), (), "", 0))


def normalised(title: str) -> str:
    """A column title as titles are compared: case, and spaces around the colons, do not matter."""
    return re.sub(r"\s*:\s*", ":", re.sub(r"\s+", " ", title.strip().lower()))


@functools.cache
def field_for_heading() -> dict[str, Field]:
    """Normalised column heading → its field: by title ("Recipient Org:Name") or by the JSON path
    flattentool also reads ("recipientOrganization/0/name")."""
    headings: dict[str, Field] = {}
    for field in fields():
        headings[normalised(field.title)] = field
        steps = [f"{key}/0" if is_list else key for key, is_list in zip(field.path, field.lists, strict=True)]
        headings[normalised("/".join(steps))] = field
        if len(field.path) == 1:
            headings[normalised(field.path[0])] = field
    return headings


def dei_field_for(heading: str) -> Field | None:
    """A DEI column the extension does not define, placed where flattentool places it: a heading
    such as ``deiDetails/leadership/purposes`` (flattentool's own, for the extension's example) or
    ``DEI Details:Leadership:Purposes`` is the area's ``purposes``, kept as text, so the answer is
    kept whole with the rest of the grant's DEI answers rather than as a publisher's column."""
    steps = [step.strip() for step in re.split(r"[/:]", heading.strip())]
    node: dict = {"properties": {DEI: schema()["properties"][DEI]}}
    path: list[str] = []
    for number, step in enumerate(steps):
        properties = node.get("properties") or {}
        key = next((k for k, raw in properties.items() if step.lower() in
                    (k.lower(), str(raw.get("title") or _resolved(raw).get("title") or "").lower())), None)
        if key is None:
            if not path or number != len(steps) - 1 or not step:
                return None  # not under deiDetails, or more than one step beyond what the schema knows
            return Field((*path, step), (False,) * (len(path) + 1), heading.strip(), "string")
        path.append(key)
        node = _resolved(properties[key])
    return None  # a known object itself, not a field


@functools.cache
def date_fields() -> dict[tuple[str, ...], bool]:
    """Every date field's path (list positions left out: ``('plannedDates', 'startDate')``) → whether
    the standard takes a date alone there (Award Date, Start Date) or only a date and time (Last
    Modified)."""
    found: dict[tuple[str, ...], bool] = {}

    def walk(properties: dict, path: tuple[str, ...], depth: int) -> None:
        for key, raw in properties.items():
            node = _resolved(raw)
            options = node.get("oneOf") or []
            if node.get("format") == "date-time" or any(o.get("format") == "date-time" for o in options):
                found[(*path, key)] = any(o.get("format") != "date-time" for o in options)
                continue
            inner = _resolved(node.get("items") or {}) if _kind(node) == "array" else node
            if "properties" in inner and depth < 4:
                walk(inner["properties"], (*path, key), depth + 1)

    walk(schema()["properties"], (), 0)
    return found


@functools.cache
def title_for_path() -> dict[tuple[str, ...], str]:
    """A field's path (list positions left out) → its column title, for messages people recognise."""
    titles = {field.path: field.title for field in fields()}
    for key, raw in schema()["properties"].items():  # lists and objects themselves: "Recipient Org"
        titles.setdefault((key,), raw.get("title") or _resolved(raw).get("title") or key)
    for field in fields():
        for n in range(1, len(field.path)):
            titles.setdefault(field.path[:n], field.title.rsplit(":", len(field.path) - n)[0])
    return titles


def title_of(path: list | tuple) -> str:
    """The column title of a JSON location such as ``['recipientOrganization', 0, 'name']``."""
    keys = tuple(step for step in path if isinstance(step, str))
    return title_for_path().get(keys) or ":".join(keys) or "the grant"


@functools.cache
def recipient_forms() -> tuple[tuple[str, ...], ...]:
    """The schema's ``oneOf``: the fields every grant needs, once with a recipient organisation and
    once with a recipient individual."""
    return tuple(tuple(option["required"]) for option in schema()["oneOf"])


@functools.cache
def validator():
    """The JSON Schema validator for one grant (Draft 2020-12, formats checked).

    ``jsonschema-rs`` rather than ``jsonschema``: the same draft and keywords, about 90 times
    faster (12 µs a grant against 1.1 ms), which is what lets 100,000 grants be checked within the
    write path's 20 seconds; ``tests/ingest/test_giving360_schema.py`` holds the two to the same
    verdicts.
    """
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema(), validate_formats=True)


@functools.cache
def org_id_prefixes() -> tuple[str, ...]:
    """The registers an organisation identifier may draw from (org-id.guide, as shipped in data/),
    longest first so ``GB-CHC`` is matched before ``GB-C``."""
    import csv

    with ORG_ID_PREFIXES.open(encoding="utf-8", newline="") as handle:
        codes = [row["code"].strip().upper() for row in csv.DictReader(handle) if row["code"].strip()]
    return tuple(sorted(codes, key=len, reverse=True))


CODELISTS = DATA_DIR / "standards" / "codelists"
DEI_CODELISTS = DATA_DIR / "standards" / "dei" / "codelists"
DEI = "deiDetails"  # the extension's property on a grant


@functools.cache
def codelist(name: str, extension: bool = False) -> dict[str, str]:
    """A shipped codelist's codes and their titles, in the list's order."""
    import csv

    folder = DEI_CODELISTS if extension else CODELISTS
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return {row["Code"].strip(): (row.get("Title") or "").strip().strip('"').strip()
                for row in csv.DictReader(handle, skipinitialspace=True) if row.get("Code")}


@functools.cache
def closed_codelists() -> tuple[tuple[tuple[str, ...], str, frozenset[str]], ...]:
    """(field path, codelist file, its codes) for each field the schema holds to a closed codelist
    (``"openCodelist": false``): any other value is an error, as in 360Giving's own tool."""
    found = []

    def walk(node: object, path: tuple[str, ...]) -> None:
        if not isinstance(node, dict):
            return
        if node.get("codelist") and node.get("openCodelist") is False:
            codes = frozenset(codelist(node["codelist"], extension=path[:1] == (DEI,)))
            found.append((path, node["codelist"], codes))
        for key, inner in (node.get("properties") or {}).items():
            walk(_resolved(inner), (*path, key))
        if isinstance(node.get("items"), dict):
            walk(_resolved(node["items"]), path)  # a list of codes: each item checked

    walk(schema(), ())
    return tuple(found)
