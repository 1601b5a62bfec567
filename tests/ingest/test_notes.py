"""Reading write-ups: structure, encodings, furniture, mentions, and refusals that say what to fix."""

from __future__ import annotations

import datetime as dt

import pytest

from dash.ingest.notes import NotesError, parse_notes
from tests.support.inputs import PANEL_REVIEW as MARKDOWN
from tests.support.stores import SHARED_SEEDS

PLACES = {"Bristol": "E06000023", "Bristol, City of": "E06000023", "North West London": "place-nwl",
          "London": "E12000007", "Scotland": "S92000003"}

def test_markdown_bullets_title_date_and_continuation_lines():
    notes = parse_notes(MARKDOWN, place_names=PLACES)
    assert notes.title == "Community panel review"
    assert notes.held_on == dt.date(2023, 3, 3)
    assert notes.key_points == [
        "Paying panel members at Living Wage rates kept people coming back.",
        "A panel of 100% people with lived experience decided the grants, which were worth £60K in total.",
        "Half of this went to food projects, and trust grew over time.",
    ]


def test_mentions_are_found_with_their_values():
    mentions = {(m.kind, m.value) for m in parse_notes(MARKDOWN, place_names=PLACES).mentions}
    assert ("money", "£60,000") in mentions
    assert ("lived-experience share", "100%") in mentions
    assert ("share of money", "50%") in mentions
    assert ("place", "E06000023") in mentions


def test_longer_place_names_win():
    text = b"- Our partners in North West London shared what they learned.\n"
    places = [m.value for m in parse_notes(text, place_names=PLACES).mentions if m.kind == "place"]
    assert places == ["place-nwl"]


def test_html_in_windows_encoding_with_script_and_furniture():
    page = (
        "<html><head><title>Panel meeting \u2013 notes</title><script>alert('x')</script></head><body>"
        "<nav>Home | About</nav><p>Cookie notice: we use cookies.</p>"
        "<h2>Lessons</h2><ul><li>Trust takes time to build with residents.</li>"
        "<li>Pay people for their time \u2013 it matters.</li><li>Read More</li></ul>"
        "<footer>Copyright</footer></body></html>"
    ).encode("cp1252")
    notes = parse_notes(page)
    assert notes.title == "Panel meeting \u2013 notes"
    assert notes.key_points == ["Trust takes time to build with residents.",
                                "Pay people for their time \u2013 it matters."]
    assert all("alert" not in point and "Cookie" not in point for point in notes.key_points)


def test_paragraphs_under_a_key_points_heading():
    text = b"Board away day\n\nKey points\n\nWe agreed to share power over the small grants.\n\n" \
           b"We will train the new panel in June.\n"
    assert parse_notes(text).key_points == ["We agreed to share power over the small grants.",
                                            "We will train the new panel in June."]


def test_overrides_win():
    notes = parse_notes(MARKDOWN, title="March review", held_on=dt.date(2023, 3, 4))
    assert (notes.title, notes.held_on) == ("March review", dt.date(2023, 3, 4))


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "The file is empty"),
    (b"   \n\n  ", "The file is empty"),
    (b"%PDF-1.7\x00\x00\x01binary", "binary file"),
    (b"Just one long paragraph about the meeting with no structure at all.", "Found no key points"),
    (b"Cookie settings\nRead More\n", "no readable text"),
    (b"x" * 4_100_000, "too big for a write-up"),
])
def test_bad_files_are_refused_with_a_fix_to_try(raw, message):
    with pytest.raises(NotesError, match=message):
        parse_notes(raw)


@pytest.mark.skipif(not SHARED_SEEDS.exists(), reason="the source documents are not beside the repo")
def test_a_real_write_up():
    notes = parse_notes((SHARED_SEEDS / "001_d4ebe1c2e6a249c6.txt").read_bytes(), place_names=PLACES)
    assert notes.title == "Joining forces for Integrated Health and Care"
    assert len(notes.key_points) == 9
    assert notes.key_points[0].startswith("The formal health system cannot bring about good health")
    assert "Previous" not in " ".join(notes.key_points)


@pytest.mark.skipif(not SHARED_SEEDS.exists(), reason="the source documents are not beside the repo")
@pytest.mark.parametrize(("name", "title", "points"), [
    ("000_b9027283d2571dea.txt", "A Better Way A Better Way", 26),
    ("001_d4ebe1c2e6a249c6.txt", "Joining forces for Integrated Health and Care", 9),
    ("002_e891adf937305eab.txt", "Rewriting the DNA of Health and Care (Episode IV: A New Hope?)", 10),
    ("003_e705d8e83992c59a.txt", "#peoplepoweredhealth: how to make it stick – in one minute", 48),
    ("004_0932f091c0983fe0.txt",
     "Improve health and care outcomes by shifting power to people and communities", 9),
])
def test_every_seed_document_yields_its_key_points(name, title, points):
    notes = parse_notes((SHARED_SEEDS / name).read_bytes())
    assert notes.title == title
    assert len(notes.key_points) == points
    assert not any("cookie" in p.lower() or p.startswith("Read More") for p in notes.key_points)


@pytest.mark.parametrize(("said", "held_on"), [
    ("Held on 9/3/2023 at the library.", dt.date(2023, 3, 9)),  # British order: day, month, year
    ("Panel meeting, 09/03/2023", dt.date(2023, 3, 9)),
    ("Held on 2023-03-09.", dt.date(2023, 3, 9)),
])
def test_numeric_dates_are_read_the_british_way(said, held_on):
    parsed = parse_notes(f"# Panel\n\n{said}\n\n- Members said the criteria must change too.\n".encode())
    assert parsed.held_on == held_on and parsed.notes == []


@pytest.mark.parametrize("said", ["Held on 31/02/2022.", "Held on 31 February 2022.", "Held on 2022-02-31."])
def test_a_date_no_calendar_has_is_said_not_silently_dropped(said):
    parsed = parse_notes(f"# Panel\n\n{said}\n\n- Members said the criteria must change too.\n".encode())
    assert parsed.held_on is None
    assert len(parsed.notes) == 1 and "is not a day the calendar has" in parsed.notes[0]
    assert said.split("on ")[1].rstrip(".") in parsed.notes[0]


@pytest.mark.parametrize(("said", "share"), [
    ("Half the panel had lived experience of the services they were funding.", "50%"),
    ("Every member (100%) is a care-experienced young person.", "100%"),
    ("Two of the five panellists have lived experience of homelessness.", "40%"),
    ("3 out of 4 members are experts by experience.", "75%"),
    ("A panel of 60% people with lived experience decided.", "60%"),
])
def test_lived_experience_shares_said_in_words_are_found_once(said, share):
    parsed = parse_notes(f"# Panel\n\n- {said}\n- Members wanted the criteria changed too.\n".encode())
    found = [m.value for m in parsed.mentions if m.kind == "lived-experience share"]
    assert found == [share]


def test_a_key_point_that_starts_like_a_button_is_kept():
    parsed = parse_notes(b"# Panel\n\n- Next round, the panel will set the criteria itself.\n"
                         b"- Residents asked how their privacy would be protected when sharing stories.\n"
                         b"- Read more\n\nNext \xe2\x80\xba\nWe use cookies.\n")
    assert parsed.key_points == ["Next round, the panel will set the criteria itself.",
                                 "Residents asked how their privacy would be protected when sharing stories."]


def test_minutes_read_as_their_minutes_and_a_board_paper_as_its_numbered_key_points():
    """Minutes number their items, each a short heading over its minute: the minutes are the key
    points, not the headings, and never the welcome, declarations, last minutes or any other business.
    A board paper's title is its "Paper N:" line, and its key points the sub-items of its key-points
    section, not its purpose, recommendation or risks."""
    minutes = ("RIVERSIDE HEALTH FORUM\n\nMinutes of the meeting held on 2 March 2026\n\n"
               "1. Welcome and introductions\nThe chair opened the meeting and thanked everyone.\n"
               "2. Declarations of interest\nOne member declared an interest in the grants item.\n"
               "3. Minutes of the last meeting (1 December 2025) and matters arising\n"
               "Agreed as a true record.\n"
               "4. Community grants\nResidents on the forum will shortlist the grants this year.\n"
               "5. Transport\nBuses to the clinic stop at six, so evening groups are hard to reach.\n"
               "6. Any other business\nNone.\n")
    assert parse_notes(minutes.encode()).key_points == [
        "Residents on the forum will shortlist the grants this year.",
        "Buses to the clinic stop at six, so evening groups are hard to reach."]
    paper = ("RIVERSIDE TRUST\nBoard of Trustees - 4 May 2026\n"
             "Paper 3: Community grants round - what we learned\n\n"
             "1. Purpose\nThis paper reports on the first community grants round.\n\n"
             "2. Key points for the Board\n2.1 Residents chose every project funded this year.\n"
             "2.2 Two thirds of the applicants had never applied for a grant before.\n\n"
             "3. Recommendation\nThe Board is asked to agree a second round next year.\n")
    notes = parse_notes(paper.encode())
    assert notes.title == "Community grants round - what we learned"
    assert notes.key_points == ["Residents chose every project funded this year.",
                                "Two thirds of the applicants had never applied for a grant before."]
