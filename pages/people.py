"""People: who may edit once sign-in is set up. Admins only (the navigation lists it for no one else)."""

import streamlit as st

from dash.safe import markdown as literal
from dash.ui.components import page_header, show_outcome
from dash.ui.frame import page_context
from dash.ui.identity import visitor
from dash.ui.writes import set_role, tried
from dash.write.access import ROLES

context = page_context()
page_header("People", context, "Viewers read; editors also import files and review themes; admins also "
            "say who is an editor. Give a role to one address (ada@example.org) or to everyone signed in "
            "from a domain (@example.org): an address's own role wins over its domain's, and anyone else "
            "who signs in is a viewer. Every change is signed and listed on the Activity page.")
settings = visitor().settings
if settings.admins:
    st.caption("Admins named in the configuration, whatever this list says: "
               + literal(", ".join(settings.admins)) + ".")

show_outcome(st.session_state.pop("people_outcome", None))
people = context.read("roles")
if people.empty:
    st.info("No one has been given a role here yet.")
else:
    st.dataframe(people.rename(columns={"pattern": "Address or domain", "role": "Role",
                                        "granted_by": "Given by", "granted_at": "When (UTC)"}),
                 hide_index=True, width="stretch")

with st.form("people_add", border=True, enter_to_submit=False):
    st.markdown("**Give a role**")
    left, right = st.columns([3, 1])
    pattern = left.text_input("E-mail address, or @domain for everyone at it", key="people_pattern",
                              placeholder="ada@example.org or @example.org")
    role = right.selectbox("Role", ROLES, index=1, key="people_role")
    if st.form_submit_button("Save the role"):
        set_role(pattern, role, "people_outcome")

if not people.empty:
    with st.expander("Take a role away", expanded=tried("people_outcome")):
        chosen = st.selectbox("Address or domain", list(people["pattern"]), index=None, key="people_remove",
                              placeholder="Pick one")
        if st.button("Take the role away", disabled=chosen is None, key="people_remove_button"):
            set_role(chosen, None, "people_outcome")
