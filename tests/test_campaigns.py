"""Campaigns: records, validation, hashtags, day topics, logo, events, migration, CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PIL import Image

from curator.campaigns import records as cp
from curator.campaigns.hashtags import normalise_hashtags
from curator.catalogue import MIGRATIONS, migrate, open_catalogue
from curator.cli import main
from curator.connection import connect
from curator.errors import InvalidInput, NotFound
from curator.tagging.events import save_event


def test_hashtags_are_normalised_deduplicated_and_refused_when_empty():
    assert normalise_hashtags(["Speak up for babies", "#imhaw17", "understanding-early-trauma",
                               "#A #B, c d", "#IMHAW17", "#أسبوع_الطفل", "  "]) == [
        "#SpeakUpForBabies", "#imhaw17", "#UnderstandingEarlyTrauma", "#A", "#B", "#CD",
        "#أسبوع_الطفل"]
    for bad in ("#", "!!!", "#2024"):
        with pytest.raises(InvalidInput, match="not a hashtag"):
            normalise_hashtags([bad])


def test_a_campaign_with_days_hashtags_logo_and_events(db, library, tmp_path):
    save_event(db, "IMHAW launch", campaign=None, year=2024)
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (64, 32), (200, 30, 90, 255)).save(logo)
    c = cp.add_campaign(
        db, library, "  Infant Mental Health Awareness Week ", year=2024,
        theme="Speak up for babies", starts_on="2024-06-10", ends_on="2024-06-16",
        days={1: "Bonding", "2024-06-12": "Talking to babies", "7": "Dads"},
        hashtags=["IMHAW24", "#SpeakUpForBabies", "speak up for babies"],
        description="A week of events.\nEveryone welcome.", url="https://example.org/imhaw",
        logo_file=logo, events=["IMHAW launch"])
    assert c.name == "Infant Mental Health Awareness Week" and c.title.endswith("2024")
    assert [(d.day, d.on, d.topic) for d in c.days] == [
        (1, date(2024, 6, 10), "Bonding"), (3, date(2024, 6, 12), "Talking to babies"),
        (7, date(2024, 6, 16), "Dads")]
    assert c.hashtags == ("#IMHAW24", "#SpeakUpForBabies")
    assert c.length == 7 and c.dates_text() == "10–16 June 2024"
    assert (library.root / c.logo_path).read_bytes() == logo.read_bytes()
    assert [e["name"] for e in c.events] == ["IMHAW launch"]
    data = c.to_json()
    assert data["logo"] == {"path": c.logo_path} and data["days"][1]["date"] == "2024-06-12"

    c = cp.edit_campaign(db, library, c.id, days={3: "", 2: "Play"}, hashtags=["#New"],
                         remove_events=["IMHAW launch"], url="")
    assert [(d.day, d.topic) for d in c.days] == [(1, "Bonding"), (2, "Play"), (7, "Dads")]
    assert c.hashtags == ("#New",) and c.events == () and c.url is None
    assert c.logo_path  # untouched
    c = cp.edit_campaign(db, library, c.id, starts_on=None, ends_on=None)
    assert c.starts_on is None and c.days[0].on is None
    assert [a["action"] for a in db.query(
        "SELECT action FROM audit_log WHERE entity = 'campaign'")][:1] == ["campaign.add"]


@pytest.mark.parametrize("kwargs, message", [
    ({"starts_on": "2024-06-16", "ends_on": "2024-06-10"}, "ends .* before it starts"),
    ({"ends_on": "2024-06-10"}, "first day"),
    ({"year": 2023, "starts_on": "2024-06-10"}, "not the year of its dates"),
    ({"days": {"2024-06-01": "x"}}, "needs the campaign's dates"),
    ({"starts_on": "2024-06-10", "ends_on": "2024-06-12", "days": {5: "x"}},
     "runs 3 day"),
    ({"starts_on": "2024-06-10", "days": {"2024-06-01": "x"}}, "before the campaign starts"),
    ({"days": {0: "x"}}, "not a day of a campaign"),
    ({"url": "javascript:alert(1)"}, "not a web address"),
    ({"url": "https://exa mple.org"}, "not a web address"),
    ({"theme": "x" * 301}, "keep it to 300"),
    ({"starts_on": "10/06/2024"}, "YYYY-MM-DD"),
    ({"logo_image_id": 99}, "no image #99"),
    ({"events": ["Nope"]}, "no event called 'Nope'"),
])
def test_bad_values_are_refused_in_words_and_nothing_is_written(db, library, kwargs, message):
    with pytest.raises((InvalidInput, NotFound), match=message):
        cp.add_campaign(db, library, "Baby Week", **kwargs)
    assert db.execute("SELECT COUNT(*) FROM campaigns").fetchone()[0] == 0


def test_names_are_unique_per_year_and_logo_files_must_be_pictures(db, library, tmp_path):
    cp.add_campaign(db, library, "Baby Week", year=2024)
    cp.add_campaign(db, library, "Baby Week", year=2025)
    with pytest.raises(InvalidInput, match="already a campaign 'baby week' 2024"):
        cp.add_campaign(db, library, "baby week", year=2024)
    bogus = tmp_path / "logo.png"
    bogus.write_text("<svg/>")
    with pytest.raises(InvalidInput, match="cannot be read as a picture"):
        cp.add_campaign(db, library, "Other", logo_file=bogus)
    with pytest.raises(InvalidInput, match="does not exist"):
        cp.add_campaign(db, library, "Other", logo_file=tmp_path / "none.png")
    with pytest.raises(NotFound, match="no campaign #7"):
        cp.get_campaign(db, 7)


def test_text_campaigns_of_older_catalogues_become_campaign_rows(library):
    library.make_dirs()
    db = connect(library.catalogue_path)
    before = len(MIGRATIONS) - 1
    assert MIGRATIONS[before].__name__ == "_step_campaigns"
    migrate(db, upto=before)
    for name, campaign, year, starts, ends, theme in [
        ("BW launch", "Baby Week", 2024, "2024-11-14", None, "Play"),
        ("BW close", " baby week ", 2024, "2024-11-18", "2024-11-20", "Play"),
        ("BW 2023", "Baby Week", 2023, None, None, "A"),
        ("IMHAW day", "IMHAW", 2024, "2024-06-10", "2024-06-10", "Trauma"),
        ("IMHAW night", "IMHAW", 2024, "2024-06-11", None, "Other"),
        ("No campaign", "  ", 2024, None, None, None),
    ]:
        db.execute("INSERT INTO events (name, campaign, year, starts_on, ends_on, theme, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?, 'x')",
                   [name, campaign, year, starts, ends, theme])
    migrate(db)
    rows = list(db.query("SELECT name, year, theme, starts_on, ends_on FROM campaigns "
                         "ORDER BY id"))
    assert rows == [
        {"name": "Baby Week", "year": 2024, "theme": "Play", "starts_on": "2024-11-14",
         "ends_on": "2024-11-20"},
        {"name": "Baby Week", "year": 2023, "theme": "A", "starts_on": None, "ends_on": None},
        {"name": "IMHAW", "year": 2024, "theme": None, "starts_on": "2024-06-10",
         "ends_on": "2024-06-11"},
    ]
    links = dict(db.execute("SELECT e.name, c.id FROM events e LEFT JOIN campaigns c "
                            "ON c.id = e.campaign_id").fetchall())
    assert links == {"BW launch": 1, "BW close": 1, "BW 2023": 2, "IMHAW day": 3,
                     "IMHAW night": 3, "No campaign": None}
    db.close()
    assert open_catalogue(library).execute("SELECT campaign FROM events WHERE name = "
                                           "'BW close'").fetchone()[0] == " baby week "


def _run(capsys, library, *argv):
    code = main(["--library", str(library.root), *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_campaign_cli_add_edit_list_show(capsys, db, library):
    save_event(db, "Launch", year=2025)
    code, out, err = _run(capsys, library, "campaign", "add", "Baby Week", "--year", "2025",
                          "--theme", "Growing together", "--starts", "2025-11-14", "--ends",
                          "2025-11-20", "--topic", "1=Play", "--topic", "2025-11-15=Sleep",
                          "--hashtag", "BabyWeek, baby week cymru", "--event", "Launch",
                          "--url", "https://babyweek.example", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["hashtags"] == ["#BabyWeek", "#BabyWeekCymru"]
    assert [d["topic"] for d in data["days"]] == ["Play", "Sleep"]
    assert data["events"] == [{"id": 1, "name": "Launch"}]
    cid = data["id"]
    code, out, err = _run(capsys, library, "campaign", "edit", cid, "--topic", "1=",
                          "--no-hashtags", "--theme", "", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["days"] == [{"day": 2, "date": "2025-11-15", "topic": "Sleep"}]
    assert data["hashtags"] == [] and data["theme"] is None
    code, out, _ = _run(capsys, library, "campaign", "list")
    assert code == 0 and f"#{cid}  Baby Week 2025" in out
    code, out, _ = _run(capsys, library, "campaign", "show", cid)
    assert "Day 2 (Sat 15 Nov): Sleep" in out and "Event #1: Launch" in out
    code, out, _ = _run(capsys, library, "campaign", "list", "--json")
    assert [c["id"] for c in json.loads(out)] == [cid]
    code, _, err = _run(capsys, library, "campaign", "edit", cid, "--topic", "Sleep")
    assert code == 1 and "DAY=TOPIC" in err and err.count("\n") == 1
    code, _, err = _run(capsys, library, "campaign", "show", "99")
    assert code == 1 and "There is no campaign #99" in err
    code, _, err = _run(capsys, library, "campaign", "edit", cid, "--ends", "2024-01-01")
    assert code == 1 and "before it starts" in err


def test_focus_points_are_set_cleared_checked_and_audited(capsys, db, library, make_shoot):
    from curator.ingest.importer import ImportOptions, run_import
    from curator.tagging import focus

    run_import(library, [make_shoot(2, size=(64, 48))], ImportOptions(shoot="S"))
    assert focus.focus_of(db, [1, 2]) == {1: (0.5, 0.5), 2: (0.5, 0.5)}
    code, out, err = _run(capsys, library, "focus", "1", "--at", "0.25, 0.8", "--json")
    assert code == 0, err
    assert json.loads(out) == {"changed": 1, "focus": {"1": [0.25, 0.8]}}
    assert focus.focus_of(db, [1, 2]) == {1: (0.25, 0.8), 2: (0.5, 0.5)}
    for bad, words in (("1.5,0", "outside the picture"), ("a,b", "not a focus point"),
                       ("0.5", "write X,Y")):
        code, _, err = _run(capsys, library, "focus", "1", "--at", bad)
        assert code == 1 and words in err
    code, out, err = _run(capsys, library, "focus", "2", "--estimate", "--json")
    assert code == 0, err
    x, y = json.loads(out)["focus"]["2"]
    assert 0 <= x <= 1 and 0 <= y <= 1
    assert focus.set_focus(db, [1, 2], None) == 2
    assert focus.focus_of(db, [1]) == {1: (0.5, 0.5)}
    assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'image.focus'"
                      ).fetchone()[0] == 4


def test_an_event_typed_with_a_campaign_name_joins_that_campaign(db, library):
    bw24 = cp.add_campaign(db, library, "Baby Week", year=2024)
    cp.add_campaign(db, library, "Baby Week", year=2025)
    event = save_event(db, "Launch 2024", campaign=" baby week ", year=2024)
    assert event["campaign_id"] == bw24.id
    assert save_event(db, "Launch ?", campaign="Baby Week")["campaign_id"] is None  # two
    assert save_event(db, "Other", campaign="Nope", year=2024)["campaign_id"] is None
    assert [e["name"] for e in cp.get_campaign(db, bw24.id).events] == ["Launch 2024"]
