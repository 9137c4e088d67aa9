"""Reading ClinicalTrials.gov API v2 JSON into Trial field values.

Pure functions, no database: `read_sources` turns files and folders into records, and
`parse_study` turns one record into the values the importer stores, or raises
`RecordError` with a reason a trial coordinator can act on.
"""

import codecs
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson

from trials.models import (
    NCT_ID_RE,
    DatePrecision,
    Phase,
    PrimaryPurpose,
    Sex,
    StudyType,
    TrialStatus,
)
from trials.registry_text import render_registry_text

# Bump when the mapping changes, so the next import rewrites every trial once.
MAPPING_VERSION = "2"

# Longer than anything ClinicalTrials.gov accepts (its longest field allows 32,000
# characters); a record beyond this is damaged or hostile.
MAX_TEXT = 40_000
MAX_SHORT = 1_000
# The largest upload, and the largest single study a large file may hold.
MAX_FILE_BYTES = 50 * 1024 * 1024

AGE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\s*$", re.I)
AGE_UNIT_IN_YEARS = {
    "year": Decimal(1),
    "month": Decimal(1) / 12,
    "week": Decimal(7) / Decimal("365.25"),
    "day": Decimal(1) / Decimal("365.25"),
    "hour": Decimal(1) / Decimal(365.25 * 24),
    "minute": Decimal(1) / Decimal(365.25 * 24 * 60),
}
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
HEADING_RE = re.compile(
    r"^[\s*#\-_]*(?:key\s+)?(inclusion|exclusion)(?:\s+criteria)?\s*[:：]?[\s*_]*$", re.I
)


class RecordError(ValueError):
    """A record that cannot be imported, with a reason for the report."""


@dataclass
class SourceRecord:
    """One study from one file, or a file that could not be read (`error`)."""

    source: str
    record: Any = None
    error: str = ""


@dataclass
class ParsedStudy:
    nct_id: str
    values: dict[str, Any]
    content_hash: str
    condition_texts: list[str] = field(default_factory=list)
    intervention_texts: list[str] = field(default_factory=list)


# Reading files ------------------------------------------------------------------------------


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, folders read recursively for *.json, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.json") if p.is_file())
        else:
            yield path


class HugeNumber(str):
    """A JSON integer longer than Python converts (4,300 digits), kept as its digits."""


MAX_INT_DIGITS = 4300


def _parse_int(text: str, found: list) -> int | HugeNumber:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        found.append(True)
        return HugeNumber(text)
    return int(text)


def _huge_number_path(value: Any, path: str = "") -> str | None:
    """Where a record holds a HugeNumber ("protocolSection.x[2]"), if anywhere."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, HugeNumber):
            return where or "(top)"
        if isinstance(item, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))
    return None


def records_from_bytes(source: str, data: bytes) -> Iterator[SourceRecord]:
    """The studies in one file: a study object, or an API page {"studies": [...]}."""
    huge: list = []
    try:
        document = json.loads(
            data.decode("utf-8-sig"), parse_int=lambda text: _parse_int(text, huge)
        )
    except UnicodeDecodeError as error:
        yield SourceRecord(source, error=_not_utf8(error))
        return
    except json.JSONDecodeError as error:
        yield SourceRecord(source, error=_invalid_json(error, error.lineno, error.colno))
        return
    except RecursionError:
        yield SourceRecord(source, error=TOO_DEEP)
        return
    if isinstance(document, dict) and "studies" in document:
        studies = document["studies"]
        if not isinstance(studies, list):
            yield SourceRecord(source, error=STUDIES_NOT_A_LIST)
            return
        for index, study in enumerate(studies):
            yield _checked(f"{source} [studies {index}]", study, huge)
    elif isinstance(document, dict):
        yield _checked(source, document, huge)
    else:
        yield SourceRecord(source, error=NOT_AN_OBJECT)


# Why a file gives no studies, the same whether it is read whole or study by study.
NOT_AN_OBJECT = "not a study or an API page: expected a JSON object at the top"
STUDIES_NOT_A_LIST = "“studies” is not a list"
TOO_DEEP = "invalid JSON: nested too deeply"


def _invalid_json(error: json.JSONDecodeError, line: int, column: int) -> str:
    return f"invalid JSON: {error.msg} (line {line}, col {column})"


def _not_utf8(error: UnicodeDecodeError) -> str:
    return f"not UTF-8 text ({error.reason})"


def _checked(source: str, record: Any, huge: list) -> SourceRecord:
    if huge:  # only then is the record walked: it costs nothing for ordinary files
        where = _huge_number_path(record)
        if where:
            return SourceRecord(
                source, error=f"{where}: a number of more than {MAX_INT_DIGITS:,} digits"
            )
    return SourceRecord(source, record=record)


def clean_nct_id(value: str) -> str:
    """'NCT 0123 4567' or full-width 'ＮＣＴ０１２３４５６７' as NCT01234567; the rest as is."""
    normalised = "".join(unicodedata.normalize("NFKC", value).split()).upper()
    return normalised if NCT_ID_RE.match(normalised) and normalised.isascii() else value


def read_sources(paths: Iterable[Path]) -> Iterator[SourceRecord]:
    for path in iter_files(paths):
        try:
            size = path.stat().st_size
            if size <= STREAM_ABOVE_BYTES:
                data = path.read_bytes()
        except OSError as error:
            yield SourceRecord(str(path), error=f"cannot read the file: {error.strerror}")
            continue
        if size <= STREAM_ABOVE_BYTES:
            yield from records_from_bytes(str(path), data)
        else:
            yield from records_from_large_file(str(path), path.open)


# A file larger than this is read study by study: an API page of hundreds of megabytes
# would otherwise be held whole, twice (its text and its objects).
STREAM_ABOVE_BYTES = 8 * 1024 * 1024
READ_CHUNK = 1024 * 1024
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class _Reader:
    """Text from a binary file, a chunk at a time, for decoding one JSON value at a time
    with the standard library's decoder (`raw_decode`), so every study is read exactly as
    `json.loads` reads a whole file: the same numbers, errors and limits."""

    def __init__(self, handle):
        self.handle = handle
        self.decode = codecs.getincrementaldecoder("utf-8-sig")().decode
        self.text = ""
        self.pos = 0
        self.lines_before = 0  # newlines in the text already let go of
        self.eof = False

    def read_more(self, at_least: int) -> bool:
        if self.eof:
            return False
        data = self.handle.read(max(READ_CHUNK, at_least))
        self.eof = not data
        kept = self.text[self.pos :]
        self.lines_before += self.text.count("\n", 0, self.pos)
        self.text, self.pos = kept + self.decode(data, final=self.eof), 0
        return True

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end)."""
        while True:
            self.pos = _WHITESPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text) or not self.read_more(0):
                return self.text[self.pos : self.pos + 1]

    def expect(self, character: str, message: str) -> None:
        if self.peek() != character:
            raise json.JSONDecodeError(message, self.text, self.pos)
        self.pos += 1

    def value(self, decoder: json.JSONDecoder):
        self.peek()
        while True:
            try:
                value, self.pos = decoder.raw_decode(self.text, self.pos)
                return value
            except json.JSONDecodeError:
                # Perhaps only cut off by the end of the text read so far: read as much
                # again (so a large value costs a few tries, not one per chunk) and retry.
                pending = len(self.text) - self.pos
                if pending > MAX_FILE_BYTES or not self.read_more(pending):
                    raise

    def where(self, error: json.JSONDecodeError) -> tuple[int, int]:
        """The error's line and column in the file, not in the text read so far."""
        line = self.lines_before + self.text.count("\n", 0, error.pos) + 1
        return line, error.pos - self.text.rfind("\n", 0, error.pos)


def records_from_large_file(source: str, open_file) -> Iterator[SourceRecord]:
    """The studies of a large file, one at a time: an API page ({"studies": [...]}) is
    read study by study, so memory holds a batch of studies, never the file. Each study
    is decoded as `records_from_bytes` would; a study that cannot be read ends the file
    there, with its reason, and the studies before it are kept."""
    try:
        with open_file("rb") as handle:
            reader = _Reader(handle)
            try:
                yield from _studies_from(source, reader)
            except json.JSONDecodeError as error:
                yield SourceRecord(source, error=_invalid_json(error, *reader.where(error)))
            except RecursionError:
                yield SourceRecord(source, error=TOO_DEEP)
            except UnicodeDecodeError as error:
                yield SourceRecord(source, error=_not_utf8(error))
    except OSError as error:
        yield SourceRecord(source, error=f"cannot read the file: {error.strerror}")


def _studies_from(source: str, reader: _Reader) -> Iterator[SourceRecord]:
    huge: list = []
    decoder = json.JSONDecoder(parse_int=lambda text: _parse_int(text, huge))
    if reader.peek() != "{":
        reader.value(decoder)  # says what is wrong, if the file is not JSON at all
        yield SourceRecord(source, error=NOT_AN_OBJECT)
        return
    reader.pos += 1
    top: dict = {}  # everything but the studies: a study, if the file is one
    streamed = False
    index = 0
    if reader.peek() == "}":
        reader.pos += 1
    else:
        while True:
            key = reader.value(decoder) if reader.peek() == '"' else None
            if key is None:
                raise json.JSONDecodeError(
                    "Expecting property name enclosed in double quotes", reader.text, reader.pos
                )
            reader.expect(":", "Expecting ':' delimiter")
            if key == "studies" and reader.peek() == "[":
                streamed = True
                reader.pos += 1
                if reader.peek() == "]":
                    reader.pos += 1
                else:
                    while True:
                        huge.clear()
                        study = reader.value(decoder)
                        yield _checked(f"{source} [studies {index}]", study, huge)
                        index += 1
                        if reader.peek() == "]":
                            reader.pos += 1
                            break
                        reader.expect(",", "Expecting ',' delimiter")
            else:
                top[key] = reader.value(decoder)
            if reader.peek() == "}":
                reader.pos += 1
                break
            reader.expect(",", "Expecting ',' delimiter")
    if reader.peek():
        raise json.JSONDecodeError("Extra data", reader.text, reader.pos)
    if streamed:
        return
    if "studies" in top:
        yield SourceRecord(source, error=STUDIES_NOT_A_LIST)
    else:
        yield _checked(source, top, huge)


# Typed access -------------------------------------------------------------------------------


def _obj(parent: dict, key: str, where: str) -> dict:
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordError(f"{where}{key}: expected an object, got {_type_name(value)}")
    return value


def _text(parent: dict, key: str, where: str, *, max_length: int = MAX_SHORT) -> str:
    value = parent.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{where}{key}: expected text, got {_type_name(value)}")
    if len(value) > max_length:
        raise RecordError(
            f"{where}{key}: text is {len(value):,} characters, more than the {max_length:,} allowed"
        )
    if "\x00" in value:
        raise RecordError(f"{where}{key}: contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RecordError(f"{where}{key}: contains characters that are not valid text") from None
    return value.strip()


def _list(parent: dict, key: str, where: str) -> list:
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"{where}{key}: expected a list, got {_type_name(value)}")
    return value


def _text_list(parent: dict, key: str, where: str) -> list[str]:
    items = []
    for index, item in enumerate(_list(parent, key, where)):
        items.append(_text({f"{key}[{index}]": item}, f"{key}[{index}]", where))
    return [item for item in items if item]


def _objects(parent: dict, key: str, where: str) -> list[dict]:
    items = _list(parent, key, where)
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise RecordError(f"{where}{key}[{index}]: expected an object, got {_type_name(item)}")
    return items


# Sets, built once: `TextChoices.values` builds a list of every choice, labels and all, each
# time it is read, which was a tenth of a first import's time (once per site).
TRIAL_STATUSES = frozenset(TrialStatus.values)
PRIMARY_PURPOSES = frozenset(PrimaryPurpose.values)


def _enum(value: str, choices, where: str, *, required: bool = False):
    if not value:
        if required:
            raise RecordError(f"{where}: missing")
        return ""
    try:
        return choices(value)
    except ValueError:
        raise RecordError(f"{where}: unknown value “{value[:40]}”") from None


def _type_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


# Field conversions --------------------------------------------------------------------------


def parse_age(text: str, where: str) -> Decimal | None:
    """'18 Years' -> 18, '6 Months' -> 0.5; 'N/A' or missing -> None (no limit)."""
    if not text or text.strip().upper() in {"N/A", "NA", "NONE"}:
        return None
    match = AGE_RE.match(text)
    if not match:
        raise RecordError(f"{where}: cannot read the age “{text[:40]}”")
    years = Decimal(match.group(1)) * AGE_UNIT_IN_YEARS[match.group(2).lower()]
    if years > 999:
        raise RecordError(f"{where}: age “{text[:40]}” is out of range")
    return years.quantize(Decimal("0.001"))


def parse_partial_date(text: str, where: str) -> tuple[date | None, str]:
    """'2024' -> (2024-01-01, year); '2024-05' -> (2024-05-01, month); full dates as is."""
    if not text:
        return None, ""
    match = DATE_RE.match(text.strip())
    if not match:
        raise RecordError(f"{where}: cannot read the date “{text[:40]}”")
    year, month, day = match.groups()
    try:
        value = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise RecordError(f"{where}: no such date “{text[:40]}”") from None
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    return value, precision


def markdown_html(text: str) -> str:
    """Registry CommonMark as safe HTML (see trials.registry_text)."""
    return render_registry_text(text)


def split_eligibility(text: str) -> tuple[str, str, str]:
    """(whole, inclusion, exclusion) as HTML; inclusion/exclusion only with both headings."""
    lines = text.splitlines()
    inclusion_at = exclusion_at = None
    for index, line in enumerate(lines):
        match = HEADING_RE.match(line)
        if not match:
            continue
        kind = match.group(1).lower()
        if kind == "inclusion" and inclusion_at is None:
            inclusion_at = index
        elif kind == "exclusion" and exclusion_at is None and inclusion_at is not None:
            exclusion_at = index
    if inclusion_at is None or exclusion_at is None:
        return markdown_html(text), "", ""
    preamble = "\n".join(lines[:inclusion_at]).strip()
    inclusion = "\n".join(lines[inclusion_at + 1 : exclusion_at]).strip()
    exclusion = "\n".join(lines[exclusion_at + 1 :]).strip()
    return markdown_html(preamble), markdown_html(inclusion), markdown_html(exclusion)


CONTACT_KEYS = ("name", "role", "phone", "phoneExt", "email")


def _geo_point(point: dict) -> tuple[float | None, float | None]:
    """A site's coordinates, or (None, None) when missing or not on Earth."""
    lat, lon = point.get("lat"), point.get("lon")
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon))
    if not numbers or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return float(lat), float(lon)


def canonical_json(record: Any) -> bytes:
    """The record as compact JSON with sorted keys, in UTF-8: what its hash is taken of.

    orjson writes it about six times faster than the standard library, byte for byte the
    same for registry records (tested on every shared study). What orjson refuses (a lone
    surrogate from a "\\ud800" escape, an integer past 64 bits) goes through the standard
    library, as every record did before, so a stored hash stays valid.
    """
    try:
        return orjson.dumps(record, option=orjson.OPT_SORT_KEYS)
    except (orjson.JSONEncodeError, TypeError):
        canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return canonical.encode("utf-8", "surrogatepass")


def content_hash(record: dict) -> str:
    return hashlib.sha256(f"{MAPPING_VERSION}:".encode() + canonical_json(record)).hexdigest()


# The record ---------------------------------------------------------------------------------


def parse_study(record: Any, *, known_hash: str | None = None) -> ParsedStudy:
    """Map one API v2 study object to Trial field values (no database access).

    `known_hash` is `content_hash(record)` when the caller has already computed it.
    """
    if not isinstance(record, dict):
        raise RecordError(f"expected a study object, got {_type_name(record)}")
    protocol = _obj(record, "protocolSection", "")
    if not protocol:
        raise RecordError("protocolSection: missing, so there is no NCT id")
    ident = _obj(protocol, "identificationModule", "protocolSection.")
    where = "identificationModule."
    nct_id = clean_nct_id(_text(ident, "nctId", where, max_length=50))
    if not nct_id:
        raise RecordError("identificationModule.nctId: missing")
    if not NCT_ID_RE.match(nct_id) or not nct_id.isascii():
        raise RecordError(f"identificationModule.nctId: “{nct_id}” is not NCT followed by 8 digits")
    brief_title = _text(ident, "briefTitle", where, max_length=500)
    if not brief_title:
        raise RecordError("identificationModule.briefTitle: missing")

    status = _obj(protocol, "statusModule", "")
    overall_status = _enum(
        _text(status, "overallStatus", "statusModule."),
        TrialStatus,
        "statusModule.overallStatus",
        required=True,
    )
    start_date, start_precision = parse_partial_date(
        _text(_obj(status, "startDateStruct", "statusModule."), "date", ""),
        "statusModule.startDateStruct.date",
    )
    update_date, update_precision = parse_partial_date(
        _text(_obj(status, "lastUpdatePostDateStruct", "statusModule."), "date", ""),
        "statusModule.lastUpdatePostDateStruct.date",
    )

    design = _obj(protocol, "designModule", "")
    phases = []
    for index, value in enumerate(_text_list(design, "phases", "designModule.")):
        phase = _enum(value, Phase, f"designModule.phases[{index}]")
        if phase not in phases:
            phases.append(phase)
    study_type = _enum(
        _text(design, "studyType", "designModule."), StudyType, "designModule.studyType"
    )
    purpose = _text(_obj(design, "designInfo", "designModule."), "primaryPurpose", "")
    primary_purpose = purpose if purpose in PRIMARY_PURPOSES else ""

    description = _obj(protocol, "descriptionModule", "")
    brief_summary = _text(description, "briefSummary", "descriptionModule.", max_length=MAX_TEXT)
    detailed = _text(description, "detailedDescription", "descriptionModule.", max_length=MAX_TEXT)

    conditions_module = _obj(protocol, "conditionsModule", "")
    conditions = _text_list(conditions_module, "conditions", "conditionsModule.")
    keywords = _text_list(conditions_module, "keywords", "conditionsModule.")

    arms = _obj(protocol, "armsInterventionsModule", "")
    interventions, intervention_names = [], []
    for index, item in enumerate(_objects(arms, "interventions", "armsInterventionsModule.")):
        where = f"armsInterventionsModule.interventions[{index}]."
        entry = {
            "type": _text(item, "type", where),
            "name": _text(item, "name", where),
            "other_names": _text_list(item, "otherNames", where),
        }
        interventions.append(entry)
        intervention_names.extend([entry["name"], *entry["other_names"]])
    intervention_names = list(dict.fromkeys(name for name in intervention_names if name))

    eligibility = _obj(protocol, "eligibilityModule", "")
    where = "eligibilityModule."
    criteria = _text(eligibility, "eligibilityCriteria", where, max_length=MAX_TEXT)
    minimum_age = _text(eligibility, "minimumAge", where, max_length=50)
    maximum_age = _text(eligibility, "maximumAge", where, max_length=50)
    minimum_years = parse_age(minimum_age, "eligibilityModule.minimumAge")
    maximum_years = parse_age(maximum_age, "eligibilityModule.maximumAge")
    if minimum_years is not None and maximum_years is not None and maximum_years < minimum_years:
        raise RecordError(
            f"eligibilityModule: maximum age “{maximum_age}” is below minimum “{minimum_age}”"
        )
    sex = _enum(_text(eligibility, "sex", where), Sex, "eligibilityModule.sex") or Sex.ALL
    healthy = eligibility.get("healthyVolunteers")
    if healthy is not None and not isinstance(healthy, bool):
        raise RecordError(
            f"eligibilityModule.healthyVolunteers: expected true/false, got {_type_name(healthy)}"
        )

    contacts_module = _obj(protocol, "contactsLocationsModule", "")
    contacts = []
    for index, item in enumerate(
        _objects(contacts_module, "centralContacts", "contactsLocationsModule.")
    ):
        where = f"contactsLocationsModule.centralContacts[{index}]."
        contacts.append({key: _text(item, key, where) for key in CONTACT_KEYS})
    locations = []
    for index, item in enumerate(
        _objects(contacts_module, "locations", "contactsLocationsModule.")
    ):
        where = f"contactsLocationsModule.locations[{index}]."
        location = {
            key: _text(item, key, where)
            for key in ("facility", "status", "city", "state", "zip", "country")
        }
        location["status"] = location["status"].upper()
        if location["status"] and location["status"] not in TRIAL_STATUSES:
            location["status"] = ""  # an unknown site status is no status, not a failure
        location["contacts"] = [
            {key: _text(contact, key, f"{where}contacts[{n}].") for key in CONTACT_KEYS}
            for n, contact in enumerate(_objects(item, "contacts", where))
        ]
        location["lat"], location["lon"] = _geo_point(_obj(item, "geoPoint", where))
        locations.append(location)

    sponsor = _obj(_obj(protocol, "sponsorCollaboratorsModule", ""), "leadSponsor", "")
    lead_sponsor = _text(sponsor, "name", "sponsorCollaboratorsModule.leadSponsor.", max_length=500)

    whole, inclusion, exclusion = split_eligibility(criteria)
    values = {
        "brief_title": brief_title,
        "official_title": _text(ident, "officialTitle", "identificationModule.", max_length=2000),
        "acronym": _text(ident, "acronym", "identificationModule.", max_length=100),
        "brief_summary": brief_summary,
        "brief_summary_html": markdown_html(brief_summary),
        "detailed_description": detailed,
        "detailed_description_html": markdown_html(detailed),
        "overall_status": overall_status,
        "why_stopped": _text(status, "whyStopped", "statusModule.", max_length=MAX_TEXT),
        "phases": phases,
        "study_type": study_type,
        "primary_purpose": primary_purpose,
        "conditions": conditions,
        "keywords": keywords,
        "interventions": interventions,
        "intervention_names": intervention_names,
        "eligibility_criteria": criteria,
        "eligibility_html": whole,
        "inclusion_html": inclusion,
        "exclusion_html": exclusion,
        "minimum_age": minimum_age,
        "maximum_age": maximum_age,
        "minimum_age_years": minimum_years,
        "maximum_age_years": maximum_years,
        "sex": sex,
        "healthy_volunteers": healthy,
        "central_contacts": contacts,
        "locations": locations,
        "site_count": len(locations),
        "lead_sponsor": lead_sponsor,
        "start_date": start_date,
        "start_date_precision": start_precision,
        "last_update_date": update_date,
        "last_update_date_precision": update_precision,
        "raw": record,
    }
    return ParsedStudy(
        nct_id=nct_id,
        values=values,
        content_hash=known_hash or content_hash(record),
        condition_texts=[*conditions, *keywords],
        intervention_texts=[*intervention_names, *keywords],
    )
