"""The command line: ``python -m dash <command>``. Each command has ``--help``."""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Sequence
from pathlib import Path

from dash.paths import is_connection_string, store_path, store_target


def records_kinds() -> tuple[str, ...]:
    from dash.write.records import KEPT

    return tuple(KEPT)


_DB_HELP = "the store file (default: $DASH_DB, else data/dash.duckdb)"
_DB_NAMED = "db_named_at_"  # one attribute per parser that takes --db: see _add_db
_LEVELS = itertools.count()


class _NamedStores(argparse.Action):
    """Collects every ``--db`` given at one level of the command line (``dash --db A themes --db B
    decide``). argparse parses a sub-command into a fresh namespace and copies it over its parent's,
    so one shared attribute would let the innermost level's default (None) silently replace a store
    named before the sub-command: each level keeps its own list, and ``_one_store`` reads them all."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        named = getattr(namespace, self.dest, None) or []
        setattr(namespace, self.dest, [*named, values])


def _add_db(parser: argparse.ArgumentParser) -> None:
    """The one ``--db`` option, accepted before or after any command and sub-command alike."""
    parser.add_argument("--db", metavar="PATH", action=_NamedStores, default=argparse.SUPPRESS,
                        dest=f"{_DB_NAMED}{next(_LEVELS)}", help=_DB_HELP)


def _one_store(args: argparse.Namespace) -> None:
    """Set ``args.db`` to the one store the command line names (None: $DASH_DB or the default), or
    refuse: two different stores named, or a store named for a command that reads or writes none."""
    from dash.errors import UserError

    named = list(dict.fromkeys(value for key, values in vars(args).items() if key.startswith(_DB_NAMED)
                               for value in values))
    if len(named) > 1:
        raise UserError(f"--db names {len(named)} stores ({', '.join(named)}): name the one store to use.")
    args.db = named[0] if named else None
    unused = getattr(args, "store_unused", None)
    if args.db is not None and unused:
        raise UserError(f"--db does not apply here: {unused}. Leave it out.")


def _show(outcome, *, json_report: dict | None = None) -> int:
    """Print what the write service said: the sentence, then its details; 0 when done, else 2."""
    import json

    if json_report is not None:
        print(json.dumps({"done": outcome.ok, "message": outcome.message, **json_report}, indent=2))
        return 0 if outcome.ok else 2
    stream = sys.stdout if outcome.ok else sys.stderr
    print(safe_text(outcome.message), file=stream)
    for line in outcome.details:
        print(safe_text(line), file=stream)
    from dash.write.records import RecordRefused

    if isinstance(outcome.report, RecordRefused):  # its columns, as they are typed on the command line
        for problem in outcome.report.problems:
            if problem.column:
                print(safe_text(f"  {problem}"), file=stream)
    return 0 if outcome.ok else 2


def _build(args: argparse.Namespace) -> int:
    from dash.paths import SEED_DIR
    from dash.write import service

    return _show(service.build(store=args.db, if_needed=args.if_needed,
                               seed_dir=Path(args.seed) if args.seed else SEED_DIR))


def _add_by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", metavar="NAME", help="who is making the change, as the journal records it "
                        "(default: the operating-system user)")


def _operator(args: argparse.Namespace):
    """Whoever runs the command: ``--by``, else the operating-system user (dash.write.access)."""
    from dash.write.access import Person

    return Person.operator(args.by)


def _cells(pairs: list[str]) -> dict[str, str] | str:
    """'field=value' arguments as cells, or the sentence saying which one is not written so."""
    cells = {}
    for pair in pairs:
        field, equals, value = pair.partition("=")
        if not equals or not field.strip():
            return f"'{pair}' is not field=value: write, for example, amount_gbp=250000."
        cells[field.strip()] = value.strip()
    return cells


def _edit(args: argparse.Namespace) -> int:
    from dash.write import service

    cells = _cells(args.cells)
    if isinstance(cells, str):
        print(safe_text(cells), file=sys.stderr)
        return 2
    if args.command == "add":
        return _show(service.save_record(args.kind, cells.pop("id", None), cells, by=_operator(args),
                                         store=args.db, adding=True))
    if not cells:
        print("Say what to change: field=value, for example name='Bristol City Funds'.", file=sys.stderr)
        return 2
    from dash.store import StoreReader
    from dash.write import records

    if records.current_cells(StoreReader(store_target(args.db)).cursor(), records.spec_of(args.kind).table,
                             args.id) is None:
        print(safe_text(f"There is no {records.word(args.kind)} '{args.id}': `python -m dash add` adds one."),
              file=sys.stderr)
        return 2
    return _show(service.save_record(args.kind, args.id, cells, by=_operator(args), store=args.db))


def _retire(args: argparse.Namespace) -> int:
    from dash.write import service

    return _show(service.retire_record(args.kind, args.id, by=_operator(args), store=args.db,
                                       back=args.back))


def _undo(args: argparse.Namespace) -> int:
    from dash.write import service

    return _show(service.undo(args.change, by=_operator(args), store=args.db))


def _restore(args: argparse.Namespace) -> int:
    import datetime as dt

    from dash.write import service

    try:
        as_of = dt.date.fromisoformat(args.as_of)
    except ValueError:
        print("Write the date as YYYY-MM-DD, e.g. --as-of 2026-11-30.", file=sys.stderr)
        return 2
    return _show(service.restore(as_of, by=_operator(args), store=args.db))


def _history(args: argparse.Namespace) -> int:
    """Every write, oldest first: the store's versions, each with who, when and what changed."""
    from dash.queries import activity
    from dash.store import StoreReader

    table = activity.activity_table(StoreReader(store_target(args.db)).cursor())
    if table.empty:
        print("No change has been made since the store was built from data/seed.")
        return 0
    for _, row in table.iloc[::-1].iterrows():
        print(safe_text(f"{row['Number']:>5}  {row['When (UK time)']:<20} {one_line(row['Who'])} "
                        f"({one_line(row['How'])}): {one_line(row['What changed'])}"))  # one line each
    return 0


def _export_records(args: argparse.Namespace) -> int:
    from dash.export.records import export_records
    from dash.store import StoreReader

    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        print(f"{folder} is a file: name a folder to write the records into.", file=sys.stderr)
        return 2
    written = export_records(StoreReader(store_target(args.db)).cursor(), folder)
    listed = ", ".join(f"{name} ({rows:,})" for name, rows in written.items())
    print(safe_text(f"Wrote the records to {folder} in data/seed's layout: {listed}. "
                    f"`python -m dash build --seed {folder}` builds a store from them."))
    return 0


def _imports(args: argparse.Namespace) -> int:
    """``imports``: every write-up and 360Giving file in the store; ``imports remove WHAT ID``."""
    from dash.queries import activity
    from dash.store import StoreReader
    from dash.write import service

    if args.imports_command == "remove":
        return _show(service.remove_import(args.what, args.id, by=_operator(args), store=args.db))
    listed = activity.imports(StoreReader(store_target(args.db)).cursor())
    if listed.empty:
        print("No write-up or 360Giving file has been imported.")
    for _, row in listed.iterrows():
        print(safe_text(f"{row['what']:<9} {one_line(row['id']):<28} {one_line(row['Import'])}: "
                        f"{one_line(row['What it added'])}, by {one_line(row['Who'])} "
                        f"on {row['When (UK time)']}"))
    return 0


def _users(args: argparse.Namespace) -> int:
    """``users list | add ADDRESS ROLE | remove ADDRESS``: who may edit once sign-in is set up."""
    from dash import format as fmt
    from dash.queries import activity
    from dash.store import StoreReader
    from dash.write import service
    from dash.write.access import load_settings

    if args.users_command in (None, "list"):
        settings = load_settings()
        people = activity.roles(StoreReader(store_target(args.db)).cursor())
        print("Sign-in is " + ("set up" if settings.sign_in else
                               f"not set up ({settings.path} has no [auth] section): roles apply once it is")
              + ".")
        for admin in settings.admins:
            print(safe_text(f"{admin}: admin (named in {settings.path.name})"))
        for row in people.itertuples(index=False):
            print(safe_text(f"{one_line(row.pattern)}: {row.role} (given by {one_line(row.granted_by)}, "
                            f"{fmt.long_date(row.granted_at)})"))
        if people.empty and not settings.admins:
            print("No one has a role yet: `python -m dash users add ADDRESS admin` names the first admin.")
        return 0
    role = args.role if args.users_command == "add" else None
    return _show(service.set_role(args.pattern, role, by=_operator(args), store=args.db))


def _check(args: argparse.Namespace) -> int:
    from dash.queries.quality import ERROR, run_checks
    from dash.store import StoreReader
    from dash.write.build import journal_problems, not_replayed

    path = store_target(args.db)
    cursor = StoreReader(path).cursor()
    findings = run_checks(cursor)
    for finding in findings:
        print(safe_text(str(finding)))
    journal = [] if is_connection_string(path) else journal_problems(Path(path))
    for problem in journal:  # kept on disk, skipped by every build until a person mends or removes it
        print(safe_text(f"ERROR: journal entry not replayed: {problem}"))
    skipped = not_replayed(cursor)  # what the last build said it could not replay, said again
    for problem in skipped:
        print(safe_text(f"ERROR: not replayed by the last build: {problem}"))
    errors = sum(f.severity == ERROR for f in findings) + len(journal) + len(skipped)
    warnings = len(findings) - sum(f.severity == ERROR for f in findings)
    print(f"{errors} error(s), {warnings} warning(s) in {path}.")
    return 1 if errors else 0


def _agreement(args: argparse.Namespace) -> int:
    import json

    from dash.queries.themes import insight_texts, key_point_documents
    from dash.store import StoreReader
    from dash.themes import held_out
    from dash.themes.agreement import agreement_table, read_gold, tagger_agreement
    from dash.themes.codebook import load_codebook

    codebook = load_codebook()
    names = {theme.theme_id: theme.name for theme in codebook.themes}
    gold = read_gold(args.gold)
    cursor = StoreReader(store_target(args.db)).cursor()
    texts = insight_texts(cursor, list(gold))
    rows = agreement_table(tagger_agreement(texts, gold, codebook))
    unseen = held_out.held_out(texts, key_point_documents(cursor, list(texts)), gold, codebook)
    if args.markdown:
        print(held_out.markdown(unseen, names))
        return 0
    if args.json:
        print(json.dumps({"codebook_version": codebook.version, "themes": rows,
                          "held_out": {method: {"coded": r.coded, "found": r.found, "uncoded": r.uncoded,
                                                "themes": held_out.table({"rules": r}, names)}
                                       for method, r in unseen.items()}}, indent=2))
        return 0
    print(f"Rules (codebook {codebook.version}) against the hand-coded gold set {args.gold}, "
          "on the write-ups the codebook was written from (in sample):")
    print(f"{'theme':18} {'gold':>4} {'sugg':>4} {'both':>4} {'prec':>5} {'recall':>6} {'kappa':>5}  target")
    for row in rows:
        figures = [row["precision"], row["recall"], row["kappa"]]
        shown = ["  –  " if f is None else f"{f:5.2f}" for f in figures]
        print(f"{row['theme']:18} {row['gold codes']:>4} {row['suggested']:>4} {row['agreed']:>4} "
              f"{shown[0]:>5} {shown[1]:>6} {shown[2]:>5}  {row['target (kappa >= 0.7)']}")
    print("\nOut of sample (each write-up scored with itself left out):")
    print(held_out.markdown(unseen, names))
    return 0


def _themes_report(args: argparse.Namespace) -> int:
    import json

    from dash import format as fmt
    from dash.filters import Filters
    from dash.queries.themes import theme_report
    from dash.store import StoreReader

    report = theme_report(StoreReader(store_target(args.db)).cursor(), Filters())
    rows = [{
        "theme": row["theme"], "key_points": int(row["key_points"]), "meetings": int(row["meetings"]),
        "first_dated": None if row["first_dated"] != row["first_dated"] else str(row["first_dated"])[:10],
        "last_dated": None if row["last_dated"] != row["last_dated"] else str(row["last_dated"])[:10],
        "places": row["places"].split("; ") if isinstance(row["places"], str) else [],
    } for _, row in report.iterrows()]
    if args.json:
        print(json.dumps({"themes": rows}, indent=2))
        return 0
    for row in rows:
        dates = (f"{fmt.long_date(row['first_dated'])} to {fmt.long_date(row['last_dated'])}"
                 if row["first_dated"] else "no dated meeting")
        places = ", ".join(row["places"]) or "none"
        print(safe_text(f"{row['theme']}: {fmt.count(row['key_points'], 'key point')} in "
                        f"{fmt.count(row['meetings'], 'meeting')}; {dates}; places: {places}"))
    return 0


def _decide(args: argparse.Namespace) -> int:
    from dash.write import service

    outcome = service.decide(args.insight_id, args.theme_id, args.action, by=_operator(args),
                             store=args.db, settles=args.settle)
    return _show(outcome)


def _compare_models(args: argparse.Namespace) -> int:
    from dash.devtools.compare_models import compare
    from dash.queries.themes import insight_texts, key_point_documents
    from dash.store import StoreReader
    from dash.themes.agreement import read_gold
    from dash.themes.codebook import load_codebook
    from dash.themes.coding import references

    gold = read_gold()
    cursor = StoreReader(store_target(args.db)).cursor()
    texts = insight_texts(cursor, list(gold))
    codebook = load_codebook()
    for m in compare(texts, key_point_documents(cursor, list(texts)), gold, codebook,
                     references(cursor, codebook)):
        print(f"{m.model}: package {m.installed_mb:,.0f} MB, loads in {m.load_seconds:.2f} s, embeds the "
              f"{len(texts)} key points in {m.embed_seconds:.3f} s")
        for method in ("meaning", "both"):
            r = m.results[method]
            print(f"  {method}: {r.found} of {r.coded} coded key points with a right suggestion, "
                  f"{r.uncoded} with none; kappa under target on: {', '.join(r.kappa_misses()) or 'none'}")
        dev = m.dev.overall
        print(f"  development set, as the app runs it: recall {dev.found} of {dev.gold}, precision "
              f"{dev.right} of {dev.suggested}, {m.dev.uncoded} key points given nothing")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from dash.queries.themes import insight_texts, key_point_documents
    from dash.store import StoreReader
    from dash.themes import evaluation
    from dash.themes.agreement import read_gold
    from dash.themes.codebook import load_codebook
    from dash.themes.coding import references

    codebook = load_codebook()
    cursor = StoreReader(store_target(args.db)).cursor()
    gold = read_gold()
    texts = insight_texts(cursor, list(gold))
    sets = [(folder.name.replace("_", " ").capitalize(), folder) for folder in args.set or
            [evaluation.DEV_SET, evaluation.HELD_OUT_SET]]
    columns = evaluation.evaluate(texts, key_point_documents(cursor, list(texts)), gold, codebook,
                                  references(cursor, codebook), sets)
    print(evaluation.markdown(columns, {t.theme_id: t.name for t in codebook.themes}))
    return 0


def _import_codebook(args: argparse.Namespace) -> int:
    from dash.themes.refi_codebook import MAX_BYTES, import_into
    from dash.write import service

    raw = service.read_upload(args.file, MAX_BYTES)
    added, kept = import_into(args.codebook, raw, args.file.name)
    if kept:
        print(safe_text(f"Already in the codebook, left as they are: {', '.join(kept)}."))
    if not added:
        print("Nothing new to add: every code in the file is already a theme.")
        return 0
    print(safe_text(f"Added {len(added)} theme(s) to {args.codebook.name}: {', '.join(added)}. Each has its "
                    "name as its one phrase; add more in the spreadsheet, then run `python -m dash build` "
                    "to code the key points with them."))
    return 0


def _export_qdpx(args: argparse.Namespace) -> int:
    from dash.export.refi_qda import qdpx
    from dash.queries.interchange import coded_write_ups
    from dash.store import StoreReader

    data = coded_write_ups(StoreReader(store_target(args.db)).cursor())
    args.out.write_bytes(qdpx(data))
    print(f"Wrote {args.out}: {data.key_points['meeting_id'].nunique():,} write-ups, "
          f"{len(data.key_points):,} key points, {len(data.themes):,} themes and {len(data.codes):,} codes, "
          "for QualCoder, NVivo, MAXQDA or ATLAS.ti (File → Import → REFI-QDA project).")
    return 0


def _reviewers(args: argparse.Namespace) -> int:
    from dash.queries import reviews
    from dash.store import StoreReader
    from dash.themes.reviewers import agreement_between

    cursor = StoreReader(store_target(args.db)).cursor()
    between = agreement_between(reviews.votes(cursor), reviews.theme_names(cursor))
    print(safe_text(between.sentence()))
    for row in between.rows():
        shown = (f"{key}: {'–' if value is None else value}" for key, value in row.items())
        print(safe_text("  " + " · ".join(shown)))
    disputed = reviews.disputed(cursor)
    print(f"{len(disputed):,} code(s) to settle" + (":" if len(disputed) else "."))
    for row in disputed.itertuples():
        print(safe_text(f"  {row.insight_id} · {row.theme} · {row.said} · {row.text[:80]}"))
    return 0


def _import_notes(args: argparse.Namespace) -> int:
    import datetime as dt

    from dash.errors import UserError
    from dash.ingest import limits
    from dash.write import service

    try:
        held_on = dt.date.fromisoformat(args.held_on) if args.held_on else None
    except ValueError:
        raise UserError(f"--held-on '{args.held_on[:20]}' is not a date: use YYYY-MM-DD.") from None
    raw = service.read_upload(args.file, limits.WRITE_UP_BYTES)
    outcome = service.import_write_up(raw, args.file, by=_operator(args), store=args.db,
                                      title=args.title, held_on=held_on, locality=args.locality)
    if args.json:
        return _show(outcome, json_report=outcome.report.as_json() if outcome.report else {})
    code = _show(outcome)
    report = outcome.report
    if report is not None and report.already_imported:  # the command line may name the meeting's id
        print(safe_text(f"  or here: dash edit meetings {report.meeting_id} title=…"))
    if report is None or report.already_imported:
        return code
    for position, text in enumerate(report.key_points, start=1):
        themes = report.themes_suggested.get(position, [])
        print(safe_text(f"  {position}. {text}" + (f"  [suggested: {', '.join(themes)}]" if themes else "")))
    if report.mentions:
        print("Mentions to confirm by hand (nothing was added as a fund or panel):")
        for mention in report.mentions:
            aside = " (a rate or a cost: not a fund's size)" if mention.kind == "rate or cost" else ""
            print(safe_text(f"  - {mention.kind}: '{mention.text}' → {mention.value}{aside}"))
    for note in report.notes:
        print(safe_text(note))
    if report.places_asked:
        answers = " or ".join(f"locality_id={place} ({name})" for place, name in report.places_asked)
        print(safe_text(f"  To answer here: dash edit meetings {report.meeting_id} {answers}"))
    return code


def _import_360(args: argparse.Namespace) -> int:
    from dash.ingest import limits
    from dash.write import service

    raw = service.read_upload(args.file, limits.GRANTS_FILE_BYTES)
    outcome = service.import_grants(raw, args.file, by=_operator(args), store=args.db)
    if args.json:
        return _show(outcome, json_report=outcome.report.as_json() if outcome.report else {})
    return _show(outcome)


def _view_charts(args: argparse.Namespace):
    """The charts, the filter in words and the store's version for ``deck`` and ``pack``; or the
    sentence saying why not (a place, a date or a chart name that is not known)."""
    import datetime as dt

    from dash import catalogue
    from dash.coverage import coverage_line
    from dash.filters import Filters
    from dash.queries.activity import store_version
    from dash.queries.places import place_names, resolve_locality
    from dash.store import StoreReader

    cursor = StoreReader(store_target(args.db)).cursor()
    localities = []
    for text in args.locality or []:
        found = resolve_locality(cursor, text)
        if found is None:
            return f"There is no place called '{text}': use an ONS code or a place name."
        localities.append(found)
    try:
        filters = Filters(tuple(localities),
                          dt.date.fromisoformat(args.date_from) if args.date_from else None,
                          dt.date.fromisoformat(args.date_to) if args.date_to else None)
    except ValueError:
        return "Dates are written YYYY-MM-DD."
    names, unknown = catalogue.parse_names(args.charts)
    if unknown:
        return f"No chart called {', '.join(unknown)}. Charts: {', '.join(catalogue.CATALOGUE)}."
    charts = [catalogue.build(n, cursor, filters) for n in names]
    places = ", ".join(place_names(cursor, filters.localities)) or "all areas"
    return charts, coverage_line(cursor, filters), store_version(cursor), places


def _write_document(args: argparse.Namespace, make) -> int:
    """``deck`` and ``pack``: the view's charts, made into a file by ``make(charts, words, version)``
    (which returns the bytes and what to call them), or the sentence saying why not."""
    from dash.export.pack import PackUnavailable

    view = _view_charts(args)
    if isinstance(view, str):
        print(safe_text(view), file=sys.stderr)
        return 2
    charts, words, version, places = view
    try:
        data, made = make(charts, words, version)
    except PackUnavailable as error:
        print(safe_text(str(error)), file=sys.stderr)
        return 2
    Path(args.out).write_bytes(data)
    print(safe_text(f"Wrote {args.out}: {made} for {places}."))
    return 0


def _deck(args: argparse.Namespace) -> int:
    from dash.export.deck import build_deck

    return _write_document(args, lambda charts, words, version: (
        build_deck(charts, words, store_version=version), f"{len(charts) + 2} slides"))


def _pack(args: argparse.Namespace) -> int:
    from dash import format as fmt
    from dash.export.pack import build_pack

    return _write_document(args, lambda charts, words, version: (
        build_pack(charts, words, version), f"a board pack of {fmt.count(len(charts), 'chart')}"))


def _serve(args: argparse.Namespace) -> int:
    import os

    from dash.serve import serve

    if args.db:  # read by the app in this process; a file from here, a connection string as it is
        target = store_target(args.db)
        os.environ["DASH_DB"] = target if is_connection_string(target) else str(Path(target).resolve())
    serve(args.port, args.address)
    return 0


def _synth(args: argparse.Namespace) -> int:
    from dash.devtools.synth import SynthSize, build_synthetic

    size = SynthSize(grants=args.grants, funds=args.funds, meetings=args.meetings, seed=args.seed)
    counts, seconds = build_synthetic(store_path(args.db), size)
    listed = ", ".join(f"{n:,} {table}" for table, n in counts.items())
    print(f"Built a synthetic store at {store_path(args.db)} in {seconds:.1f} s: {listed}.")
    return 0


def _bench(args: argparse.Namespace) -> int:
    import json

    from dash.devtools.bench import PAGES, run_benchmark

    if args.writes:
        from dash.devtools.bench_writes import print_write_benchmark, run_write_benchmark
        from dash.errors import UserError

        if args.db:
            raise UserError("--db does not apply with --writes: the write benchmark makes its own store "
                            "in a temporary folder. Leave it out.")

        figures = run_write_benchmark()
        if args.json:
            print(json.dumps(figures, indent=2))
        else:
            print_write_benchmark(figures)
        return 0
    pages = tuple(args.pages.split(",")) if args.pages else PAGES
    results = run_benchmark(store_target(args.db), reruns=args.reruns, pages=pages, browser=args.browser,
                            warm_seconds=args.warm)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"Store {results['store']}: " + ", ".join(f"{n:,} {k}" for k, n in results["sizes"].items()))
    if results["warm_up"]:
        print(f"Warm-up first, as `dash serve` does: {results['warm_up']['charts_prepared']} charts "
              f"prepared in {results['warm_up']['seconds']} s.")
    print(f"{'page rerun after a filter change':40} {'median':>9} {'p95':>9} {'again':>9}")
    for page, figures in results["pages"].items():
        print(f"{page:40} {figures['median_ms']:>7} ms {figures['p95_ms']:>7} ms "
              f"{figures['repeat_visit_median_ms']:>7} ms")
    print(f"{'query, or drawing a chart from its data':40} {'median':>9} {'p95':>9}")
    for label, figures in results["queries"].items():
        print(f"{label:40} {figures['median_ms']:>7} ms {figures['p95_ms']:>7} ms")
    for page, naive in results["naive_baseline"].items():
        print(f"{page}: the naive pandas way takes {naive['naive_first_visit_ms']} ms on a session's first "
              f"visit ({naive['naive_first_visit_over_page']}x this page's {naive['page_median_ms']} ms), "
              f"then {naive['naive_filter_change_ms']} ms per filter change "
              f"({naive['naive_filter_change_over_page']}x: {naive['naive_pandas_ms']} ms in pandas, "
              f"{naive['naive_drawing_ms']} ms drawing the same charts, the rest laying out the page), "
              f"holding {naive['naive_mb_per_session']} MB per session.")
    for run in results["concurrent_sessions"]:
        print(f"Funds page, {run['sessions']} concurrent session(s) changing areas: "
              f"median {run['median_ms']} ms, p95 {run['p95_ms']} ms, {run['errors']} error(s)")
    print(f"Peak memory of the benchmark process (the app's sessions included): {results['peak_rss_mb']} MB")
    if "browser" in results:
        browser = results["browser"]
        print(f"Cold start to the first chart in Chromium: {browser['cold_start_s']} s")
        print("Time to chart per page (ms): " + ", ".join(
            f"{page} {ms}" for page, ms in browser["time_to_chart_ms"].items()))
        fresh = results["fresh_browser"]
        print(f"A fresh browser on a warm server (median of {fresh['visits']} new contexts a page; load "
              f"{fresh['load_before']} before, {fresh['load_after']} after), heading / first chart (ms): "
              + ", ".join(f"{page} {figures['heading_ms']} / {figures['first_chart_ms'] or 'none'}"
                          for page, figures in fresh["pages"].items()))
        for run in results["concurrency"]:
            print(f"{run['sessions']} session(s): {run['page_loads']} page loads, p95 {run['p95_ms']} ms, "
                  f"median {run['median_ms']} ms, peak server RSS {run['peak_rss_mb']} MB, "
                  f"{run['errors']} error(s)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dash",
        description="Build, check and feed the trustee dashboard's DuckDB store.",
    )
    _add_db(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build", help="build the store from data/seed and data/geo",
        description="Build the store from data/seed and data/geo. Atomic: a failed build "
        "leaves the previous store untouched.",
    )
    _add_db(build)
    build.add_argument(
        "--if-needed", action="store_true",
        help="only build when the store is missing or its inputs have changed",
    )
    build.add_argument("--seed", metavar="DIR", help="the seed files' folder (default data/seed; "
                       "`export-records DIR` writes one from the store)")
    build.set_defaults(run=_build)

    check = commands.add_parser(
        "check", help="report data-quality problems; exit status 1 on any error",
        description="Data-quality report over the store: one line per problem, naming the row.",
    )
    _add_db(check)
    check.set_defaults(run=_check)

    notes = commands.add_parser(
        "import-notes", help="import a meeting write-up (text, Markdown or HTML) with its key points",
        description="Import a meeting write-up or blog post: title, date, key points (coded with the "
        "theme codebook) and mentions of money, lived-experience shares and places to confirm by hand.",
    )
    notes.add_argument("file", help="the write-up: .txt, .md or .html, UTF-8 or Windows-1252")
    _add_db(notes)
    notes.add_argument("--title", help="the meeting's title (default: found in the file)")
    notes.add_argument("--held-on", metavar="YYYY-MM-DD", help="the date (default: found in the file)")
    notes.add_argument("--locality", metavar="CODE_OR_NAME", help="where it was held: ONS code or place name")
    notes.add_argument("--json", action="store_true", help="print the import report as JSON")
    _add_by(notes)
    notes.set_defaults(run=_import_notes)

    giving = commands.add_parser(
        "import-360", help="import grants in the 360Giving Data Standard (CSV, XLSX or JSON)",
        description="Check a 360Giving file against the standard and import its grants. Errors stop the "
        "import (nothing changes); warnings are reported. Re-importing updates grants by identifier.",
    )
    giving.add_argument("file", help="the grants file: .csv, .xlsx or .json")
    _add_db(giving)
    giving.add_argument("--json", action="store_true", help="print the import report as JSON")
    _add_by(giving)
    giving.set_defaults(run=_import_360)

    synth = commands.add_parser(
        "synth", help="build a store with a synthetic portfolio of any size (for benchmarks)",
        description="Build the seed store, then add synthetic funds, panels, meetings with coded key "
        "points, and grants. Deterministic for a given --seed; skewed like real portfolios.",
    )
    _add_db(synth)
    synth.add_argument("--grants", type=int, default=1_000_000)
    synth.add_argument("--funds", type=int, default=5_000, help="funds, each with a panel")
    synth.add_argument("--meetings", type=int, default=20_000, help="meetings, ten key points each")
    synth.add_argument("--seed", type=int, default=1)
    synth.set_defaults(run=_synth)

    run = commands.add_parser(
        "serve", help="run the dashboard (what `make run` does), its caches warmed as it starts",
        description="`streamlit run app.py`, with pandas, Plotly, DuckDB and the app's modules imported "
        "as the server starts rather than when the first trustee opens the page, then the Overview and "
        "the busiest places' pages prepared in the background for 30 seconds.",
    )
    _add_db(run)
    run.add_argument("--port", type=int, default=8501)
    run.add_argument("--address", help="the address to listen on: 127.0.0.1 (what `make run` uses) for this "
                     "computer only, where with no sign-in set up the person at it may edit; any other "
                     "address (0.0.0.0 for every network) shares the dashboard, read-only unless sign-in is "
                     "set up (docs/deployment.md). Default: Streamlit's, every network")
    run.set_defaults(run=_serve)

    bench = commands.add_parser(
        "bench", help="time every page's rerun and every query on a store; print the figures",
    )
    _add_db(bench)
    bench.add_argument("--reruns", type=int, default=20, help="filter changes per page (default 20)")
    bench.add_argument("--pages", metavar="NAME,...", help="pages to time (default: all)")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--warm", type=float, metavar="SECONDS", nargs="?", const=30.0,
                       help="time the pages after the server's warm-up (default 30 s), as `dash serve` "
                       "serves them; without it every area's first visit is a cache miss")
    bench.add_argument("--writes", action="store_true",
                       help="time the write path instead (imports, a write-up, a 1,000,000-grant build, "
                       "reads during writes) on a fresh store in a temporary folder; --db is refused")
    bench.add_argument("--browser", action="store_true",
                       help="also time cold start, time to chart and 1 and 10 browser sessions (Chromium)")
    bench.set_defaults(run=_bench)

    for name, run, ending, help_text, description in (
        ("deck", _deck, "pptx", "write a PowerPoint deck of the charts for a filter",
         "A title slide, one slide per chart (native PowerPoint charts where possible) and a sources "
         "slide, for the localities and period given."),
        ("pack", _pack, "pdf", "write a board pack (PDF) of the charts for a filter",
         "A title page, each chart with its takeaway, table and sources, and the sources in full, for "
         "the localities and period given; printed by Chromium on this machine."),
    ):
        document = commands.add_parser(name, help=help_text, description=description)
        document.add_argument("--out", required=True, metavar=f"FILE.{ending}")
        _add_db(document)
        document.add_argument("--locality", nargs="*", metavar="CODE_OR_NAME",
                              help="ONS codes or place names")
        document.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
        document.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
        document.add_argument("--charts", metavar="NAME,...",
                              help="chart names in order (default: the Present page's deck; an unknown "
                              "name lists every chart)")
        document.set_defaults(run=run)

    from dash.themes.agreement import GOLD
    from dash.themes.decisions import ACTIONS

    themes = commands.add_parser(
        "themes", help="recurring themes (key points, meetings, dates, places); agreement; decisions",
        description="Without a sub-command: the recurring themes in the store, each with its key points, "
        "meetings, first and last date, and places. Suggestions not yet reviewed are counted too.",
    )
    _add_db(themes)
    themes.add_argument("--json", action="store_true", help="print the themes as JSON")
    themes.set_defaults(run=_themes_report)
    theme_commands = themes.add_subparsers(dest="theme_command", required=False, metavar="THEME_COMMAND")
    agreement = theme_commands.add_parser(
        "agreement",
        help="precision, recall and Cohen's kappa against the hand-coded gold set, in and out of sample",
    )
    _add_db(agreement)
    agreement.add_argument("--gold", default=GOLD, type=Path, help="gold codes CSV (insight_id,theme_ids)")
    agreement.add_argument("--json", action="store_true", help="print JSON instead of a table")
    agreement.add_argument("--markdown", action="store_true",
                           help="print only the out-of-sample tables, as docs/themes.md has them")
    agreement.set_defaults(run=_agreement)
    decide = theme_commands.add_parser(
        "decide", help="accept, reject or add a theme code on a key point (kept through rebuilds)",
    )
    _add_db(decide)
    decide.add_argument("insight_id")
    decide.add_argument("theme_id")
    decide.add_argument("action", choices=ACTIONS)
    decide.add_argument("--settle", action="store_true",
                        help="end a disagreement between reviewers: this is the code the charts count")
    _add_by(decide)
    decide.set_defaults(run=_decide)
    reviewers = theme_commands.add_parser(
        "reviewers", help="how far reviewers agree with each other, per theme, and the codes to settle")
    _add_db(reviewers)
    reviewers.set_defaults(run=_reviewers)
    compare_models = theme_commands.add_parser(
        "compare", help="for developers: each installed embedding model's size, speed and agreement")
    _add_db(compare_models)
    compare_models.set_defaults(run=_compare_models)
    evaluate = theme_commands.add_parser(
        "evaluate", help="for developers: recall, precision and key points left uncoded, per theme, on "
                         "the built-in write-ups (each left out in turn) and on hand-coded sets of write-ups")
    _add_db(evaluate)
    evaluate.add_argument("--set", action="append", type=Path, metavar="FOLDER",
                          help="a folder of write-ups with its gold.json (again for more; default: "
                               "tests/themes/dev_set and tests/themes/held_out_set)")
    evaluate.set_defaults(run=_evaluate)
    from dash.themes.codebook import CODEBOOK

    codebook_in = theme_commands.add_parser(
        "import-codebook", help="add the codes of a REFI-QDA codebook (.qdc) as themes to the codebook")
    codebook_in.add_argument("file", type=Path, help="the .qdc file (QualCoder, NVivo, MAXQDA, ATLAS.ti)")
    codebook_in.add_argument("--codebook", type=Path, default=CODEBOOK, help="the codebook CSV to add to")
    _add_db(codebook_in)  # accepted like everywhere else, then refused: it names no store to change
    codebook_in.set_defaults(run=_import_codebook, store_unused="`themes import-codebook` adds to the "
                             "codebook file (--codebook names it), not to a store")
    project_out = theme_commands.add_parser(
        "export-qdpx", help="write the write-ups, key points, codebook and codes as a REFI-QDA project")
    _add_db(project_out)
    project_out.add_argument("out", type=Path, help="the .qdpx file to write")
    project_out.set_defaults(run=_export_qdpx)

    kinds = ", ".join(sorted(records_kinds()))
    for name, help_text in (("edit", "change a record's fields: edit KIND ID field=value …"),
                            ("add", "add a record: add KIND field=value … (id=… to choose its id)")):
        command = commands.add_parser(
            name, help=help_text,
            description=f"{help_text}. KIND is one of {kinds}; fields are data/seed's column names. "
            "Checked by the build's rules, signed, kept through rebuilds, and undoable (`dash undo N`).")
        _add_db(command)
        command.add_argument("kind", metavar="KIND")
        if name == "edit":
            command.add_argument("id", metavar="ID")
        command.add_argument("cells", nargs="*", metavar="FIELD=VALUE")
        _add_by(command)
        command.set_defaults(run=_edit)
    retire = commands.add_parser("retire", help="take a fund, panel or meeting out of every count "
                                 "(kept for what points at it); --back brings it back")
    _add_db(retire)
    retire.add_argument("kind", metavar="KIND", choices=["funds", "panels", "meetings"])
    retire.add_argument("id", metavar="ID")
    retire.add_argument("--back", action="store_true", help="bring a retired record back")
    _add_by(retire)
    retire.set_defaults(run=_retire)
    undo = commands.add_parser("undo", help="undo change N to a record (the Number in `dash history`)")
    _add_db(undo)
    undo.add_argument("change", type=int, metavar="N")
    _add_by(undo)
    undo.set_defaults(run=_undo)
    restore = commands.add_parser("restore", help="bring the records back to how they were on a date, as a "
                                  "new change (which `dash undo` can take back)")
    _add_db(restore)
    restore.add_argument("--as-of", required=True, metavar="YYYY-MM-DD",
                         help="the day whose end the records go back to (UK time)")
    _add_by(restore)
    restore.set_defaults(run=_restore)
    history = commands.add_parser("history", help="every change to the store, oldest first: its versions")
    _add_db(history)
    history.set_defaults(run=_history)
    export = commands.add_parser("export-records", help="write the records as data/seed's CSV files")
    _add_db(export)
    export.add_argument("folder", metavar="DIR")
    export.set_defaults(run=_export_records)

    imports = commands.add_parser("imports", help="the write-ups and 360Giving files imported; "
                                  "`imports remove write-up|grants ID` takes one back out")
    _add_db(imports)
    imports.set_defaults(run=_imports, imports_command=None)
    import_commands = imports.add_subparsers(dest="imports_command", required=False,
                                             metavar="IMPORTS_COMMAND")
    remove = import_commands.add_parser("remove", help="remove an import (importing it again brings it "
                                        "back, with the theme decisions made on it)")
    _add_db(remove)
    remove.add_argument("what", choices=["write-up", "grants"])
    remove.add_argument("id", metavar="ID", help="the meeting id of a write-up, the source id of a grants "
                        "file (as `imports` lists them)")
    _add_by(remove)
    remove.set_defaults(run=_imports)

    users = commands.add_parser(
        "users", help="who may edit once sign-in is set up: list, add ADDRESS ROLE, remove ADDRESS",
        description="Roles for people who sign in (docs/deployment.md): viewer (reads), editor (imports, "
        "reviews), admin (also says who is an editor). ADDRESS is an e-mail address or a whole domain "
        "written @example.org; an address's own role wins over its domain's. Each change is signed and "
        "kept through rebuilds.",
    )
    _add_db(users)
    users.set_defaults(run=_users, users_command=None)
    user_commands = users.add_subparsers(dest="users_command", required=False, metavar="USERS_COMMAND")
    listing = user_commands.add_parser("list", help="every address and domain with a role")
    _add_db(listing)
    adding = user_commands.add_parser("add", help="give an address or domain a role")
    adding.add_argument("pattern", metavar="ADDRESS", help="ada@example.org, or @example.org for a domain")
    from dash.write.access import ROLES

    adding.add_argument("role", choices=ROLES)
    removing = user_commands.add_parser("remove", help="take an address's or domain's role away")
    removing.add_argument("pattern", metavar="ADDRESS")
    for sub in (adding, removing):
        _add_db(sub)
        _add_by(sub)
    return parser


def one_line(text: str) -> str:
    """Stored text in a line of a listing (``history``, ``imports``, ``users``), on one printable line:
    a name with a line break in it (signed before names were kept to one line, or a journal edited by
    hand) cannot print a line of its own."""
    from dash.safe import one_line as flattened

    return flattened(text)


def safe_text(text: str) -> str:
    """What the terminal is given: stored text without control sequences that could move the cursor,
    change colours or rewrite what was printed before."""
    from dash.ingest.text import clean

    return clean(text)  # ESC and every other control character but tab and line breaks


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; any error is one sentence on stderr and exit status 2, never a traceback."""
    import logging

    from dash.errors import UserError, log_unexpected, unexpected_message

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        _one_store(args)
        return args.run(args)
    except UserError as error:  # a write asked of a shared store, a missing file, a bad date…
        print(safe_text(str(error)), file=sys.stderr)
        return 2
    except (KeyboardInterrupt, BrokenPipeError):
        return 130
    except Exception:
        reference = log_unexpected(f"running `{args.command}`")
        print(unexpected_message(f"running `{args.command}`", reference), file=sys.stderr)
        return 2
