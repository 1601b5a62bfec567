"""A write-up that names only a town or a neighbourhood is placed in the council it lies in (the
gazetteer, data/geo/towns.csv), as weaker evidence than a council's own name. The snippets are made up
for these tests."""

from __future__ import annotations

from dash.ingest.notes import parse_notes
from dash.ingest.places_named import rank_places

PLACES = {"Torbay": "E06000027", "Leeds": "E08000035", "Southwark": "E09000028", "Sefton": "E08000014",
          "Telford and Wrekin": "E06000020", "London": "E12000007", "Newport": "W06000022",
          "Isle of Wight": "E06000046"}
WITHIN = {"E09000028": frozenset({"E12000007"})}
TOWNS = {"Paignton": ("E06000027", "Torbay"), "Brixham": ("E06000027", "Torbay"),
         "Peckham": ("E09000028", "Southwark"), "Bootle": ("E08000014", "Sefton"),
         "Southport": ("E08000014", "Sefton"), "Hadley": ("E06000020", "Telford and Wrekin"),
         "Headingley": ("E08000035", "Leeds"),
         # a town sharing a council's name stays the council's: the gazetteer never holds one, and the
         # importer would not let one through if it did
         "Newport": ("E06000046", "Isle of Wight")}


def _place(text: str, *, title: str = ""):
    lines = text.splitlines()
    return rank_places(title or lines[0].lstrip("# "), lines, PLACES, within=WITHIN, towns=TOWNS)


def test_a_write_up_naming_only_paignton_is_placed_in_torbay_and_says_both():
    choice = _place("# Carers' cafe in Paignton: what we heard\n\n"
                    "Fourteen carers came to the cafe on the seafront to talk about respite and the bus.\n"
                    "- Respite should be booked by carers themselves.\n")
    assert choice.chosen == "E06000027"
    assert choice.sentence.startswith("Placed in Torbay (the write-up names Paignton), named in the title;")


def test_the_mention_a_person_confirms_quotes_the_town_the_write_up_names():
    parsed = parse_notes(b"# Youth panel, Peckham\n\nTwelve young people met at the library in Peckham "
                         b"to choose which bids to fund this spring.\n\n- Pay young people for their time.\n",
                         place_names=PLACES, places_within=WITHIN, towns=TOWNS)
    assert parsed.place.chosen == "E09000028"
    place = [m for m in parsed.mentions if m.kind == "place"]
    assert [(m.text, m.value) for m in place] == [("Peckham", "E09000028")]
    assert "Peckham" in place[0].context


def test_a_surname_that_is_also_a_village_is_not_a_place():
    choice = _place("# Panel notes\n\nThe panel met online; Ruth Hadley chaired and Cllr Hadley sent "
                    "apologies.\n- Hadley Smith asked for paper forms as well as online ones.\n")
    assert choice.chosen is None and not choice.asked
    assert "names no place" in choice.sentence


def test_a_sentence_ending_before_a_town_is_not_a_name_beside_it():
    choice = _place("# Carers' cafe\n\nWe first met in a hall. Paignton was chosen for the cafe because "
                    "the buses run there from every part of the bay.\n- Keep the cafe.\n")
    assert choice.chosen == "E06000027"
    titled = _place("# Panel notes\n\nThe report was written by Dr. Hadley and Cllr F. Hadley for the panel "
                    "and sent round to every member last week.\n- Keep paper forms.\n")
    assert not titled.ranked


def test_a_town_inside_a_name_or_where_someone_came_from_does_not_count():
    choice = _place("# Panel notes\n\nMembers from the Paignton Community Trust joined us, with a visitor "
                    "who travelled in from Bootle for the day.\n- Keep paper forms.\n")
    assert choice.chosen is None and not [p for p in choice.ranked if p.score > 0]


def test_small_words_and_compass_points_beside_a_town_do_not_hide_it():
    choice = _place("Notes From Peckham\n\nIn Peckham, residents spoke about the clinic; "
                    "North Peckham's estates were named most.\n- Keep the clinic open.\n")
    assert choice.chosen == "E09000028"


def test_a_council_named_beats_a_town_in_another_council_mentioned_in_passing():
    choice = _place("# Listening event\n\nResidents from across Leeds met at the civic hall to talk about "
                    "community health and the changes to the walk-in centres there.\n"
                    "- A Southport group has run something like it.\n- Leeds wants paper forms too.\n")
    assert choice.chosen == "E08000035"
    # the same weight in the first paragraph: the council's own name wins the tie
    tie = _place("# Listening event\n\nPeople came to talk about Leeds and about Southport, over tea and "
                 "cake, on a wet Thursday evening in the hall.\n- Keep the hall.\n")
    assert tie.chosen == "E08000035"


def test_a_town_named_in_passing_counts_once_and_is_asked_about_not_chosen():
    choice = _place("# Carers' cafe\n\n- Carers said Bootle needs a cafe.\n- Bootle's bus is slow.\n"
                    "- The Bootle library closes early.\n- Bootle has no respite beds.\n")
    assert choice.chosen is None
    assert [p.locality_id for p in choice.asked] == ["E08000014"]
    assert choice.sentence.startswith("The write-up names Bootle (Sefton) only in passing")


def test_towns_and_their_council_named_together_add_up_to_the_council():
    choice = _place("# Torbay carers' panel\n\nCarers from Paignton and Brixham met in Torquay's library "
                    "to decide the small grants for the winter.\n- Fund the Brixham lunch club.\n")
    assert choice.chosen == "E06000027"
    assert choice.sentence.startswith("Placed in Torbay, ")  # the council's own name, not a town's


def test_a_neighbourhood_and_the_region_it_lies_in_place_the_neighbourhood():
    choice = _place("# Youth grants\n\nYoung people in Peckham, London, met on Saturday to choose which "
                    "of the bids to fund.\n- Fund the boxing club.\n")
    assert choice.chosen == "E09000028"


def test_a_name_that_is_a_councils_stays_the_councils():
    """Newport is three towns (Wales, the Isle of Wight, Shropshire); the Welsh one has more than five
    times the people of the next, and it is a council's own name: it is always Newport's council."""
    choice = _place("# Grants panel in Newport\n\nResidents met in Newport to decide the grants for the "
                    "coming spring.\n- Pay for childcare.\n")
    assert choice.chosen == "W06000022"


def test_without_a_gazetteer_nothing_changes():
    choice = rank_places("Carers' cafe in Paignton", ["- Respite."], PLACES)
    assert choice.chosen is None and "names no place" in choice.sentence


def test_a_town_called_on_sea_is_found_by_its_short_name_too():
    towns = {**TOWNS, "Gorleston-on-Sea": ("E07000145", "Great Yarmouth"), "Ross-on-Wye": ("E06000019", "x")}
    text = ("# Carers' afternoon\n\nTwenty carers came to the Gorleston library community room on Tuesday "
            "afternoon to talk about breaks.\n- Breaks must be booked by carers.\n"
            "- Ross said the bus is late.\n")
    lines = text.splitlines()
    choice = rank_places(lines[0].lstrip("# "), lines, PLACES, within=WITHIN, towns=towns)
    assert [p.locality_id for p in choice.ranked] == ["E07000145"]  # never "Ross" for Ross-on-Wye


def test_reading_at_a_sentence_s_start_is_the_word_not_the_town():
    places = {**PLACES, "Reading": "E06000038"}
    lines = ["# Listening on the doorstep", "_9 June 2025 · by a peer researcher · Reading time 6 minutes_",
             "Reading the notes back, we met in Torbay's library to plan the next round of visits together.",
             "- People wait too long for a GP."]
    choice = rank_places(lines[0].lstrip("# "), lines, places, within=WITHIN, towns=TOWNS)
    assert "E06000038" not in [p.locality_id for p in choice.ranked if p.score > 0]
    named = rank_places("Notes", ["We met in Reading last week to plan the visits for the summer."], places)
    assert named.ranked[0].locality_id == "E06000038" and named.ranked[0].score > 0


def test_a_title_s_question_word_before_a_town_is_no_name():
    choice = _place("# What Paignton tenants told us about damp\n\nOur caseworkers are based at our Leeds "
                    "office, and this year the damp work came to the seafront for the first time.\n"
                    "- Landlords answer faster when tenants go together.\n")
    assert choice.chosen == "E06000027"  # "What Paignton" is no person; "our Leeds office" is elsewhere


def test_a_comparison_with_anywhere_else_and_the_next_venue_are_not_the_place():
    anywhere = _place("# Vote night\n\n3.6.25, church hall off the high street, Bootle\n\n"
                      "About two hundred people voted; as far as we know it was the only vote of its kind "
                      "anywhere in Leeds this year.\n- Voting in person matters.\n")
    assert anywhere.chosen == "E08000014"  # the dateline's town, not the comparison
    assert "where it was held" in anywhere.sentence
    next_time = _place("# Network day\n\nTeams from Leeds, Sefton and Torbay met to swap ideas and stories "
                       "about paying peer researchers fairly.\n- Share the payment policy.\n"
                       "Our next network day will be in Torbay in March.\n")
    assert next_time.chosen is None  # three teams and the next venue: asked, never chosen


def test_a_team_from_a_town_and_an_estate_named_after_one_place_nothing():
    """Dev set 7's shapes, in our own words: "the Brixham team" were visitors, so the write-up is
    Southport's; "the Headingley estate" is an estate named after a town, so a write-up naming nothing
    else is asked about, never filed in Leeds."""
    visitors = _place("# Link workers' reflection day\n\nThanks to all who came to the community centre in "
                      "Southport. The Brixham team talked us through their walking group, and the Brixham "
                      "link workers stayed for lunch.\n- Walk first, forms later.\n")
    assert visitors.chosen == "E08000014"
    estate = _place("# Crisis space co-design, session 2\n\nWhere: the community room, Headingley estate\n\n"
                    "- Members wrote the welcome script themselves.\n")
    assert estate.chosen is None
