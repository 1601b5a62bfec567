"""Kinds of place the store holds, shared by the geography importer, the summary tables and the tools.

At the bottom of the house so that the store's summaries need nothing from the importers above it.
"""

# The kinds that are a single local authority: each record is placed on the map in one of these.
DISTRICT_KINDS: tuple[str, ...] = (
    "unitary authority", "district", "metropolitan borough", "London borough", "council area",
    "principal area",
)
