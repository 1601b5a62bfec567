"""Several reviewers on the Themes page: their disagreements listed to settle, and their agreement."""

from __future__ import annotations

from tests.support.apptest import all_text, page_path, shown


def _themes(app_test):
    test = app_test().run()
    test.switch_page(page_path("themes.py")).run()
    assert not test.exception, test.exception
    return test


def test_reviewers_who_disagree_leave_a_code_to_settle_and_settling_counts_it(
        app_test, store_copy, monkeypatch):
    from dash.write import service

    monkeypatch.setenv("DASH_DB", str(store_copy))
    for insight_id, theme_id in (("ins-jf-07", "time"), ("ins-jf-01", "systems"), ("ins-jf-03", "trust")):
        assert service.decide(insight_id, theme_id, "accept", by="AB", store=store_copy).ok
        assert service.decide(insight_id, theme_id, "accept" if theme_id != "time" else "reject",
                              by="CD", store=store_copy).ok
    test = _themes(app_test)
    text = all_text(test)
    assert ("2 people have reviewed theme codes. On the 3 codes two or more of them decided, they agreed "
            "on 2") in text
    assert "1 code to settle" in text and "AB accepted; CD rejected" in text
    [analysts] = [e for e in test.expander if e.label.startswith("Agreement between reviewers")]
    assert analysts

    test.button(key="settle_yes_list_ins-jf-07_time").click().run()
    assert not test.exception, test.exception
    assert any("settling what reviewers disagreed on" in shown(s.value) for s in test.success)
    assert "code to settle" not in all_text(test)

    from dash.store import StoreReader
    cursor = StoreReader(store_copy).cursor()
    assert cursor.execute("SELECT status FROM theme_codes WHERE insight_id = 'ins-jf-07' "
                          "AND theme_id = 'time'").fetchone() == ("accepted",)
    # each person's own vote is still kept apart
    assert cursor.execute("SELECT reviewer, settles, says_yes FROM theme_reviews "
                          "WHERE insight_id = 'ins-jf-07' ORDER BY sequence").fetchall() == [
        ("AB", False, True), ("CD", False, False), (cursor.execute(
            "SELECT reviewer FROM theme_reviews WHERE settles").fetchone()[0], True, True)]


def test_key_points_nothing_coded_are_shown_not_hidden(app_test, db):
    nothing = db.execute("SELECT count(*) FROM insights WHERE insight_id NOT IN "
                         "(SELECT insight_id FROM insight_themes WHERE status <> 'rejected')").fetchone()[0]
    assert 0 < nothing < 64
    test = _themes(app_test)
    [shown_list] = [e for e in test.expander if "with no theme" in e.label]
    assert shown_list.label.startswith(f"{nothing} key points with no theme")
    assert len([m for m in shown_list.markdown if m.value.startswith("- ")]) == nothing


def test_the_analysts_expander_gives_the_out_of_sample_agreement_in_one_line(app_test):
    test = _themes(app_test)
    [analysts] = [e for e in test.expander if e.label.startswith("How often are the suggestions right")]
    assert analysts.markdown[0].value.startswith(
        "On write-ups it had not seen, the rules and the meaning model suggested a theme the person also "
        "gave for 47 of the 53 key points")
    assert "Kappa, the rules and the meaning model" in analysts.dataframe[0].value.columns
