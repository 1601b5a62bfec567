"""For developers: how well the importer reads write-ups, against a set's hand-made gold.json.

``python -m dash.devtools.read_writeups tests/themes/dev_set [--db STORE] [--json] [--html-reader R]``

A set is a folder of write-ups and a ``gold.json`` saying, for each, its title, date, place, key points
(by their opening words, in order), every £ sum, the sums that are a fund's size, the lived-experience
shares, the shares that are not one, and the page furniture. It reports titles right, dates right, the
place right or asked (with the right place among those asked), key points found in order, page
furniture taken as key points (must be 0), lived-experience shares found and invented, and sums
offered wrongly as a fund's size. Reads the store for place names only; writes nothing.

``--html-reader trafilatura`` reads web pages with trafilatura instead of the importer's own rules
(when it is installed), to measure one against the other (docs/themes.md).

A held-out set (``theme_cv.NEVER_READ``) gets its summary lines only, and no ``--json``: what each of
its write-ups got wrong would be a reading of it, and the set is kept for measuring alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dash.errors import UserError
from dash.ingest.notes import ParsedNotes, parse_notes

SHARE_TOLERANCE = 0.01  # 7 of 12 is 58.3%; the importer says 58%


def _words(text: str) -> str:
    return " ".join(str(text).replace("’", "'").split()).casefold()


def _pounds(value: str) -> float:
    return float(value.replace("£", "").replace(",", ""))


@dataclass
class WriteUpResult:
    file: str
    title_right: bool
    title: str
    date_right: bool
    place: str  # "right", "asked" (the right place among those asked), or "wrong"
    place_said: str
    key_points_gold: int
    key_points_found: int  # gold key points found, in the gold's order
    key_points_read: int
    extra_key_points: list[str]
    furniture_as_key_points: list[str]
    shares_gold: int
    shares_found: int
    shares_invented: list[str]
    not_shares_taken: list[str]
    sums_gold: int
    sums_found: int
    fund_sums_gold: int
    fund_sums_offered: int
    fund_sums_offered_wrongly: list[str]
    error: str = ""


@dataclass
class SetResult:
    set_name: str
    write_ups: list[WriteUpResult] = field(default_factory=list)

    def totals(self) -> dict[str, object]:
        rows = self.write_ups

        def total(key: str) -> int:
            return sum(getattr(r, key) if isinstance(getattr(r, key), int) else len(getattr(r, key))
                       for r in rows)
        return {
            "write_ups": len(rows),
            "titles_right": sum(r.title_right for r in rows),
            "dates_right": sum(r.date_right for r in rows),
            "places_right": sum(r.place == "right" for r in rows),
            "places_asked": sum(r.place == "asked" for r in rows),
            "places_wrong": sum(r.place == "wrong" for r in rows),
            "key_points_gold": total("key_points_gold"),
            "key_points_found_in_order": total("key_points_found"),
            "extra_key_points": total("extra_key_points"),
            "furniture_as_key_points": total("furniture_as_key_points"),
            "shares_gold": total("shares_gold"),
            "shares_found": total("shares_found"),
            "shares_invented": total("shares_invented"),
            "not_shares_taken": total("not_shares_taken"),
            "sums_gold": total("sums_gold"),
            "sums_found": total("sums_found"),
            "fund_sums_gold": total("fund_sums_gold"),
            "fund_sums_offered": total("fund_sums_offered"),
            "fund_sums_offered_wrongly": total("fund_sums_offered_wrongly"),
            "errors": sum(bool(r.error) for r in rows),
        }


def _in_order(gold_starts: list[str], points: list[str]) -> tuple[int, list[int]]:
    """How many gold key points are found, each after the one before; and which points matched."""
    found, at, used = 0, 0, []
    for start in gold_starts:
        want = _words(start)
        for n in range(at, len(points)):
            if _words(points[n]).startswith(want):
                found, at = found + 1, n + 1
                used.append(n)
                break
    return found, used


def score(gold: Mapping, parsed: ParsedNotes, place_name: Callable[[str], str | None]) -> WriteUpResult:
    """One write-up's figures against its gold."""
    points = parsed.key_points
    found, used = _in_order([k["starts"] for k in gold["key_points"]], points)
    furniture = [_words(f) for f in gold.get("furniture", []) if f.strip()]
    as_points = [p for p in points if any(_words(p) == f or (len(f) > 12 and f in _words(p))
                                          for f in furniture)]
    lived = [m for m in parsed.mentions if m.kind == "lived-experience share"]
    gold_shares = [s["share"] for s in gold.get("lived_experience_shares", [])]
    matched: set[int] = set()
    for share in gold_shares:
        for n, mention in enumerate(lived):
            if n not in matched and abs(float(mention.value.rstrip("%")) / 100 - share) <= SHARE_TOLERANCE:
                matched.add(n)
                break
    not_shares = [_words(t) for t in gold.get("not_shares", [])]
    taken = [m.context for m in lived if any(_words(m.text) in t for t in not_shares)
             and lived.index(m) not in matched]
    sums = [_pounds(m.value) for m in parsed.mentions if m.kind in ("money", "rate or cost")]
    offered = [m for m in parsed.mentions if m.kind == "money"]
    gold_funds = [float(v) for v in gold.get("fund_amounts_gbp", [])]
    wrongly = [f"{m.value} ({m.context})" for m in offered if _pounds(m.value) not in gold_funds]
    chosen = parsed.place.chosen if parsed.place else None
    asked = [p.locality_id for p in parsed.place.asked] if parsed.place else []
    want = _words(gold.get("place") or "")
    if chosen and _words(place_name(chosen) or "") == want:
        place = "right"
    elif not chosen and want and any(_words(place_name(a) or "") == want for a in asked):
        place = "asked"
    elif not want and not chosen:
        place = "right"
    else:
        place = "wrong"
    return WriteUpResult(
        file=gold["file"], title_right=_words(parsed.title) == _words(gold["title"]), title=parsed.title,
        date_right=(parsed.held_on.isoformat() if parsed.held_on else None) == gold.get("date"),
        place=place, place_said=parsed.place.sentence if parsed.place else "",
        key_points_gold=len(gold["key_points"]), key_points_found=found, key_points_read=len(points),
        extra_key_points=[p for n, p in enumerate(points) if n not in used],
        furniture_as_key_points=as_points,
        shares_gold=len(gold_shares), shares_found=len(matched),
        shares_invented=[m.context for n, m in enumerate(lived) if n not in matched],
        not_shares_taken=taken,
        sums_gold=len(gold.get("amounts_gbp", [])),
        sums_found=sum(1 for v in gold.get("amounts_gbp", []) if float(v) in sums),
        fund_sums_gold=len(gold_funds), fund_sums_offered=len(offered), fund_sums_offered_wrongly=wrongly,
    )


def evaluate(folder: Path, place_names: Mapping[str, str], within: Mapping[str, frozenset[str]],
             names_by_id: Mapping[str, str], html_reader: str = "rules", *,
             towns: Mapping[str, tuple[str, str]] | None = None) -> SetResult:
    """Every write-up of the set in ``folder`` read as the importer reads it (with the gazetteer's
    ``towns``, as ``queries.places.town_name_index`` gives them), and scored."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    result = SetResult(gold.get("set", folder.name))
    for entry in gold["writeups"]:
        raw = (folder / entry["file"]).read_bytes()
        if html_reader == "trafilatura" and entry["file"].endswith((".html", ".htm")):
            raw = _through_trafilatura(raw)
        try:
            parsed = parse_notes(raw, place_names=place_names, places_within=within, towns=towns)
        except UserError as error:
            result.write_ups.append(WriteUpResult(entry["file"], False, "", False, "wrong", "", len(
                entry["key_points"]), 0, 0, [], [], 0, 0, [], [], 0, 0, 0, 0, [], error=str(error)))
            continue
        result.write_ups.append(score(entry, parsed, names_by_id.get))
    return result


def _through_trafilatura(raw: bytes) -> bytes:
    """The page as trafilatura reads it (Markdown: headings and lists kept), for the comparison."""
    import trafilatura

    page = raw.decode("utf-8", errors="replace")
    text = trafilatura.extract(page, output_format="markdown", include_comments=False, include_tables=True,
                               favor_precision=True, with_metadata=True) or ""
    return text.encode("utf-8")


def _store_places(db: str | None) -> tuple[dict[str, str], dict[str, frozenset[str]], dict[str, str],
                                           dict[str, tuple[str, str]]]:
    from dash.paths import store_target
    from dash.queries.places import place_name_index, places_within, town_name_index
    from dash.store import StoreReader

    cursor = StoreReader(store_target(db)).cursor()
    names = dict(cursor.execute("SELECT locality_id, name FROM localities").fetchall())
    return place_name_index(cursor), places_within(cursor), names, town_name_index(cursor)


def _print(result: SetResult, *, per_file: bool = True) -> None:
    """The set's summary lines, then (``per_file``) what each write-up got wrong."""
    t = result.totals()
    print(f"{result.set_name}: {t['write_ups']} write-ups")
    print(f"  titles right            {t['titles_right']} of {t['write_ups']}")
    print(f"  dates right             {t['dates_right']} of {t['write_ups']}")
    print(f"  place right or asked    {t['places_right'] + t['places_asked']} of {t['write_ups']} "
          f"({t['places_right']} right, {t['places_asked']} asked, {t['places_wrong']} wrong)")
    print(f"  key points in order     {t['key_points_found_in_order']} of {t['key_points_gold']} "
          f"({t['extra_key_points']} read that the gold does not hold)")
    print(f"  furniture as key points {t['furniture_as_key_points']}")
    print(f"  lived-experience shares {t['shares_found']} of {t['shares_gold']} found, "
          f"{t['shares_invented']} invented")
    print(f"  £ sums found            {t['sums_found']} of {t['sums_gold']}")
    print(f"  fund sums offered       {t['fund_sums_offered']} ({t['fund_sums_offered_wrongly']} wrongly; "
          f"{t['fund_sums_gold']} in the gold)")
    if not per_file:
        print("  (a held-out set: its summary only; what each write-up got wrong is not printed)")
        return
    for row in result.write_ups:
        problems = []
        if row.error:
            problems.append(f"refused: {row.error}")
        if not row.title_right:
            problems.append(f"title {row.title!r}")
        if not row.date_right:
            problems.append("date")
        if row.place == "wrong":
            problems.append(f"place: {row.place_said}")
        if row.key_points_found < row.key_points_gold:
            problems.append(f"key points {row.key_points_found} of {row.key_points_gold}")
        problems += [f"extra key point {p[:70]!r}" for p in row.extra_key_points]
        problems += [f"furniture {p[:70]!r}" for p in row.furniture_as_key_points]
        if row.shares_found < row.shares_gold:
            problems.append(f"shares {row.shares_found} of {row.shares_gold}")
        problems += [f"invented share {c[:90]!r}" for c in row.shares_invented]
        problems += [f"offered as a fund {c[:90]!r}" for c in row.fund_sums_offered_wrongly]
        if row.sums_found < row.sums_gold:
            problems.append(f"sums {row.sums_found} of {row.sums_gold}")
        print(f"  {row.file}: " + ("all right" if not problems else "; ".join(problems)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dash.devtools.read_writeups",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="a set's folder, holding gold.json")
    parser.add_argument("--db", help="the store whose place names to use (default: the app's)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--html-reader", choices=["rules", "trafilatura"], default="rules")
    args = parser.parse_args(argv)
    from dash.devtools.theme_cv import NEVER_READ  # the held-out sets: measured, never read

    held_out = [folder for folder in args.folders if folder.resolve().name in NEVER_READ]
    if args.json and held_out:
        print(f"{held_out[0]} is a held-out set: only its summary may be printed (leave out --json).",
              file=sys.stderr)
        return 2
    place_names, within, names, towns = _store_places(args.db)
    results = [evaluate(folder, place_names, within, names, args.html_reader, towns=towns)
               for folder in args.folders]
    if args.json:
        print(json.dumps([{"set": r.set_name, "totals": r.totals(),
                           "write_ups": [asdict(w) for w in r.write_ups]}
                          for r in results], indent=2, default=str))
    else:
        for folder, result in zip(args.folders, results, strict=True):
            _print(result, per_file=folder not in held_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
