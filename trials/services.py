"""Writes with side effects for trials: the ClinicalTrials.gov import."""

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import orjson
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection, models, transaction
from django.db.models import F, Func, Value
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cancercenter.submissions.antispam import FormToken
from cancercenter.submissions.models import Notification
from cancercenter.submissions.services import (
    new_message_id,
    notification_enqueue,
    submission_create,
)
from education.markdown import render_markdown
from education.models import CancerType, Treatment
from trials.ctgov import (
    MAX_FILE_BYTES,
    STREAM_ABOVE_BYTES,
    TRIAL_STATUSES,
    ParsedStudy,
    RecordError,
    SourceRecord,
    clean_nct_id,
    content_hash,
    parse_study,
    read_sources,
    records_from_bytes,
    records_from_large_file,
)
from trials.ctgov_api import (
    MAX_PAGE_SIZE,
    ApiError,
    ApiSettings,
    FetchLog,
    iter_pages,
    validate_params,
)
from trials.models import (
    AtCenter,
    ChangeDigest,
    ChangeKind,
    SyncProfile,
    Trial,
    TrialChange,
    TrialInquiry,
    TrialSite,
    TrialStatus,
    TrialUpload,
    UploadStatus,
    default_facility_key,
    facility_key,
)
from trials.tagging import Tagger

BATCH_SIZE = 500

# Sent after each import batch is written: the batch changed trials in bulk, without save
# signals, so whoever keeps copies of public pages (the page cache) drops them.
trials_imported = Signal()

# Fields staff own. The importer never writes them (listed here so tests can hold it to it).
STAFF_FIELDS = (
    "is_listed",
    "is_featured",
    "at_center",
    "center_facility_name",
    "local_contact_name",
    "local_contact_phone",
    "local_contact_email",
    "local_notes",
    "local_notes_html",
    "cancer_types",
    "treatments",
)


def _array_text(field_name: str) -> Func:
    return Func(
        F(field_name), Value(" "), function="array_to_string", output_field=models.TextField()
    )


# Titles rank first, then what the trial is about (conditions, interventions), then keywords
# and the summary.
SEARCH_VECTOR = (
    SearchVector("brief_title", "official_title", "acronym", weight="A", config="english")
    + SearchVector(_array_text("conditions"), weight="B", config="english")
    + SearchVector(_array_text("intervention_names"), weight="B", config="english")
    + SearchVector(_array_text("keywords"), weight="C", config="english")
    + SearchVector("brief_summary", weight="D", config="english")
)


@dataclass
class ImportFailure:
    source: str
    reason: str


@dataclass
class ImportReport:
    """What an import did, record by record, for the command and the admin page."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[ImportFailure] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "failed": len(self.failed),
        }

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return ", ".join(f"{kind} {count}" for kind, count in self.counts.items())


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def trial_import(*, sources: Iterable[SourceRecord], batch_size: int = BATCH_SIZE) -> ImportReport:
    """Upsert trials by NCT id from API v2 study records; never touch staff-owned fields.

    A batch's new trials are inserted with one statement, in a savepoint; if that fails,
    and for updates, each record is written in its own savepoint, so one bad record never
    undoes the others. Existing trials are fetched once per batch, and a record whose
    content is unchanged since the last import is not written at all.
    """
    report = ImportReport()
    tagger = Tagger(treatments=Treatment.objects.all(), cancer_types=CancerType.objects.all())
    for batch in _batches(sources, batch_size):
        _import_batch(batch, tagger=tagger, report=report)
        trials_imported.send(sender=Trial, report=report)
    return report


def trial_import_paths(*, paths: Iterable[Path]) -> ImportReport:
    """Import files, and folders read recursively (the `import_ctgov` command)."""
    return trial_import(sources=read_sources(Path(path) for path in paths))


@dataclass
class SyncReport:
    """One search run against the API: what was fetched, retried, imported, and any stop."""

    params: dict
    imported: ImportReport = field(default_factory=ImportReport)
    log: FetchLog = field(default_factory=FetchLog)
    error: str = ""
    seen: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.error and self.imported.ok

    def summary(self) -> str:
        parts = [
            f"{self.log.pages} page(s) in {self.log.requests} request(s)",
            f"{len(self.log.retries)} retried",
            self.imported.summary(),
        ]
        if self.error:
            parts.append(f"stopped: {self.error}")
        return "; ".join(parts)

    def lines(self) -> list[str]:
        """The full report: the summary, each retry, each failed record."""
        return [
            self.summary(),
            *(f"retry: {retry}" for retry in self.log.retries),
            *(f"FAILED {failure.source}: {failure.reason}" for failure in self.imported.failed),
        ]


def api_settings() -> ApiSettings:
    return ApiSettings(
        base_url=settings.CTGOV_API_URL,
        connect_timeout=settings.CTGOV_CONNECT_TIMEOUT,
        read_timeout=settings.CTGOV_READ_TIMEOUT,
        interval=settings.CTGOV_REQUEST_INTERVAL,
        retries=settings.CTGOV_RETRIES,
        backoff=settings.CTGOV_BACKOFF,
    )


def trial_sync(
    *, params: dict[str, str], page_size: int = MAX_PAGE_SIZE, sleep=time.sleep
) -> SyncReport:
    """Run one search against the ClinicalTrials.gov API and import every page it returns.

    Pages are imported as they arrive, exactly as `import_ctgov` imports the same files. A
    page the API will not give after its retries stops the search (reported); what was
    imported before it stays.
    """
    validate_params(params)
    report = SyncReport(params=dict(params))

    def sources() -> Iterator[SourceRecord]:
        try:
            for label, body in iter_pages(
                params, api_settings(), report.log, page_size=page_size, sleep=sleep
            ):
                for item in records_from_bytes(label, body):
                    found = _peek(item.record) if not item.error else None
                    if found:
                        report.seen.add(found[0])
                    yield item
        except ApiError as error:
            report.error = str(error)

    report.imported = trial_import(sources=sources())
    return report


def sync_profile_run(*, profile: SyncProfile, page_size: int = MAX_PAGE_SIZE, sleep=time.sleep):
    """Run a saved search and record how it went on the profile."""
    try:
        report = trial_sync(params=profile.params, page_size=page_size, sleep=sleep)
    except ValueError as error:
        report = SyncReport(params=profile.params, error=str(error))
    profile.last_run_at = timezone.now()
    if not report.error:
        # Only a complete run says what left: a stopped one did not see every page.
        _record_left_results(profile, report.seen, now=profile.last_run_at)
        profile.last_nct_ids = sorted(report.seen)
    profile.last_run_ok = report.ok
    profile.last_counts = {
        **report.imported.counts,
        "pages": report.log.pages,
        "retries": len(report.log.retries),
    }
    profile.last_failures = [
        *([f"stopped: {report.error}"] if report.error else []),
        *(f"{f.source}: {f.reason}" for f in report.imported.failed[:200]),
    ]
    profile.last_report = "\n".join(report.lines())[:100_000]
    profile.save(
        update_fields=[
            "last_run_at",
            "last_run_ok",
            "last_counts",
            "last_failures",
            "last_report",
            "last_nct_ids",
        ]
    )
    return report


def _record_left_results(profile: SyncProfile, seen: set[str], *, now) -> None:
    """Flag trials a search returned last time and not now. Nothing is deleted."""
    gone = set(profile.last_nct_ids) - seen
    TrialChange.objects.bulk_create(
        TrialChange(
            trial_id=pk,
            kind=ChangeKind.LEFT_RESULTS,
            old_value=status,
            detail=profile.name[:300],
            detected_at=now,
        )
        for pk, status in Trial.objects.filter(nct_id__in=gone).values_list("pk", "overall_status")
    )


def trial_changes_digest_send(*, recipients: list[str] | None = None) -> ChangeDigest | None:
    """Email coordinators, through the outbox, every change not sent before: once each."""
    recipients = (
        recipients
        or settings.CTGOV_DIGEST_RECIPIENTS
        or settings.SUBMISSION_RECIPIENTS.get("inquiry")
        or [settings.CENTER["email"]]
    )
    with transaction.atomic():
        pending = list(
            TrialChange.objects.select_for_update(of=("self",))
            .filter(digest__isnull=True)
            .select_related("trial")
            .order_by("detected_at", "pk")
        )
        if not pending or not recipients:
            return None
        digest = ChangeDigest.objects.create(
            recipients="\n".join(recipients), change_count=len(pending)
        )
        TrialChange.objects.filter(pk__in=[c.pk for c in pending]).update(digest=digest)
        site = settings.CENTER["site_url"].rstrip("/")
        context = {
            "digest": digest,
            "changes": pending,
            "center": settings.CENTER,
            "site_url": site,
            "admin_url": site + digest.get_admin_url(),
        }
        with translation.override(settings.LANGUAGE_CODE):
            text = render_to_string("emails/trial_changes_digest.txt", context).strip()
        subject, _, body = text.partition("\n")
        notification = Notification.objects.create(
            content_type=ContentType.objects.get_for_model(ChangeDigest),
            object_id=digest.pk,
            reference=digest.reference,
            audience=Notification.Audience.STAFF,
            recipients=digest.recipients,
            subject=" ".join(subject.split())[:250],
            body=body.strip() + "\n",
            message_id=new_message_id(digest.reference),
        )
        transaction.on_commit(
            lambda: notification_enqueue(notification_id=notification.pk), robust=True
        )
    return digest


PROGRESS_EVERY = 100


@transaction.atomic
def trial_upload_create(*, files: Iterable[UploadedFile], user) -> list[TrialUpload]:
    """Save uploaded files and queue their import (after the commit): no import in a request."""
    from trials.tasks import import_upload

    uploads = []
    for upload in files:
        row = TrialUpload(original_name=upload.name[:255], size=upload.size or 0, uploaded_by=user)
        row.file.save(upload.name[-100:], upload, save=False)
        row.save()
        uploads.append(row)
        transaction.on_commit(lambda pk=row.pk: import_upload.enqueue(upload_id=pk), robust=True)
    return uploads


def trial_upload_import(*, upload_id: int) -> str:
    """Import a saved upload, recording progress as it goes and the report at the end.

    Idempotent: an upload already imported is left alone, and one a dead worker left
    running is imported again (the import itself is idempotent).
    """
    upload = TrialUpload.objects.filter(pk=upload_id).first()
    if upload is None or upload.status == UploadStatus.DONE:
        return "nothing to do"
    TrialUpload.objects.filter(pk=upload_id).update(status=UploadStatus.RUNNING, records_done=0)

    def sources() -> Iterator[SourceRecord]:
        if upload.size > MAX_FILE_BYTES:
            yield SourceRecord(upload.original_name, error="file is larger than 50 MB")
            return
        if upload.size > STREAM_ABOVE_BYTES:
            records = records_from_large_file(upload.original_name, upload.file.open)
        else:
            with upload.file.open("rb") as handle:
                records = records_from_bytes(upload.original_name, handle.read(MAX_FILE_BYTES + 1))
        for count, item in enumerate(records, start=1):
            if count % PROGRESS_EVERY == 0:
                TrialUpload.objects.filter(pk=upload_id).update(records_done=count)
            yield item

    try:
        report = trial_import(sources=sources())
    except Exception as error:
        TrialUpload.objects.filter(pk=upload_id).update(
            status=UploadStatus.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        raise
    TrialUpload.objects.filter(pk=upload_id).update(
        status=UploadStatus.DONE,
        records_done=sum(report.counts.values()),
        counts=report.counts,
        failures=[{"source": f.source, "reason": f.reason} for f in report.failed[:1000]],
        created_ids=report.created[:5000],
        updated_ids=report.updated[:5000],
        finished_at=timezone.now(),
    )
    return report.summary()


def _peek(record) -> tuple[str, str] | None:
    """(NCT id, content hash) without the full parse, to skip unchanged records cheaply."""
    try:
        nct_id = record["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        return None
    return (clean_nct_id(nct_id), content_hash(record)) if isinstance(nct_id, str) else None


def _import_batch(batch: list[SourceRecord], *, tagger: Tagger, report: ImportReport) -> None:
    peeked = {index: _peek(item.record) for index, item in enumerate(batch) if not item.error}
    existing = {
        nct_id: (pk, stored_hash)
        for pk, nct_id, stored_hash in Trial.objects.filter(
            nct_id__in={found[0] for found in peeked.values() if found}
        ).values_list("pk", "nct_id", "content_hash")
    }
    parsed: list[tuple[str, ParsedStudy]] = []
    for index, item in enumerate(batch):
        if item.error:
            report.failed.append(ImportFailure(item.source, item.error))
            continue
        found = peeked[index]
        if found and found[0] in existing and existing[found[0]][1] == found[1]:
            # Stored from this very content before: it was valid then and is unchanged now.
            report.unchanged.append(found[0])
            continue
        try:
            # The hash was computed by _peek already: serialising a record is not cheap.
            known_hash = found[1] if found else None
            parsed.append((item.source, parse_study(item.record, known_hash=known_hash)))
        except RecordError as error:
            report.failed.append(ImportFailure(item.source, str(error)))

    now = timezone.now()
    written: dict[int, ParsedStudy] = {}  # each written trial, with what was written
    before = _state_before(parsed, existing)
    # One commit per batch. New trials go in together in a savepoint; when that fails, each
    # record gets its own savepoint, so a record that fails rolls back alone and the others
    # in the batch are kept.
    with transaction.atomic():
        _write_batch(
            parsed, existing=existing, tagger=tagger, report=report, now=now, written=written
        )
        if written:
            Trial.objects.filter(pk__in=list(written)).update(search_vector=SEARCH_VECTOR)
            _replace_sites(written)
            Trial.objects.filter(pk__in=list(written)).refresh_center_flags()
            _record_changes(parsed, before=before, existing=existing, written=written, now=now)


def _state_before(parsed, existing) -> dict[str, tuple]:
    """What patients saw of the trials this batch may update: status, and our site's."""
    pks = [existing[study.nct_id][0] for _, study in parsed if study.nct_id in existing]
    if not pks:
        return {}
    return {
        nct_id: (
            status,
            _our_site_status(locations, center_name, at_center),
            center_name,
            at_center,
        )
        for nct_id, status, locations, center_name, at_center in Trial.objects.filter(
            pk__in=pks
        ).values_list("nct_id", "overall_status", "locations", "center_facility_name", "at_center")
    }


NO_SITE = None


def _our_site_status(locations, center_name: str, at_center: str):
    """Our site's status in a record ("" when it gives none), or NO_SITE when not listed."""
    wanted = facility_key(center_name) or default_facility_key()
    if not wanted or at_center == AtCenter.NO:
        return NO_SITE
    for location in locations or []:
        if wanted in facility_key(location.get("facility") or ""):
            return location.get("status") or ""
    return NO_SITE


def _record_changes(parsed, *, before, existing, written, now) -> None:
    """Change records for the batch's written trials: new, status, our site."""
    written = set(written)
    rows, done = [], set()
    for _, study in parsed:
        pk = existing.get(study.nct_id, (None,))[0]
        if pk not in written or study.nct_id in done:
            continue
        done.add(study.nct_id)
        values = study.values
        if study.nct_id not in before:
            rows.append(
                TrialChange(
                    trial_id=pk,
                    kind=ChangeKind.NEW,
                    detected_at=now,
                    new_value=values["overall_status"],
                )
            )
            continue
        # Staff's name for our site is not an imported field: it is the same after the write.
        old_status, old_site, center_name, at_center = before[study.nct_id]
        if old_status != values["overall_status"]:
            rows.append(
                TrialChange(
                    trial_id=pk,
                    kind=ChangeKind.STATUS,
                    detected_at=now,
                    old_value=old_status,
                    new_value=values["overall_status"],
                )
            )
        new_site = _our_site_status(values["locations"], center_name, at_center)
        if old_site is not NO_SITE and new_site is NO_SITE:
            rows.append(
                TrialChange(
                    trial_id=pk, kind=ChangeKind.SITE_DROPPED, detected_at=now, old_value=old_site
                )
            )
        elif old_site is not NO_SITE and old_site != new_site:
            rows.append(
                TrialChange(
                    trial_id=pk,
                    kind=ChangeKind.SITE_STATUS,
                    detected_at=now,
                    old_value=old_site,
                    new_value=new_site,
                )
            )
    TrialChange.objects.bulk_create(rows)


SITE_COLUMNS = (
    *("trial_id", "position", "facility", "facility_key", "status", "is_recruiting"),
    *("city", "state", "zip_code", "country", "latitude", "longitude", "contacts"),
)


def site_rows(trial_pk: int, overall_status: str, locations: list[dict]) -> Iterator[tuple]:
    """A trial's sites from its stored locations, as values in `SITE_COLUMNS` order. A site
    is recruiting when its own status says so, or, in records that give sites no status,
    when the trial is recruiting."""
    for position, location in enumerate(locations):
        status = location.get("status") or ""
        if status not in TRIAL_STATUSES:
            status = ""
        recruiting = status == TrialStatus.RECRUITING or (
            not status and overall_status == TrialStatus.RECRUITING
        )
        facility = location.get("facility") or ""
        yield (
            *(trial_pk, position, facility, facility_key(facility), status, recruiting),
            location.get("city") or "",
            location.get("state") or "",
            location.get("zip") or "",
            location.get("country") or "",
            location.get("lat"),
            location.get("lon"),
            orjson.dumps(location.get("contacts") or []).decode(),
        )


def _replace_sites(written: dict[int, ParsedStudy]) -> None:
    """Rewrite the sites of the trials an import wrote: two statements per batch.

    The rows go in with COPY: a first import writes tens of sites per trial, and building
    each as a model instance for `bulk_create` was a third of the import's time. The
    values are the model's own (the parser has checked every one, and the table's
    constraints still hold), so nothing is lost by not going through the fields. They
    come from the studies just written, not read back: reading every trial's sites
    (JSON) again was a tenth of a first import.
    """
    TrialSite.objects.filter(trial_id__in=list(written)).delete()
    trials = [
        (pk, study.values["overall_status"], study.values["locations"])
        for pk, study in written.items()
    ]
    table = connection.ops.quote_name(TrialSite._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in SITE_COLUMNS)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk, overall_status, locations in trials:
                for row in site_rows(pk, overall_status, locations):
                    copy.write_row(row)


def _write_batch(parsed, *, existing, tagger, report, now, written) -> None:
    remaining = _create_new_in_bulk(
        parsed, existing=existing, tagger=tagger, report=report, now=now, written=written
    )
    for source, study in remaining:
        known = existing.get(study.nct_id)
        if known and known[1] == study.content_hash:
            report.unchanged.append(study.nct_id)
            continue
        try:
            with transaction.atomic():
                pk = _write(study, pk=known[0] if known else None, tagger=tagger, now=now)
        except ValidationError as error:
            reasons = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
            report.failed.append(ImportFailure(source, f"{study.nct_id}: {reasons}"))
            continue
        except (DatabaseError, ValueError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            report.failed.append(ImportFailure(source, f"{study.nct_id}: {reason[:300]}"))
            continue
        (report.updated if known else report.created).append(study.nct_id)
        existing[study.nct_id] = (pk, study.content_hash)
        written[pk] = study


def _create_new_in_bulk(parsed, *, existing, tagger, report, now, written) -> list:
    """Insert the batch's new, valid trials in one statement; return what is left to write.

    Left for the record-by-record path: updates, a second record with the same new NCT id,
    records that fail validation (that path reports them), and, if the bulk insert fails in
    the database, every new trial too, so a bad record still fails alone with its reason.
    """
    seen: set[str] = set()
    candidates: list[tuple[str, ParsedStudy, Trial]] = []
    remaining = []
    for source, study in parsed:
        if study.nct_id in existing or study.nct_id in seen:
            remaining.append((source, study))
            continue
        seen.add(study.nct_id)
        trial = Trial(nct_id=study.nct_id, **_imported_values(study, now=now))
        try:
            _full_clean(trial)
        except ValidationError:
            remaining.append((source, study))
            continue
        candidates.append((source, study, trial))
    if len(candidates) < 2:
        return list(parsed)
    # Trial.save() renders the staff notes; a new trial's are empty, so render them once.
    notes_html = {}
    for _, _, trial in candidates:
        if trial.local_notes not in notes_html:
            notes_html[trial.local_notes] = render_markdown(trial.local_notes).html
        trial.local_notes_html = notes_html[trial.local_notes]
    try:
        with transaction.atomic():
            _copy_new_trials([trial for _, _, trial in candidates])
            _add_suggested_tags([(trial.pk, study) for _, study, trial in candidates], tagger)
    except (DatabaseError, ValueError):
        # Nothing of the bulk insert is kept: write the whole batch record by record instead.
        return list(parsed)
    for _, study, trial in candidates:
        report.created.append(study.nct_id)
        existing[study.nct_id] = (trial.pk, study.content_hash)
        written[trial.pk] = study
    return remaining


def _copy_new_trials(trials: list[Trial]) -> None:
    """Insert new trials with COPY, then read back their ids (two statements a batch).

    As bulk_create would, every value is the field's own (`pre_save`, then
    `get_db_prep_save`); but an INSERT of 500 trials, each with tens of kilobytes of
    original record, was a statement of megabytes quoted by the driver and parsed by the
    server, over half of a first import's time. COPY streams the same values. A failure
    (a constraint) raises as the INSERT would, and the caller falls back to one by one.
    """
    meta = Trial._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    # The driver's own errors become Django's (DataError...), as for any other statement.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for trial in trials:
                copy.write_row(
                    [field.get_db_prep_save(field.pre_save(trial, True), connection)
                     for field in fields]
                )  # fmt: skip
    pks = dict(
        Trial.objects.filter(nct_id__in=[trial.nct_id for trial in trials]).values_list(
            "nct_id", "pk"
        )
    )
    for trial in trials:
        trial.pk = pks[trial.nct_id]
        trial._state.adding = False


def _imported_values(study: ParsedStudy, *, now) -> dict:
    return {**study.values, "content_hash": study.content_hash, "imported_at": now}


# Parsed from JSON, so JSON again: validating them would only serialise tens of kilobytes.
FROM_JSON_FIELDS = ("raw", "locations")


def _full_clean(trial: Trial) -> None:
    # Constraints and uniqueness are enforced by the database inside the transaction.
    trial.full_clean(
        exclude=(*STAFF_FIELDS, *FROM_JSON_FIELDS),
        validate_unique=False,
        validate_constraints=False,
    )


def _add_suggested_tags(new_trials: list[tuple[int, ParsedStudy]], tagger: Tagger) -> None:
    """Tag new trials with the cancer types and treatments their texts suggest."""
    cancer_type_rows, treatment_rows = [], []
    for trial_pk, study in new_trials:
        cancer_type_ids, treatment_ids = tagger.suggest(
            conditions=study.condition_texts, interventions=study.intervention_texts
        )
        cancer_type_rows.extend(
            Trial.cancer_types.through(trial_id=trial_pk, cancertype_id=pk_)
            for pk_ in cancer_type_ids
        )
        treatment_rows.extend(
            Trial.treatments.through(trial_id=trial_pk, treatment_id=pk_) for pk_ in treatment_ids
        )
    if cancer_type_rows:
        Trial.cancer_types.through.objects.bulk_create(cancer_type_rows)
    if treatment_rows:
        Trial.treatments.through.objects.bulk_create(treatment_rows)


def _write(study: ParsedStudy, *, pk: int | None, tagger: Tagger, now) -> int:
    values = _imported_values(study, now=now)
    trial = Trial(pk=pk, nct_id=study.nct_id, **values)
    _full_clean(trial)
    if pk is not None:
        # An update writes imported fields only: staff fields are not even read.
        Trial.objects.filter(pk=pk).update(**values, updated_at=now)
        return pk
    trial.save()
    _add_suggested_tags([(trial.pk, study)], tagger)
    return trial.pk


@transaction.atomic
def trial_tags_suggest(*, trials: Iterable[Trial]) -> tuple[int, int]:
    """Add the cancer types and treatments the trials' texts suggest, as on first import.

    Tags are only ever added: a tag staff set stays, and one staff removed may come back
    only if it is suggested again. Returns (trials that got a new tag, tags added).
    """
    tagger = Tagger(treatments=Treatment.objects.all(), cancer_types=CancerType.objects.all())
    trials = list(trials)
    ids = [trial.pk for trial in trials]
    have_types = set(
        Trial.cancer_types.through.objects.filter(trial_id__in=ids).values_list(
            "trial_id", "cancertype_id"
        )
    )
    have_treatments = set(
        Trial.treatments.through.objects.filter(trial_id__in=ids).values_list(
            "trial_id", "treatment_id"
        )
    )
    new_types, new_treatments = [], []
    for trial in trials:
        cancer_type_ids, treatment_ids = tagger.suggest(
            conditions=[*trial.conditions, *trial.keywords],
            interventions=[*trial.intervention_names, *trial.keywords],
        )
        new_types += [(trial.pk, pk) for pk in cancer_type_ids if (trial.pk, pk) not in have_types]
        new_treatments += [
            (trial.pk, pk) for pk in treatment_ids if (trial.pk, pk) not in have_treatments
        ]
    Trial.cancer_types.through.objects.bulk_create(
        [Trial.cancer_types.through(trial_id=t, cancertype_id=c) for t, c in new_types],
        ignore_conflicts=True,
    )
    Trial.treatments.through.objects.bulk_create(
        [Trial.treatments.through(trial_id=t, treatment_id=c) for t, c in new_treatments],
        ignore_conflicts=True,
    )
    changed = {t for t, _ in new_types} | {t for t, _ in new_treatments}
    return len(changed), len(new_types) + len(new_treatments)


def trial_inquiry_create(
    *, trial: Trial, form_data: dict, token: FormToken | None
) -> tuple[TrialInquiry, bool]:
    """Save an inquiry about a trial, then (on commit) email the trials office and the person."""
    instance = TrialInquiry(trial=trial, nct_id=trial.nct_id, **form_data)
    return submission_create(instance=instance, token=token)
