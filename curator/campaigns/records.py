"""Campaign records: create, edit, read, list; the events of a campaign; its logo.

A campaign is one year of an awareness week ("Infant Mental Health Awareness Week 2024",
theme "Speak up for babies", 10–16 June) with a topic for some of its days, its hashtags,
a logo, a short description and a link. Day topics are stored by day number (1 = the
first day), so a topic stays on "day 3" when the dates are moved; a topic given for a date
is turned into its day number against the campaign's start.

Every value is untrusted text from a curator's keyboard or an older catalogue: names,
themes and topics are kept on one line, lengths are bounded, the link must be an
``http(s)`` address. Writes are one transaction each, audited like events.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import sqlite_utils

from curator import audit
from curator.campaigns.hashtags import normalise_hashtags
from curator.connection import transaction, utc_now
from curator.dates import check_day, check_year, parse_date
from curator.errors import InvalidInput, NotFound
from curator.library import Library
from curator.reads import require_images

MAX_NAME, MAX_THEME, MAX_TOPIC, MAX_DESCRIPTION, MAX_URL = 200, 300, 300, 2000, 2000
MAX_DAYS = 366
MAX_LOGO_BYTES = 20 * 1024 * 1024
LOGO_FOLDER = "campaign-logos"
_LOGO_FORMATS = {"PNG": ".png", "JPEG": ".jpg"}


@dataclass(frozen=True)
class CampaignDay:
    day: int                 # 1 = the campaign's first day
    on: date | None          # its date, when the campaign has a start
    topic: str

    def to_json(self) -> dict:
        return {"day": self.day, "date": self.on.isoformat() if self.on else None,
                "topic": self.topic}


@dataclass(frozen=True)
class Campaign:
    id: int
    name: str
    year: int | None
    theme: str | None
    starts_on: date | None
    ends_on: date | None
    description: str | None
    url: str | None
    hashtags: tuple[str, ...]
    logo_image_id: int | None
    logo_path: str | None          # relative to the library
    days: tuple[CampaignDay, ...]
    events: tuple[dict, ...] = field(default=())   # {"id", "name"}
    created_at: str = ""
    changed_at: str = ""

    @property
    def title(self) -> str:
        """"Baby Week 2025": the name, with the year unless the name already says it."""
        if self.year is None or str(self.year) in self.name:
            return self.name
        return f"{self.name} {self.year}"

    @property
    def length(self) -> int | None:
        """How many days the campaign runs (both ends counted), when its dates are set."""
        if self.starts_on and self.ends_on:
            return (self.ends_on - self.starts_on).days + 1
        return None

    def topic_of(self, day: int) -> str | None:
        return next((d.topic for d in self.days if d.day == day), None)

    def date_of(self, day: int) -> date | None:
        return self.starts_on + timedelta(days=day - 1) if self.starts_on else None

    def dates_text(self) -> str:
        """"10–16 June 2024", "10 June 2024", or "" without dates."""
        s, e = self.starts_on, self.ends_on
        if not s:
            return ""
        if not e or e == s:
            return f"{s.day} {s:%B %Y}"
        if (s.year, s.month) == (e.year, e.month):
            return f"{s.day}–{e.day} {e:%B %Y}"
        if s.year == e.year:
            return f"{s.day} {s:%B} – {e.day} {e:%B %Y}"
        return f"{s.day} {s:%B %Y} – {e.day} {e:%B %Y}"

    def to_json(self) -> dict:
        return {
            "id": self.id, "name": self.name, "year": self.year, "theme": self.theme,
            "starts_on": self.starts_on.isoformat() if self.starts_on else None,
            "ends_on": self.ends_on.isoformat() if self.ends_on else None,
            "description": self.description, "url": self.url,
            "hashtags": list(self.hashtags),
            "logo": ({"image_id": self.logo_image_id} if self.logo_image_id else
                     {"path": self.logo_path} if self.logo_path else None),
            "days": [d.to_json() for d in self.days],
            "events": list(self.events),
            "created_at": self.created_at, "changed_at": self.changed_at,
        }


# --- reading ----------------------------------------------------------------------------------

def get_campaign(db: sqlite_utils.Database, campaign_id: int) -> Campaign:
    row = next(db.query("SELECT * FROM campaigns WHERE id = ?", [campaign_id]), None)
    if row is None:
        raise NotFound(f"There is no campaign #{campaign_id} in this library.")
    return _campaign(db, row)


def list_campaigns(db: sqlite_utils.Database) -> list[Campaign]:
    """Newest first: by year (undated last), then start, then name."""
    rows = db.query("SELECT * FROM campaigns ORDER BY year IS NULL, year DESC, "
                    "starts_on DESC, name COLLATE NOCASE")
    return [_campaign(db, r) for r in rows]


def logo_file(library: Library, campaign: Campaign) -> Path | None:
    """The logo's file when it was copied into the library (an image logo is the image's)."""
    return library.root / campaign.logo_path if campaign.logo_path else None


def _campaign(db: sqlite_utils.Database, row: dict) -> Campaign:
    starts = date.fromisoformat(row["starts_on"]) if row["starts_on"] else None
    days = tuple(
        CampaignDay(day, starts + timedelta(days=day - 1) if starts else None, topic)
        for day, topic in db.execute("SELECT day, topic FROM campaign_days "
                                     "WHERE campaign_id = ? ORDER BY day", [row["id"]]))
    events = tuple({"id": i, "name": n} for i, n in db.execute(
        "SELECT id, name FROM events WHERE campaign_id = ? ORDER BY COALESCE(starts_on, ''), "
        "name", [row["id"]]))
    return Campaign(
        id=row["id"], name=row["name"], year=row["year"], theme=row["theme"],
        starts_on=starts,
        ends_on=date.fromisoformat(row["ends_on"]) if row["ends_on"] else None,
        description=row["description"], url=row["url"],
        hashtags=tuple(json.loads(row["hashtags_json"] or "[]")),
        logo_image_id=row["logo_image_id"], logo_path=row["logo_path"], days=days,
        events=events, created_at=row["created_at"], changed_at=row["changed_at"])


# --- writing ----------------------------------------------------------------------------------

_UNSET = object()


def add_campaign(db: sqlite_utils.Database, library: Library, name: str, *,
                 year: int | None = None, theme: str | None = None,
                 starts_on: date | str | None = None, ends_on: date | str | None = None,
                 days: Mapping[int | date | str, str] | None = None,
                 hashtags: Iterable[str] | None = None, description: str | None = None,
                 url: str | None = None, logo_image_id: int | None = None,
                 logo_file: Path | str | None = None,
                 events: Iterable[str] = ()) -> Campaign:
    """Record a campaign; returns it. Raises InvalidInput naming the first bad value."""
    now = utc_now()
    with transaction(db):
        campaign_id = db.execute(
            "INSERT INTO campaigns (name, created_at, changed_at) VALUES (?, ?, ?)",
            [_one_line(name, "name", MAX_NAME, required=True), now, now]).lastrowid
        _apply(db, library, campaign_id, creating=True, name=name, year=year, theme=theme,
               starts_on=starts_on, ends_on=ends_on, days=days, replace_days=True,
               hashtags=hashtags, description=description, url=url,
               logo_image_id=logo_image_id, logo_file=logo_file, clear_logo=False,
               add_events=events, remove_events=())
    return get_campaign(db, campaign_id)


def edit_campaign(db: sqlite_utils.Database, library: Library, campaign_id: int, *,
                  name: str | None = None, year: int | None | object = _UNSET,
                  theme: str | None = None, starts_on: date | str | None | object = _UNSET,
                  ends_on: date | str | None | object = _UNSET,
                  days: Mapping[int | date | str, str] | None = None,
                  replace_days: bool = False, hashtags: Iterable[str] | None = None,
                  description: str | None = None, url: str | None = None,
                  logo_image_id: int | None = None, logo_file: Path | str | None = None,
                  clear_logo: bool = False, add_events: Iterable[str] = (),
                  remove_events: Iterable[str] = ()) -> Campaign:
    """Change what is given. Text fields: ``None`` unchanged, ``""`` cleared. ``year``,
    ``starts_on``, ``ends_on``: left out unchanged, ``None`` cleared. ``days`` merges
    (an empty topic removes that day) unless ``replace_days``; ``hashtags`` replaces."""
    get_campaign(db, campaign_id)
    with transaction(db):
        _apply(db, library, campaign_id, creating=False, name=name, year=year, theme=theme,
               starts_on=starts_on, ends_on=ends_on, days=days, replace_days=replace_days,
               hashtags=hashtags, description=description, url=url,
               logo_image_id=logo_image_id, logo_file=logo_file, clear_logo=clear_logo,
               add_events=add_events, remove_events=remove_events)
    return get_campaign(db, campaign_id)


def _apply(db, library: Library, campaign_id: int, *, creating: bool, name, year, theme,
           starts_on, ends_on, days, replace_days: bool, hashtags, description, url,
           logo_image_id, logo_file, clear_logo: bool, add_events, remove_events) -> None:
    before = next(db.query("SELECT * FROM campaigns WHERE id = ?", [campaign_id]))
    values: dict = {}
    if name is not None:
        values["name"] = _one_line(name, "name", MAX_NAME, required=True)
    if year is not _UNSET and (year is not None or not creating):
        values["year"] = None if year is None else check_year(int(year))
    if theme is not None:
        values["theme"] = _one_line(theme, "theme", MAX_THEME)
    for key, given in (("starts_on", starts_on), ("ends_on", ends_on)):
        if given is not _UNSET and (given is not None or not creating):
            values[key] = _day(given, "campaign date")
    if description is not None:
        values["description"] = _text(description, "description", MAX_DESCRIPTION)
    if url is not None:
        values["url"] = _url(url)
    if hashtags is not None:
        values["hashtags_json"] = json.dumps(normalise_hashtags(hashtags), ensure_ascii=False)
    if clear_logo:
        values["logo_image_id"] = values["logo_path"] = None
    if logo_image_id is not None and logo_file is not None:
        raise InvalidInput("A campaign has one logo: give an image from the library or a "
                           "file, not both.")
    if logo_image_id is not None:
        require_images(db, [logo_image_id])
        values["logo_image_id"], values["logo_path"] = logo_image_id, None
    if logo_file is not None:
        values["logo_path"], values["logo_image_id"] = _copy_logo(library, Path(logo_file)), None

    merged = {**before, **values}
    name_now = merged["name"]
    starts = date.fromisoformat(merged["starts_on"]) if merged["starts_on"] else None
    ends = date.fromisoformat(merged["ends_on"]) if merged["ends_on"] else None
    if starts and ends and ends < starts:
        raise InvalidInput(f"The campaign ends ({ends}) before it starts ({starts}).")
    if ends and not starts:
        raise InvalidInput("Give the campaign's first day (--starts) as well as its last.")
    if starts and ends and (ends - starts).days + 1 > MAX_DAYS:
        raise InvalidInput(f"A campaign runs at most {MAX_DAYS} days; {starts} to {ends} is "
                           "longer.")
    if merged["year"] is None and starts:
        values["year"] = merged["year"] = starts.year
    if merged["year"] is not None and starts and starts.year != merged["year"] and \
            (not ends or ends.year != merged["year"]):
        raise InvalidInput(f"The campaign's year {merged['year']} is not the year of its "
                           f"dates ({starts}).")
    clash = db.execute(
        "SELECT id FROM campaigns WHERE name = ? COLLATE NOCASE AND COALESCE(year, 0) = ? "
        "AND id != ?", [name_now, merged["year"] or 0, campaign_id]).fetchone()
    if clash:
        year_text = f" {merged['year']}" if merged["year"] else ""
        raise InvalidInput(f"There is already a campaign '{name_now}'{year_text} "
                           f"(#{clash[0]}).")

    if values:
        values["changed_at"] = utc_now()
        db["campaigns"].update(campaign_id, values)
        audit.record_changes(db, "campaign.add" if creating else "campaign.edit", "campaign",
                             campaign_id, {} if creating else before,
                             {k: v for k, v in values.items() if k != "changed_at"})
    _write_days(db, campaign_id, days or {}, replace_days, starts, ends)
    _link_events(db, campaign_id, add_events, remove_events)


def _write_days(db, campaign_id: int, days: Mapping, replace: bool, starts: date | None,
                ends: date | None) -> None:
    if replace:
        db.execute("DELETE FROM campaign_days WHERE campaign_id = ?", [campaign_id])
    for key, topic in days.items():
        day = day_number(key, starts)
        text = _one_line(topic, f"topic of day {day}", MAX_TOPIC)
        if text is None:
            db.execute("DELETE FROM campaign_days WHERE campaign_id = ? AND day = ?",
                       [campaign_id, day])
        else:
            db.execute("INSERT OR REPLACE INTO campaign_days (campaign_id, day, topic) "
                       "VALUES (?, ?, ?)", [campaign_id, day, text])
    if starts and ends:
        last = (ends - starts).days + 1
        late = db.execute("SELECT day FROM campaign_days WHERE campaign_id = ? AND day > ? "
                          "ORDER BY day", [campaign_id, last]).fetchone()
        if late:
            raise InvalidInput(f"Day {late[0]} has a topic but the campaign runs {last} "
                               f"day(s), {starts} to {ends}.")


def day_number(key: int | date | str, starts: date | None) -> int:
    """A day given as a number (``3``), a date or ``YYYY-MM-DD`` → its 1-based day number."""
    if isinstance(key, str) and key.strip().isdigit():
        key = int(key.strip())
    if isinstance(key, int) and not isinstance(key, bool):
        if not 1 <= key <= MAX_DAYS:
            raise InvalidInput(f"Day {key} is not a day of a campaign: number days from 1 "
                               f"(the first day) to {MAX_DAYS}.")
        return key
    iso = _day(key, "topic date")
    if iso is None:
        raise InvalidInput("A day topic needs its day: a number (1 = the first day) or a date.")
    on = date.fromisoformat(iso)
    if starts is None:
        raise InvalidInput(f"A topic for {on} needs the campaign's dates: give --starts, or "
                           "number the day (1 = the first day).")
    if on < starts:
        raise InvalidInput(f"{on} is before the campaign starts ({starts}).")
    return day_number((on - starts).days + 1, starts)


def _link_events(db, campaign_id: int, add: Iterable[str], remove: Iterable[str]) -> None:
    for names, target, action in ((add, campaign_id, "campaign.link"),
                                  (remove, None, "campaign.unlink")):
        for event_name in names:
            row = db.execute("SELECT id, campaign_id FROM events WHERE name = ?",
                             [event_name.strip()]).fetchone()
            if row is None:
                raise NotFound(f"There is no event called '{event_name.strip()}' in this "
                               "library (`curator event list`).")
            if target is None and row[1] != campaign_id:
                raise InvalidInput(f"The event '{event_name.strip()}' is not part of "
                                   f"campaign #{campaign_id}.")
            if row[1] != target:
                db.execute("UPDATE events SET campaign_id = ? WHERE id = ?", [target, row[0]])
                audit.record(db, action, "event", row[0], "campaign_id", row[1], target)


def _copy_logo(library: Library, source: Path) -> str:
    """Copy a PNG or JPEG logo into ``campaign-logos/<sha256>.<ext>``; the relative path."""
    from PIL import Image, UnidentifiedImageError

    try:
        size = source.stat().st_size
        if not source.is_file():
            raise InvalidInput(f"The logo {source} is not a file.")
        if size > MAX_LOGO_BYTES:
            raise InvalidInput(f"The logo {source.name} is {size // 2**20} MB; a logo file "
                               f"may be at most {MAX_LOGO_BYTES // 2**20} MB.")
        data = source.read_bytes()
        with Image.open(source) as im:
            kind = im.format
            im.verify()
    except FileNotFoundError:
        raise InvalidInput(f"The logo file {source} does not exist.") from None
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
        raise InvalidInput(f"The logo {source.name} cannot be read as a picture "
                           f"({type(exc).__name__}); use a PNG or JPEG file.") from None
    if kind not in _LOGO_FORMATS:
        raise InvalidInput(f"The logo {source.name} is a {kind} file; use a PNG or JPEG.")
    relative = f"{LOGO_FOLDER}/{hashlib.sha256(data).hexdigest()}{_LOGO_FORMATS[kind]}"
    target = library.root / relative
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)
    return relative


# --- values -----------------------------------------------------------------------------------

def _one_line(value: str | None, what: str, limit: int, *, required: bool = False) -> str | None:
    text = " ".join((value or "").split())
    if not text:
        if required:
            raise InvalidInput(f"A campaign needs a {what}, e.g. 'Baby Week'.")
        return None
    if len(text) > limit:
        raise InvalidInput(f"The campaign's {what} is {len(text)} characters long; keep it to "
                           f"{limit}.")
    return text


def _text(value: str, what: str, limit: int) -> str | None:
    text = re.sub(r"[ \t]+", " ", value.replace("\r\n", "\n")).strip()
    if len(text) > limit:
        raise InvalidInput(f"The campaign's {what} is {len(text)} characters long; keep it to "
                           f"{limit}.")
    return text or None


def _url(value: str) -> str | None:
    text = value.strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or \
            re.search(r"\s|[\x00-\x1f\x7f]", text):
        raise InvalidInput(f"'{text[:80]}' is not a web address: write it as "
                           "https://example.org/page.")
    if len(text) > MAX_URL:
        raise InvalidInput(f"The campaign's link is longer than {MAX_URL} characters.")
    return text


def _day(value: date | str | None, what: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day = value if isinstance(value, date) else parse_date(value, what)
    return check_day(day, what).isoformat()
