"""Themes: which themes keep coming back, the words behind each count, and reviewing the codes."""

import pandas as pd
import streamlit as st

from dash import catalogue
from dash import format as fmt
from dash.safe import markdown as literal
from dash.themes.agreement import GOLD
from dash.themes.evidence import highlight, how_suggested
from dash.ui.components import page_header, show_named, show_outcome
from dash.ui.documents import qdpx_download
from dash.ui.frame import page_context, take_from_link
from dash.ui.identity import may_edit
from dash.ui.writes import decide

context = page_context()
filters = context.filters
page_header("Recurring themes", context, "A theme is a subject people keep raising, such as paying panel "
            "members or sharing power. Each key point from a meeting is matched against the themes' words "
            "and, where no words match, given the themes that the coded sentences nearest to it in "
            "meaning carry: the themes' definitions and examples, hundreds of key points coded by hand, and "
            "every key point a reviewer has accepted or rejected. A reviewer then accepts or rejects each "
            "suggestion, or adds one the suggestions missed. Every review makes the next suggestions better: "
            "the next write-up imported is compared with it, and so is every key point nobody has decided "
            "when the store is next rebuilt.")

coding = context.read("coding_state")
# the Activity page's link to a review
take_from_link("theme", "themes_pick", ("a theme", "themes"), allowed=coding.names)
if coding.codes == 0:
    st.info("No key point has been coded with a theme yet, so there is nothing to count. "
            "Whoever runs the dashboard rebuilds its records to code the key points with the codebook.")
    st.stop()

by_before = st.session_state.get("themes_matrix_by") or "meeting"  # the control below, as last set
context.prefetch([name.replace("_meeting", f"_{by_before}") for name in catalogue.PAGE_CHARTS["themes"]])
if filters.suggestions:
    st.caption(f"Counts are the codes reviewers accepted ({coding.accepted:,} so far) and the suggestions "
               "nobody has settled yet, never the rejected ones. Review them below; the sidebar's switch "
               "counts accepted codes only.")
else:
    st.caption(f"Counting only the codes reviewers accepted ({coding.accepted:,} so far): the sidebar's "
               "switch adds the suggestions nobody has settled yet.")


def _open_theme(chart_key: str) -> None:
    """A click on a bar or a cell opens the key points behind it, below."""
    event = st.session_state.get(chart_key)
    for point in (event.selection.points if event else []):
        data = point.get("customdata")
        if data:
            theme_id, *rest = data if isinstance(data, list) else [data]
            st.session_state["themes_pick"] = theme_id
            st.session_state["themes_meeting"] = rest[0] if rest and chart_key.endswith("meeting") else None
            return


show_named(context, "theme_counts", on_select=lambda: _open_theme("chart_theme_counts"))
without = context.read("key_points_without_a_theme")
if not without.empty:
    total = int(without["total"].iloc[0])
    label = f"{fmt.count(total, 'key point')} with no theme: neither the rules nor meaning found one"
    with st.expander(label):
        st.caption("Not counted in any theme above. A reviewer can add a theme to any of them below "
                   "(\"Add this theme to a key point the suggestions missed\").")
        for row in without.itertuples():
            st.markdown(f"- {literal(row.text)} ({literal(row.meeting)}, key point {row.position})")
        if total > len(without):
            st.caption(f"The newest {len(without)} of {total:,}.")
by = st.segmented_control("Compare themes across", ["meeting", "place"], default="meeting",
                          key="themes_matrix_by", format_func=lambda v: f"{v}s") or "meeting"
show_named(context, f"theme_matrix_{by}", key_suffix=f"_{by}",
           on_select=lambda: _open_theme(f"chart_theme_matrix_{by}"))
show_named(context, "themes_over_time")
show_named(context, "theme_pairs")


REVIEW_PAGE = 20  # cards at a time: each holds a key point and two buttons


def _show_fewer() -> None:
    st.session_state["themes_shown"] = REVIEW_PAGE


@st.fragment
def review_panel() -> None:
    """Picking a theme or showing more reruns only this panel, not the charts above."""
    st.subheader("The words behind a count")
    theme_names = coding.names
    theme_id = st.selectbox("Theme", list(theme_names), format_func=theme_names.get, key="themes_pick",
                            on_change=_show_fewer)
    reviewing = may_edit("accept or reject the rules' codes")  # signed with who you are signed in as
    show_outcome(st.session_state.pop("themes_outcome", None))

    meeting_id = st.session_state.get("themes_meeting")
    shown = st.session_state.setdefault("themes_shown", REVIEW_PAGE)
    coded = context.read("theme_key_points", theme_id=theme_id, limit=shown, meeting_id=meeting_id)
    if meeting_id:
        picked = f" ('{literal(coded['meeting'].iloc[0])}')" if not coded.empty else ""
        st.caption(f"Only key points from one meeting{picked}, picked on the heatmap.")
        st.button("Show every meeting", on_click=lambda: st.session_state.update(themes_meeting=None),
                  key="themes_all_meetings")
    total = int(coded["total"].iloc[0]) if not coded.empty else 0
    if coded.empty:
        st.info("No key point in this filter is coded with this theme.")
    elif total > len(coded):
        st.caption(f"Showing the newest {len(coded)} of {total:,} key points.")
    for _, row in coded.iterrows():
        with st.container(border=True):
            said = literal(row["decided_by"]) if isinstance(row["decided_by"], str) else ""
            decided = f" ({said})" if row["status"] == "disputed" else f" by {said}" if said else ""
            st.markdown(highlight(row["text"], row["evidence"]))
            st.caption(f"{literal(row['meeting'])} ({fmt.long_date(row['held_on'])}), key point "
                       f"{row['position']} · {how_suggested(row['method'], row['evidence'])} · "
                       f"{STATUS[row['status']]}{decided} · Source: {literal(row['source_title'])}")
            if not reviewing:
                continue
            left, right, _ = st.columns([1, 1, 4])
            for column, action, label, done in ((left, "accept", "Accept", "accepted"),
                                                (right, "reject", "Reject", "rejected")):
                if column.button(label, key=f"{action}_{row['insight_id']}_{theme_id}",
                                 disabled=row["status"] == done):
                    decide(row["insight_id"], theme_id, action, "themes_outcome")
            if row["status"] == "disputed":
                settle_buttons(row["insight_id"], theme_id, f"card_{row['insight_id']}_{theme_id}")
    if total > len(coded):
        st.button(f"Show {min(REVIEW_PAGE, total - len(coded))} more", key="themes_more",
                  on_click=lambda: st.session_state.update(themes_shown=shown + REVIEW_PAGE))

    if reviewing and st.toggle("Add this theme to a key point the suggestions missed", key="themes_adding"):
        candidates = context.read("theme_candidates", theme_id=theme_id)
        labels = dict(zip(candidates["insight_id"], candidates["label"], strict=True))
        chosen = st.selectbox("Key point", list(labels), format_func=labels.get, index=None,
                              key="themes_add_pick", placeholder="Type to search the key points")
        if st.button("Add the theme", disabled=not chosen, key="themes_add"):
            decide(chosen, theme_id, "add", "themes_outcome")


def settle_buttons(insight_id: str, theme_id: str, key: str) -> None:
    """Reviewers disagree: this decides it for the charts, whoever voted which way."""
    left, right, _ = st.columns([1, 1, 2])
    if left.button("Settle: it has this theme", key=f"settle_yes_{key}"):
        decide(insight_id, theme_id, "accept", "themes_outcome", settles=True)
    if right.button("Settle: it does not", key=f"settle_no_{key}"):
        decide(insight_id, theme_id, "reject", "themes_outcome", settles=True)


STATUS = {"accepted": "Accepted", "suggested": "Not reviewed yet", "rejected": "Rejected",
          "disputed": "Reviewers disagree, counted as not yet settled"}
review_panel()

st.subheader("Reviewers")
between = context.read("reviewer_agreement")
st.markdown(between.sentence())
to_settle = context.read("disputed")
if not to_settle.empty:
    st.markdown(f"**{fmt.count(len(to_settle), 'code')} to settle**: reviewers disagree on these, and "
                "the charts count each as not yet settled until someone decides it.")
    settling = may_edit("settle what reviewers disagree on")
    for row in to_settle.itertuples():
        with st.container(border=True):
            st.markdown(literal(row.text))
            st.caption(f"{literal(row.theme)} · {literal(row.meeting)}, key point {row.position} · "
                       f"{literal(row.said)}")
            if settling:
                settle_buttons(row.insight_id, row.theme_id, f"list_{row.insight_id}_{row.theme_id}")
qdpx_download(context)
if between.rows():
    with st.expander("Agreement between reviewers, by theme (for analysts)"):
        st.caption("Only codes two or more people voted on count. With two reviewers the measure is "
                   "Cohen's kappa, with more Krippendorff's alpha: 1 is full agreement, 0 no better "
                   "than chance.")
        st.dataframe(pd.DataFrame(between.rows()), hide_index=True, width="stretch")

if GOLD.exists():
    sentence, rows = context.read("tagger_agreement")
    with st.expander("How often are the suggestions right? (for analysts)"):
        st.markdown(sentence)
        st.caption("A person coded every key point of the built-in meetings by hand. Each meeting is "
                   "scored as if it were new: no phrase only its own key points contain, and none of its "
                   "key points, is used on it. Kappa measures agreement beyond chance: 1 is perfect, 0 is "
                   "no better than guessing. The last column shows how much better the rules look on "
                   "the meetings they were written from.")
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
