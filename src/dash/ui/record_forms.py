"""Forms to add, correct, retire and bring back funds, panels and meetings, where they are shown.

Each field is one of the seed's columns (``dash.ingest.seed``) in plain words; a reference (the
organisation that holds a fund, its place, its source, a panel's fund) is a picker over the store.
Nothing is saved until the write service accepts the whole record: a refusal is shown under each
field it concerns, with what was typed kept, and every saved change is signed and can be undone
from the Activity page.
"""

from __future__ import annotations

import pandas as pd
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


def choice_labels(choices: pd.DataFrame) -> dict[str, str]:
    """A picker's records (``id``, ``label`` columns) as id → label, in order: read as lists, not item
    by item from pandas' arrays (a national store's 5,000 funds, on every rerun of an open form)."""
    return dict(zip(choices["id"].tolist(), choices["label"].tolist(), strict=True))


def _field(context: PageContext, table: str, column, cells: dict[str, str], key: str) -> str:
    label, hint = FIELD_WORDS[table][column.name]
    label += " *" if column.required else ""
    current = shown(column, cells.get(column.name, ""))
    if column.name in _PICKS:
        options = context.read("record_choices", table=_PICKS[column.name])
        names = choice_labels(options)
        ids = [NEW, *names]
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
    # Made only when opened, as the tables are: a closed form would still build its pickers on every
    # rerun (a national store's 5,000 funds: a third of the Funds page's script for each session).
    # Its key keeps it open through the reruns a save makes, so its outcome is read under it.
    with st.expander(f"Add or correct {a} {what}", key=form_key(table), on_change="rerun",
                     icon=":material/edit:") as form:
        if form.open:
            _form_body(context, table, what, outcome_key)


def form_key(table: str) -> str:
    """The key of the table's "Add or correct …" expander: ``st.session_state[key] = True`` opens it."""
    return f"record_{table}_open"


def _form_body(context: PageContext, table: str, what: str, outcome_key: str) -> None:
    """The open form: the picker, the record's fields, save; retire or remove; bring back; the outcome."""
    names = choice_labels(context.read("record_choices", table=table))
    picked = st.selectbox(f"Which {what}?", [NEW, *names], key=f"{outcome_key}_pick",
                          format_func=lambda i: f"Add a new {what}" if i == NEW else names.get(i, i))
    cells = (context.read("record_cells", table=table, record_id=picked) or {}) if picked != NEW else {}
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
    retired = context.read("retired_records", table=table) if table in RETIRABLE else None
    if retired is not None and not retired.empty:
        labels = choice_labels(retired)
        back = st.selectbox(f"Bring back a retired {what}", [NEW, *labels],
                            key=f"{outcome_key}_back_pick",
                            format_func=lambda i: "(choose)" if i == NEW else labels.get(i, i))
        if back != NEW and st.button("Bring it back", key=f"{outcome_key}_back"):
            writes.retire_record(table, back, outcome_key, back=True)
    show_outcome(st.session_state.get(outcome_key))


def undo_panel(context: PageContext) -> None:
    """The Activity page's Undo: any change to a record that is still the latest to it."""
    if not may_edit("undo changes to records"):
        return
    undoable = context.read("undoable_changes")
    outcome_key = "record_undo"
    if undoable.empty:
        st.caption("No change to a fund, panel or meeting to undo yet.")
        show_outcome(st.session_state.get(outcome_key))
        return
    labels = {int(row.entry): f"{int(row.entry)}: {row.summary} ({row.written_by})"
              for row in undoable.itertuples()}
    # The newest change that is not itself an undo: right after an undo, the list offers the change
    # before it, never the undo just made (choosing that is still possible, by hand).
    first = next((n for n, row in enumerate(undoable.itertuples()) if pd.isna(row.undoes)), None)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        chosen = st.selectbox("Undo a change to a record", list(labels), format_func=lambda n: labels[n],
                              key="record_undo_pick", index=first, placeholder="Choose a change…",
                              help="Undoing is itself a change, signed, which can be undone in turn. A "
                              "record changed again since can only have its latest change undone.")
        if st.button("Undo", key="record_undo_button", icon=":material/undo:", disabled=chosen is None):
            writes.undo(chosen, outcome_key)
    show_outcome(st.session_state.get(outcome_key))


# The Activity table as the page draws it: "What changed" right after the time, as wide as the page's
# column leaves once the others have their due (the 790 px a centred page has, at 1280 px as at 1920),
# its words wrapped over up to four lines (a grid wraps only rows taller than 4rem). "How" is in the
# CSV, not on screen, to leave the room to the words.
PAGE_COLUMN = 790  # px
ACTIVITY_WIDTHS = {"Number": 70, "When (UK time)": 125, "What changed": 330, "Who": 95, "Kind": 115,
                   "Open": 55}
ACTIVITY_LINES = 4
ACTIVITY_ROWS_SHOWN = 8  # then the table scrolls; the CSV holds every change
ACTIVITY_ROW_HEIGHT = 18 + 20 * ACTIVITY_LINES  # px: the padding and four lines of 14 px text


def show_activity(activity: pd.DataFrame) -> None:
    """Every change, newest first, each one's words read whole (measured before: cut at 1280 px)."""
    st.dataframe(activity, hide_index=True, width="stretch", row_height=ACTIVITY_ROW_HEIGHT,
                 height=40 + ACTIVITY_ROW_HEIGHT * min(len(activity), ACTIVITY_ROWS_SHOWN),
                 column_order=list(ACTIVITY_WIDTHS), column_config={
        "Number": st.column_config.NumberColumn("Number", help="The journal entry that holds this change",
                                                format="%d", width=ACTIVITY_WIDTHS["Number"]),
        **{name: st.column_config.TextColumn(name, width=width) for name, width in ACTIVITY_WIDTHS.items()
           if name not in ("Number", "Open")},
        "Open": st.column_config.LinkColumn("Open", display_text="Open", help="The page showing what changed",
                                            width=ACTIVITY_WIDTHS["Open"]),
    })


def imports_panel(context: PageContext) -> None:
    """The Activity page's list of imports, each removable: its title, date and place are corrected
    on the Meetings page (an imported write-up is a meeting like any other)."""
    imports = context.read("imports")
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
    rows = {f"{row['what']}|{row['id']}": row for _, row in imports.iterrows()}
    names = {key: f"{row['Kind']}: {row['Import']} ({row['What it added']})" for key, row in rows.items()}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        chosen = st.selectbox("Remove an import", list(names), format_func=lambda k: names[k], index=None,
                              placeholder="Choose an import…", key="import_remove_pick",
                              help="Its meeting and key points, or its grants, leave the store. The theme "
                                   "decisions made on a write-up are kept, and come back if it is imported "
                                   "again.")
        if st.button("Remove it…", key="import_remove_button", disabled=chosen is None,
                     icon=":material/delete:"):
            st.session_state["import_remove_asked"] = chosen
    asked = st.session_state.get("import_remove_asked")
    if asked and asked == chosen and asked in rows:  # one click asks; only the second removes
        row = rows[asked]
        goes = (f"its meeting and {row['What it added']}" if row["what"] == "write-up"
                else row["What it added"])
        st.warning(safe.markdown(f"Remove '{row['Import']}'? {goes[:1].upper()}{goes[1:]} leave the store "
                                 "and every chart and total that counts them. Importing the same file "
                                 "again brings them back."))
        with st.container(horizontal=True):
            if st.button(f"Yes, remove {goes}", key="import_remove_confirm", type="primary"):
                st.session_state.pop("import_remove_asked", None)
                what, import_id = asked.split("|", 1)
                writes.remove_import(what, import_id, outcome_key)
            if st.button("Keep it", key="import_remove_keep"):
                st.session_state.pop("import_remove_asked", None)
                st.rerun()
    show_outcome(st.session_state.get(outcome_key))
