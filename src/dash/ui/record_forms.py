"""Forms to add, correct, retire and bring back funds, panels and meetings, where they are shown.

Each field is one of the seed's columns (``dash.ingest.seed``) in plain words; a reference (the
organisation that holds a fund, its place, its source, a panel's fund) is a picker over the store.
Nothing is saved until the write service accepts the whole record: a refusal is shown under each
field it concerns, with what was typed kept, and every saved change is signed and can be undone
from the Activity page.
"""

from __future__ import annotations

import streamlit as st

from dash import format as fmt
from dash import safe
from dash.ingest import values
from dash.ui import writes
from dash.ui.components import show_outcome
from dash.ui.frame import PageContext
from dash.ui.identity import may_edit
from dash.write.records import RETIRABLE, RecordRefused, spec_of, word
from dash.write.words import FIELD_WORDS

NEW = ""  # the picker's choice for a record not yet in the store
# Where a record a picker names is added, for the picker's help ("Not listed? Add it …").
_ADD_NEW = {"organisations": "under 'Add or correct an organisation' on the Funds page",
            "sources": "under 'Add or correct a source' on the Funds page",
            "funds": "under 'Add or correct a fund' on the Funds page",
            "meetings": "under 'Add or correct a meeting' on the Meetings page"}
_LONG = {"approach", "notes", "powers", "money_from", "pay_basis", "text"}
_PICKS = {"org_id": "organisations", "organiser_org_id": "organisations", "locality_id": "localities",
          "fund_id": "funds", "source_id": "sources", "meeting_id": "meetings"}


def _problems(outcome_key: str) -> dict[str | None, str]:
    """The last refusal's problems, by field, for this form."""
    outcome = st.session_state.get(outcome_key)
    report = getattr(outcome, "report", None)
    if outcome is None or outcome.ok or not isinstance(report, RecordRefused):
        return {}
    return {problem.column: problem.message for problem in report.problems}


def shown(column, cell: str) -> str:
    """A stored cell as the form shows it: pounds as £1,300,000 and shares as 40%, as trustees write
    them (the seed's parser reads either form back)."""
    if not cell:
        return cell
    if column.parse is values.pounds:
        return fmt.money_exact(float(cell))
    if column.parse is values.share:
        return f"{float(cell) * 100:.4g}%"
    return cell


def _field(context: PageContext, table: str, column, cells: dict[str, str], key: str) -> str:
    label, hint = FIELD_WORDS[table][column.name]
    label += " *" if column.required else ""
    current = shown(column, cells.get(column.name, ""))
    if column.name in _PICKS:
        options = context.record_choices(_PICKS[column.name])
        ids = [NEW, *options["id"]]
        names = dict(zip(options["id"], options["label"], strict=True))
        if current and current not in names:
            ids.append(current)  # a retired fund a panel still names stays pickable
        where = _ADD_NEW.get(_PICKS[column.name])
        return st.selectbox(label, ids, index=ids.index(current) if current in ids else 0, key=key,
                            format_func=lambda i: "(none)" if i == NEW else names.get(i, i),
                            help=" ".join(part for part in (hint, f"Not listed? Add it {where}." if where
                                                            else "") if part) or None)
    if column.parse is values.yes_no:
        answers = ["", "yes", "no"]
        return st.selectbox(label, answers, index=answers.index(current) if current in answers else 0,
                            format_func=lambda a: a or "not stated", key=key)
    entry = st.text_area if column.name in _LONG else st.text_input
    return entry(label, value=current, key=key, placeholder=hint or None, max_chars=None)


def _after_an_addition(outcome_key: str) -> None:
    """Once a new record is saved, the picker shows it and the blank form is blank again (before any
    widget is drawn: Streamlit lets a widget's value be set only then)."""
    outcome = st.session_state.get(outcome_key)
    report = getattr(outcome, "report", None)
    if not (outcome and outcome.ok and getattr(report, "action", "") == "add" and report.entry):
        return
    if st.session_state.get(f"{outcome_key}_cleared") == report.entry:
        return
    for key in [k for k in st.session_state if str(k).startswith(f"{outcome_key}_new_")]:
        del st.session_state[key]
    st.session_state[f"{outcome_key}_pick"] = report.record_id
    st.session_state[f"{outcome_key}_cleared"] = report.entry


def record_form(context: PageContext, table: str) -> None:
    """'Add or correct a fund' (panel, meeting): pick one, or a new one; its fields; save, retire."""
    what = word(table)
    plural = f"{what}s"
    if not may_edit(f"add and correct {plural}"):
        return
    outcome_key = f"record_{table}"
    _after_an_addition(outcome_key)
    a = "an" if what[0] in "aeiou" else "a"
    with st.expander(f"Add or correct {a} {what}", expanded=writes.tried(outcome_key),
                     icon=":material/edit:"):
        choices = context.record_choices(table)
        names = dict(zip(choices["id"], choices["label"], strict=True))
        picked = st.selectbox(f"Which {what}?", [NEW, *choices["id"]], key=f"{outcome_key}_pick",
                              format_func=lambda i: f"Add a new {what}" if i == NEW else names.get(i, i))
        cells = (context.record_cells(table, picked) or {}) if picked != NEW else {}
        problems = _problems(outcome_key)
        spec = spec_of(table)
        typed: dict[str, str] = {}
        with st.form(key=f"{outcome_key}_form_{picked or 'new'}", border=False):
            for column in spec.columns:
                if column.name in (spec.key, "retired_on"):
                    continue
                typed[column.name] = _field(context, table, column, cells,
                                            f"{outcome_key}_{picked or 'new'}_{column.name}") or ""
                if column.name in problems:
                    st.error(safe.markdown(problems[column.name]))
            if None in problems:
                st.error(safe.markdown(problems[None]))
            saved = st.form_submit_button(f"Add this {what}" if picked == NEW else "Save the changes",
                                          type="primary")
        if saved:
            columns = {column.name: column for column in spec.columns}
            changed = {name: cell for name, cell in typed.items()  # what the person changed on screen
                       if cell.strip() != shown(columns[name], cells.get(name, "")).strip()}
            if picked == NEW:
                changed = {name: cell for name, cell in typed.items() if cell.strip()}
            writes.save_record(table, None if picked == NEW else picked, changed, outcome_key)
        retirable = picked != NEW and table in RETIRABLE
        if retirable and st.button(f"Retire this {what}", key=f"{outcome_key}_retire",
                                       help="Takes it out of every count and chart; it stays for what "
                                            "points at it, and can be brought back below or undone."):
            writes.retire_record(table, picked, outcome_key)
        if picked != NEW and not retirable and st.button(
                f"Remove this {what}", key=f"{outcome_key}_remove",
                help="Only when nothing points at it; Undo on the Activity page brings it back."):
            writes.remove_record(table, picked, outcome_key)
        retired = context.retired_records(table) if table in RETIRABLE else None
        if retired is not None and not retired.empty:
            back = st.selectbox(f"Bring back a retired {what}", [NEW, *retired["id"]],
                                key=f"{outcome_key}_back_pick",
                                format_func=lambda i: "(choose)" if i == NEW else
                                dict(zip(retired["id"], retired["label"], strict=True)).get(i, i))
            if back != NEW and st.button("Bring it back", key=f"{outcome_key}_back"):
                writes.retire_record(table, back, outcome_key, back=True)
        show_outcome(st.session_state.get(outcome_key))


def undo_panel(context: PageContext) -> None:
    """The Activity page's Undo: any change to a record that is still the latest to it."""
    if not may_edit("undo changes to records"):
        return
    undoable = context.undoable_changes()
    outcome_key = "record_undo"
    if undoable.empty:
        st.caption("No change to a fund, panel or meeting to undo yet.")
        show_outcome(st.session_state.get(outcome_key))
        return
    labels = {int(row.entry): f"{int(row.entry)}: {row.summary} ({row.written_by})"
              for row in undoable.itertuples()}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        chosen = st.selectbox("Undo a change to a record", list(labels), format_func=lambda n: labels[n],
                              key="record_undo_pick", help="Undoing is itself a change, signed, which "
                              "can be undone in turn. A record changed again since can only have its latest "
                              "change undone.")
        if st.button("Undo", key="record_undo_button", icon=":material/undo:"):
            writes.undo(chosen, outcome_key)
    show_outcome(st.session_state.get(outcome_key))


def imports_panel(context: PageContext) -> None:
    """The Activity page's list of imports, each removable: its title, date and place are corrected
    on the Meetings page (an imported write-up is a meeting like any other)."""
    imports = context.imports()
    st.subheader("Imports")
    if imports.empty:
        st.caption("No write-up or 360Giving file is in the store from an import.")
        show_outcome(st.session_state.get("import_remove"))  # the last one may just have been removed
        return
    st.dataframe(imports.drop(columns=["what", "id"]), hide_index=True, width="stretch")
    st.caption("Correct an imported write-up's title, date or place under 'Add or correct a meeting' on "
               "the Meetings page.")
    if not may_edit("remove an import"):
        return
    outcome_key = "import_remove"
    names = {f"{row['what']}|{row['id']}": f"{row['Kind']}: {row['Import']} ({row['What it added']})"
             for _, row in imports.iterrows()}
    keys = list(names)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        chosen = st.selectbox("Remove an import", keys, format_func=lambda k: names[k], index=None,
                              placeholder="Choose an import…", key="import_remove_pick",
                              help="Its meeting and key points, or its grants, leave the store. The theme "
                                   "decisions made on a write-up are kept, and come back if it is imported "
                                   "again.")
        if st.button("Remove it", key="import_remove_button", disabled=chosen is None,
                     icon=":material/delete:"):
            what, import_id = chosen.split("|", 1)
            writes.remove_import(what, import_id, outcome_key)
    show_outcome(st.session_state.get(outcome_key))
