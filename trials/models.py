import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal

import orjson
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.core.files.storage import Storage
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    Min,
    OuterRef,
    Q,
    Value,
)
from django.db.models.functions import (
    ASin,
    Coalesce,
    Cos,
    Least,
    Lower,
    NullIf,
    Power,
    Radians,
    Sin,
    Sqrt,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from psycopg.types.json import Jsonb

from cancercenter.submissions.models import BestTime, Submission
from cancercenter.submissions.storage import private_storage as _private_storage
from cancercenter.submissions.validators import validate_phone, validate_single_line
from education.markdown import render_markdown
from education.models import CancerType, Treatment

NCT_ID_PATTERN = r"NCT\d{8}"
NCT_ID_RE = re.compile(rf"^{NCT_ID_PATTERN}$")
NCT_ID_IN_TEXT_RE = re.compile(rf"\b{NCT_ID_PATTERN}\b", re.IGNORECASE)


class TrialStatus(models.TextChoices):
    """ClinicalTrials.gov overall statuses (API v2 `overallStatus`)."""

    RECRUITING = "RECRUITING", _("Recruiting")
    NOT_YET_RECRUITING = "NOT_YET_RECRUITING", _("Not yet recruiting")
    ENROLLING_BY_INVITATION = "ENROLLING_BY_INVITATION", _("Enrolling by invitation")
    ACTIVE_NOT_RECRUITING = "ACTIVE_NOT_RECRUITING", _("Active, not recruiting")
    SUSPENDED = "SUSPENDED", _("Suspended")
    TERMINATED = "TERMINATED", _("Terminated")
    COMPLETED = "COMPLETED", _("Completed")
    WITHDRAWN = "WITHDRAWN", _("Withdrawn")
    AVAILABLE = "AVAILABLE", _("Available")
    NO_LONGER_AVAILABLE = "NO_LONGER_AVAILABLE", _("No longer available")
    TEMPORARILY_NOT_AVAILABLE = "TEMPORARILY_NOT_AVAILABLE", _("Temporarily not available")
    APPROVED_FOR_MARKETING = "APPROVED_FOR_MARKETING", _("Approved for marketing")
    WITHHELD = "WITHHELD", _("Withheld")
    UNKNOWN = "UNKNOWN", _("Unknown status")

    @property
    def slug(self) -> str:
        """The form used in finder URLs: `not-yet-recruiting`."""
        return self.value.lower().replace("_", "-")

    @classmethod
    def from_slug(cls, slug: str) -> "TrialStatus":
        return cls(slug.upper().replace("-", "_"))


# A trial is open (or opening) to new patients in these statuses: the finder's default.
OPEN_STATUSES = [
    TrialStatus.RECRUITING,
    TrialStatus.NOT_YET_RECRUITING,
    TrialStatus.ENROLLING_BY_INVITATION,
]


# The finder's plain-word status groups. Expanded access (treatment outside a trial) is
# shown only when asked for.
STATUS_GROUPS = {
    "open": OPEN_STATUSES,
    "closed": [
        TrialStatus.ACTIVE_NOT_RECRUITING,
        TrialStatus.SUSPENDED,
        TrialStatus.TERMINATED,
        TrialStatus.COMPLETED,
        TrialStatus.WITHDRAWN,
        TrialStatus.UNKNOWN,
    ],
    "expanded-access": [
        TrialStatus.AVAILABLE,
        TrialStatus.TEMPORARILY_NOT_AVAILABLE,
        TrialStatus.NO_LONGER_AVAILABLE,
        TrialStatus.APPROVED_FOR_MARKETING,
        TrialStatus.WITHHELD,
    ],
}


class PrimaryPurpose(models.TextChoices):
    """ClinicalTrials.gov `designInfo.primaryPurpose`: what kind of trial it is."""

    TREATMENT = "TREATMENT", _("Treatment")
    SUPPORTIVE_CARE = "SUPPORTIVE_CARE", _("Supportive care")
    PREVENTION = "PREVENTION", _("Prevention")
    SCREENING = "SCREENING", _("Screening")
    DIAGNOSTIC = "DIAGNOSTIC", _("Diagnosis")
    HEALTH_SERVICES_RESEARCH = "HEALTH_SERVICES_RESEARCH", _("Health services research")
    BASIC_SCIENCE = "BASIC_SCIENCE", _("Basic science")
    DEVICE_FEASIBILITY = "DEVICE_FEASIBILITY", _("Device feasibility")
    ECT = "ECT", _("Educational, counseling or training")
    OTHER = "OTHER", _("Other")


# The finder's trial types; "other" is every other purpose, and trials that give none.
TRIAL_TYPES = {
    "treatment": PrimaryPurpose.TREATMENT,
    "supportive-care": PrimaryPurpose.SUPPORTIVE_CARE,
    "prevention": PrimaryPurpose.PREVENTION,
    "screening": PrimaryPurpose.SCREENING,
    "diagnostic": PrimaryPurpose.DIAGNOSTIC,
}


class Phase(models.TextChoices):
    EARLY_PHASE1 = "EARLY_PHASE1", _("Early phase 1")
    PHASE1 = "PHASE1", _("Phase 1")
    PHASE2 = "PHASE2", _("Phase 2")
    PHASE3 = "PHASE3", _("Phase 3")
    PHASE4 = "PHASE4", _("Phase 4")
    NA = "NA", _("Not applicable")


# Finder URL values for phases, in display order.
PHASE_SLUGS = {
    "early-1": Phase.EARLY_PHASE1,
    "1": Phase.PHASE1,
    "2": Phase.PHASE2,
    "3": Phase.PHASE3,
    "4": Phase.PHASE4,
    "na": Phase.NA,
}


class StudyType(models.TextChoices):
    INTERVENTIONAL = "INTERVENTIONAL", _("Interventional (tests a treatment)")
    OBSERVATIONAL = "OBSERVATIONAL", _("Observational (follows patients)")
    EXPANDED_ACCESS = "EXPANDED_ACCESS", _("Expanded access")


class InterventionType(models.TextChoices):
    """ClinicalTrials.gov intervention types (API v2 `interventions[].type`)."""

    DRUG = "DRUG", _("Drug")
    DEVICE = "DEVICE", _("Device")
    BIOLOGICAL = "BIOLOGICAL", _("Biological")
    PROCEDURE = "PROCEDURE", _("Procedure or surgery")
    RADIATION = "RADIATION", _("Radiation")
    BEHAVIORAL = "BEHAVIORAL", _("Behavioral")
    GENETIC = "GENETIC", _("Genetic")
    DIETARY_SUPPLEMENT = "DIETARY_SUPPLEMENT", _("Dietary supplement")
    COMBINATION_PRODUCT = "COMBINATION_PRODUCT", _("Combination product")
    DIAGNOSTIC_TEST = "DIAGNOSTIC_TEST", _("Diagnostic test")
    OTHER = "OTHER", _("Other")


class Sex(models.TextChoices):
    ALL = "ALL", _("All")
    FEMALE = "FEMALE", _("Female")
    MALE = "MALE", _("Male")


class DatePrecision(models.TextChoices):
    """ClinicalTrials.gov dates can be partial: `2024` or `2024-05`."""

    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


class AtCenter(models.TextChoices):
    AUTO = "", _("From the registry's site list")
    YES = "yes", _("Yes, whatever the registry says")
    NO = "no", _("No, whatever the registry says")


def facility_key(name: str) -> str:
    """A facility name for matching: case-folded, single spaces."""
    return " ".join((name or "").casefold().split())


def default_facility_key() -> str:
    return facility_key(settings.CENTER.get("trial_facility_name", ""))


class TrialQuerySet(models.QuerySet):
    def listed(self):
        """Trials staff have not hidden: the only ones the public ever sees."""
        return self.filter(is_listed=True)

    def open(self):
        """Recruiting, not yet recruiting or enrolling by invitation."""
        return self.filter(overall_status__in=OPEN_STATUSES)

    def recruiting(self):
        return self.filter(overall_status=TrialStatus.RECRUITING)

    def with_status(self, statuses):
        return self.filter(overall_status__in=statuses)

    def of_types(self, slugs):
        """Trials of these finder types (see TRIAL_TYPES); "other" is any other purpose."""
        wanted = Q(primary_purpose__in=[TRIAL_TYPES[slug] for slug in slugs if slug in TRIAL_TYPES])
        if "other" in slugs:
            wanted |= ~Q(primary_purpose__in=list(TRIAL_TYPES.values()))
        return self.filter(wanted)

    def in_phases(self, phases):
        """Trials in any of the phases; a phase 1/2 trial is in both phase 1 and phase 2."""
        return self.filter(phases__overlap=list(phases))

    def for_age(self, years):
        """Trials whose age bounds include `years`; a missing bound is no limit on that side."""
        years = Decimal(years)
        return self.filter(
            Q(minimum_age_years__isnull=True) | Q(minimum_age_years__lte=years),
            Q(maximum_age_years__isnull=True) | Q(maximum_age_years__gte=years),
        )

    def for_sex(self, sex):
        """Trials open to this sex; trials open to all always match."""
        return self.filter(sex__in=[Sex.ALL, sex])

    def accepting_healthy_volunteers(self):
        return self.filter(healthy_volunteers=True)

    def refresh_center_flags(self) -> int:
        """Work out `is_at_center` again for these trials, in one UPDATE of the rows whose
        flag changes: a staff "yes", or (left to the registry) a site whose name contains
        this trial's own name for our center or the center's usual one. Returns how many
        changed. Called when sites are written, when staff change the override or the
        trial's name for our site, and when the center's name changes (see trials.apps)."""
        default_key = default_facility_key()
        wanted = Coalesce(
            NullIf(Lower(OuterRef("center_facility_name")), Value("")), Value(default_key)
        )
        own_name = Exists(
            TrialSite.objects.filter(trial=OuterRef("pk"), facility_key__contains=wanted)
        )
        from_registry = Q(at_center=AtCenter.AUTO) & Q(own_name)
        if not default_key:
            # With no name to look for, only trials that name our site can match.
            from_registry &= ~Q(center_facility_name="")
        flag = ExpressionWrapper(
            Q(at_center=AtCenter.YES) | from_registry, output_field=models.BooleanField()
        )
        return (
            self.alias(new_flag=flag).exclude(is_at_center=F("new_flag")).update(is_at_center=flag)
        )

    def at_center(self):
        """Trials at our center (the finder's "at our center only")."""
        return self.filter(is_at_center=True)

    def near(self, latitude: float, longitude: float, miles: float):
        """Trials with a recruiting site within `miles`, with `nearest_distance` (the
        finder's ZIP search).

        One join of the trials with their recruiting sites inside a box around the point
        (an index-only scan of the GiST index finds them), grouped by trial: the work grows
        with the sites near the point, not with every trial's sites. Each site costs one
        `half_chord`; the arcsine is taken once per trial, of the least.
        """
        nearby = FilteredRelation(
            "sites",
            condition=Q(sites__is_recruiting=True)
            & bounding_box(latitude, longitude, miles, prefix="sites__"),
        )
        return (
            self.annotate(nearby_sites=nearby)
            # An inner join: the plan starts from the sites near the point, not every trial.
            # (On a column the index holds: `nearby_sites__isnull` tests the site's id,
            # which would send every site back to the table.)
            .filter(nearby_sites__latitude__isnull=False)
            .annotate(
                nearest_half_chord=Min(half_chord(latitude, longitude, prefix="nearby_sites__"))
            )
            .filter(nearest_half_chord__lte=half_chord_limit(miles))
            .annotate(nearest_distance=miles_from_half_chord(F("nearest_half_chord")))
        )

    def search(self, query: str, synonym_groups: list[list[str]] | None = None):
        """The finder's keyword search: NCT ids find their trial, words are ranked.

        Ranked full-text search over the weighted `search_vector` (titles first, then
        conditions and interventions, then keywords and summary). A known medical term
        also finds its synonyms (trials.synonyms); `synonym_groups` are the site's own.
        """
        from trials.synonyms import synonym_search_query

        nct_ids = [match.upper() for match in NCT_ID_IN_TEXT_RE.findall(query)]
        if nct_ids:
            return self.filter(nct_id__in=nct_ids)
        search_query = synonym_search_query(query, synonym_groups or [])
        return (
            self.filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "-is_featured", "nct_id")
        )


def _phases_label(phases) -> str:
    labels = {
        Phase.EARLY_PHASE1: _("Early phase 1"),
        Phase.PHASE1: "1",
        Phase.PHASE2: "2",
        Phase.PHASE3: "3",
        Phase.PHASE4: "4",
    }
    numbered = [str(labels[p]) for p in phases if p in labels and p != Phase.EARLY_PHASE1]
    parts = []
    if Phase.EARLY_PHASE1 in phases:
        parts.append(str(_("Early phase 1")))
    if numbered:
        parts.append(str(_("Phase %(numbers)s")) % {"numbers": "/".join(numbered)})
    if not parts and Phase.NA in phases:
        parts.append(str(_("Phase: not applicable")))
    return ", ".join(parts)


class RecordJSONField(models.JSONField):
    """A JSONField for registry records, written with orjson.

    A study's original record is tens of kilobytes; the standard library's json.dumps of
    it was a noticeable part of an import's time, and orjson writes it about six times
    faster. What orjson refuses (a lone surrogate, an integer past 64 bits) goes through
    the standard library as before. (The import does not validate these fields at all:
    they were parsed from JSON, see trials.services.FROM_JSON_FIELDS.)
    """

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if connection.vendor == "postgresql" and isinstance(value, dict | list):
            return Jsonb(value, dumps=_record_dumps)
        return super().get_db_prep_value(value, connection, prepared=True)


def _record_dumps(value) -> bytes | str:
    try:
        return orjson.dumps(value)
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(value)


class Trial(models.Model):
    """A clinical trial, imported from ClinicalTrials.gov and curated by trial staff.

    Fields under "From ClinicalTrials.gov" are overwritten by each import; the staff fields
    (listed, featured, local contact, local notes, cancer types, treatments) never are.
    """

    # From ClinicalTrials.gov ----------------------------------------------------------
    nct_id = models.CharField(
        _("NCT id"),
        max_length=11,
        unique=True,
        validators=[RegexValidator(NCT_ID_RE, _("An NCT id is NCT followed by 8 digits."))],
    )
    brief_title = models.CharField(_("brief title"), max_length=500)
    official_title = models.TextField(_("official title"), blank=True)
    acronym = models.CharField(_("acronym"), max_length=100, blank=True)
    brief_summary = models.TextField(_("brief summary"), blank=True)
    brief_summary_html = models.TextField(editable=False, blank=True)
    detailed_description = models.TextField(_("detailed description"), blank=True)
    detailed_description_html = models.TextField(editable=False, blank=True)
    overall_status = models.CharField(
        _("overall status"), max_length=30, choices=TrialStatus.choices
    )
    why_stopped = models.TextField(_("why stopped"), blank=True)
    phases = ArrayField(
        models.CharField(max_length=20, choices=Phase.choices),
        verbose_name=_("phases"),
        default=list,
        blank=True,
    )
    study_type = models.CharField(
        _("study type"), max_length=20, choices=StudyType.choices, blank=True
    )
    primary_purpose = models.CharField(
        _("primary purpose"), max_length=30, choices=PrimaryPurpose.choices, blank=True
    )
    conditions = ArrayField(
        models.CharField(max_length=500), verbose_name=_("conditions"), default=list, blank=True
    )
    keywords = ArrayField(
        models.CharField(max_length=500), verbose_name=_("keywords"), default=list, blank=True
    )
    interventions = models.JSONField(
        _("interventions"), default=list, blank=True,
        help_text=_("Each with its type, name and other names."),
    )  # fmt: skip
    intervention_names = ArrayField(
        models.CharField(max_length=500),
        verbose_name=_("intervention names"),
        default=list,
        blank=True,
        help_text=_("Names and other names of the interventions, for search."),
    )
    eligibility_criteria = models.TextField(_("eligibility criteria"), blank=True)
    eligibility_html = models.TextField(editable=False, blank=True)
    inclusion_html = models.TextField(editable=False, blank=True)
    exclusion_html = models.TextField(editable=False, blank=True)
    minimum_age = models.CharField(_("minimum age (as given)"), max_length=50, blank=True)
    maximum_age = models.CharField(_("maximum age (as given)"), max_length=50, blank=True)
    minimum_age_years = models.DecimalField(
        _("minimum age in years"), max_digits=7, decimal_places=3, null=True, blank=True,
        help_text=_("Empty means no lower limit."),
    )  # fmt: skip
    maximum_age_years = models.DecimalField(
        _("maximum age in years"), max_digits=7, decimal_places=3, null=True, blank=True,
        help_text=_("Empty means no upper limit."),
    )  # fmt: skip
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.ALL)
    healthy_volunteers = models.BooleanField(_("accepts healthy volunteers"), null=True, blank=True)
    central_contacts = models.JSONField(_("central contacts"), default=list, blank=True)
    locations = RecordJSONField(_("locations"), default=list, blank=True)
    site_count = models.PositiveIntegerField(_("number of sites"), default=0)
    lead_sponsor = models.CharField(_("lead sponsor"), max_length=500, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    last_update_date = models.DateField(_("last updated"), null=True, blank=True)
    last_update_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True
    )
    raw = RecordJSONField(_("original record"), default=dict, blank=True)
    content_hash = models.CharField(max_length=64, editable=False, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    # Owned by staff: never touched by an import ------------------------------------------
    is_listed = models.BooleanField(
        _("listed"), default=True, help_text=_("Untick to hide this trial from the public site.")
    )
    is_featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Featured trials come first in the finder.")
    )
    local_contact_name = models.CharField(
        _("local contact name"), max_length=200, blank=True,
        help_text=_("Who patients reach at this center. Shown instead of the sponsor's contact."),
    )  # fmt: skip
    local_contact_phone = models.CharField(_("local contact phone"), max_length=50, blank=True)
    local_contact_email = models.EmailField(_("local contact email"), blank=True)
    local_notes = models.TextField(
        _("local notes"), blank=True,
        help_text=_("Shown on the trial page, e.g. which clinic runs it. Markdown."),
    )  # fmt: skip
    local_notes_html = models.TextField(editable=False, blank=True)
    at_center = models.CharField(
        _("at our center"), max_length=3, choices=AtCenter.choices, default=AtCenter.AUTO,
        blank=True,
        help_text=_(
            "Usually left to the registry: the trial is at our center when one of its sites "
            "has our name. Choose yes or no when the registry is wrong or late."
        ),
    )  # fmt: skip
    center_facility_name = models.CharField(
        _("our name among this trial's sites"), max_length=300, blank=True,
        help_text=_(
            "How this trial's ClinicalTrials.gov record names our center, if not the usual "
            "way (for example a partner hospital). Part of the name is enough."
        ),
    )  # fmt: skip
    # Worked out from the sites and the two fields above (refresh_center_flags), so the
    # finder reads it from the row instead of searching every trial's sites per request.
    is_at_center = models.BooleanField(
        _("shown at our center"), default=False, editable=False,
        help_text=_("What patients see: the choice above, or our name among the sites."),
    )  # fmt: skip
    cancer_types = models.ManyToManyField(
        CancerType, verbose_name=_("cancer types"), blank=True, related_name="trials",
        help_text=_("Suggested from the conditions when the trial is first imported."),
    )  # fmt: skip
    treatments = models.ManyToManyField(
        Treatment, verbose_name=_("treatments"), blank=True, related_name="trials",
        help_text=_("Suggested from the interventions when the trial is first imported."),
    )  # fmt: skip

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    imported_at = models.DateTimeField(_("last imported"), null=True, blank=True)

    objects = TrialQuerySet.as_manager()

    class Meta:
        ordering = ["-is_featured", "nct_id"]
        verbose_name = _("trial")
        verbose_name_plural = _("trials")
        indexes = [
            GinIndex(fields=["search_vector"], name="trial_search_vector_gin"),
            GinIndex(fields=["phases"], name="trial_phases_gin"),
            models.Index(fields=["is_listed", "overall_status"], name="trial_listed_status"),
            # The finder's first page (open trials, featured then newest): read in order
            # from the index instead of sorting every open trial.
            models.Index(
                fields=["-is_featured", "-last_update_date", "nct_id"],
                condition=Q(is_listed=True, overall_status__in=OPEN_STATUSES),
                name="trial_open_finder_order",
            ),
            # "At our center only": a center's own trials are a few among thousands.
            models.Index(
                fields=["-is_featured", "-last_update_date", "nct_id"],
                condition=Q(is_listed=True, is_at_center=True),
                name="trial_listed_at_center",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nct_id__regex=rf"^{NCT_ID_PATTERN}$"), name="trial_nct_id_format"
            ),
            models.CheckConstraint(
                condition=Q(minimum_age_years__isnull=True)
                | Q(maximum_age_years__isnull=True)
                | Q(maximum_age_years__gte=F("minimum_age_years")),
                name="trial_age_bounds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nct_id}: {self.brief_title}"

    def save(self, *args, **kwargs) -> None:
        self.center_facility_name = " ".join(self.center_facility_name.split())
        # Staff notes are rendered once per edit; imported text is rendered by the importer.
        self.local_notes_html = render_markdown(self.local_notes).html
        super().save(*args, **kwargs)
        # Staff may have changed the override or our name among the sites.
        if Trial.objects.filter(pk=self.pk).refresh_center_flags():
            self.is_at_center = not self.is_at_center

    def get_absolute_url(self) -> str:
        return reverse("trials:trial-detail", kwargs={"nct_id": self.nct_id})

    @property
    def ctgov_url(self) -> str:
        return f"https://clinicaltrials.gov/study/{self.nct_id}"

    @property
    def status_slug(self) -> str:
        return self.overall_status.lower().replace("_", "-")

    @property
    def is_open(self) -> bool:
        return self.overall_status in OPEN_STATUSES

    @property
    def phases_label(self) -> str:
        return _phases_label(self.phases)

    @property
    def has_local_contact(self) -> bool:
        return bool(self.local_contact_name or self.local_contact_phone or self.local_contact_email)

    def center_info(self) -> "CenterInfo":
        """Whether the trial is at our center (the stored flag, see refresh_center_flags)
        and open there, from our site's status (prefetch `sites`). Featured has nothing to
        do with it."""
        if not self.is_at_center:
            return CenterInfo(at_center=False)
        site = None
        wanted = facility_key(self.center_facility_name) or default_facility_key()
        if wanted:
            site = next((s for s in self.sites.all() if wanted in s.facility_key), None)
        open_here = self.is_open and (site.is_open if site and site.status else True)
        return CenterInfo(at_center=True, site=site, open_here=open_here)

    def offers_inquiry(self, center: "CenterInfo | None" = None) -> bool:
        """ "I'm interested" is offered on open trials that are open at our center, or that
        staff gave a local contact; otherwise the page says who to contact instead."""
        center = center or self.center_info()
        return self.is_open and (center.open_here or self.has_local_contact)


@dataclass(frozen=True)
class CenterInfo:
    at_center: bool
    site: "TrialSite | None" = None
    open_here: bool = False


# Sites ------------------------------------------------------------------------------------

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE_LATITUDE = 69.0


def half_chord(latitude: float, longitude: float, prefix: str = ""):
    """The haversine of the angle between a point and a site, as SQL: sin²(Δφ/2) +
    cos φ1·cos φ2·sin²(Δλ/2). It grows with the distance, so the nearest site is the one
    with the least of it, and comparing it with `half_chord_limit(miles)` is the radius test
    without an arcsine and a square root for every site (`prefix` reaches the site through
    a relation, e.g. "nearby_sites__")."""
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = Radians(F(f"{prefix}latitude")), Radians(F(f"{prefix}longitude"))
    return ExpressionWrapper(
        Power(Sin((lat2 - Value(lat1)) / 2), 2)
        + Value(math.cos(lat1)) * Cos(lat2) * Power(Sin((lon2 - Value(lon1)) / 2), 2),
        output_field=models.FloatField(),
    )


def half_chord_limit(miles: float) -> float:
    """The `half_chord` of a site exactly `miles` away."""
    return math.sin(miles / (2 * EARTH_RADIUS_MILES)) ** 2


def miles_from_half_chord(expression):
    """Great-circle miles, as SQL, from a `half_chord` (or the least of several); LEAST
    guards asin from rounding just above 1 for antipodal points."""
    return ExpressionWrapper(
        2 * EARTH_RADIUS_MILES * ASin(Sqrt(Least(expression, Value(1.0)))),
        output_field=models.FloatField(),
    )


class SitePoint(Func):
    """A site as PostgreSQL's built-in geometric point(longitude, latitude): core
    PostgreSQL, no extension. The GiST index on it finds the sites inside a box directly,
    where a btree on (latitude, longitude) reads the whole band of latitude across the
    country and filters the longitudes."""

    function = "point"
    output_field = models.Field()

    def __init__(self, prefix: str = ""):
        super().__init__(F(f"{prefix}longitude"), F(f"{prefix}latitude"))


class InBox(Func):
    """`point <@ box(point(west, south), point(east, north))` as a condition."""

    output_field = models.BooleanField()

    def __init__(self, point, west: float, south: float, east: float, north: float):
        super().__init__(point, *(Value(float(v)) for v in (west, south, east, north)))

    def as_sql(self, compiler, connection, **extra):
        sql, params = [], []
        for expression in self.get_source_expressions():
            part_sql, part_params = compiler.compile(expression)
            sql.append(part_sql)
            params.extend(part_params)
        point, west, south, east, north = sql
        return f"{point} <@ box(point({west}, {south}), point({east}, {north}))", params


def bounding_box(latitude: float, longitude: float, miles: float, prefix: str = "") -> Q:
    """Sites inside a box around the point, which the GiST index finds, before the exact
    distance is computed for them. A box is cut at the poles and the antimeridian, not
    wrapped round them."""
    lat_delta = miles / MILES_PER_DEGREE_LATITUDE
    cos_lat = max(math.cos(math.radians(latitude)), 0.01)
    lon_delta = min(miles / (MILES_PER_DEGREE_LATITUDE * cos_lat), 180.0)
    return Q(
        InBox(
            SitePoint(prefix),
            max(longitude - lon_delta, -180.0),
            max(latitude - lat_delta, -90.0),
            min(longitude + lon_delta, 180.0),
            min(latitude + lat_delta, 90.0),
        ),
        **{f"{prefix}latitude__isnull": False},
    )


class TrialSiteQuerySet(models.QuerySet):
    def recruiting(self):
        return self.filter(is_recruiting=True)

    def within(self, latitude: float, longitude: float, miles: float):
        """Recruiting sites within `miles` of a point, with their `distance` (the finder)."""
        return (
            self.recruiting()
            .filter(bounding_box(latitude, longitude, miles))
            .annotate(site_half_chord=half_chord(latitude, longitude))
            .filter(site_half_chord__lte=half_chord_limit(miles))
            .annotate(distance=miles_from_half_chord(F("site_half_chord")))
        )


class TrialSite(models.Model):
    """One place a trial takes place, from its ClinicalTrials.gov record.

    Rewritten with the trial by every import that changes it; staff never edit it.
    """

    trial = models.ForeignKey(
        Trial, verbose_name=_("trial"), on_delete=models.CASCADE, related_name="sites"
    )
    position = models.PositiveIntegerField(_("position in the record"))
    facility = models.CharField(_("facility"), max_length=1000, blank=True)
    facility_key = models.CharField(max_length=1000, blank=True, editable=False)
    status = models.CharField(
        _("status here"), max_length=30, choices=TrialStatus.choices, blank=True
    )
    is_recruiting = models.BooleanField(
        _("recruiting here"), default=False,
        help_text=_("Recruiting at this site, or at every site when sites have no status."),
    )  # fmt: skip
    city = models.CharField(_("city"), max_length=1000, blank=True)
    state = models.CharField(_("state or region"), max_length=1000, blank=True)
    zip_code = models.CharField(_("postal code"), max_length=1000, blank=True)
    country = models.CharField(_("country"), max_length=1000, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    contacts = models.JSONField(_("contacts"), default=list, blank=True)

    objects = TrialSiteQuerySet.as_manager()

    class Meta:
        ordering = ["trial", "position"]
        verbose_name = _("trial site")
        verbose_name_plural = _("trial sites")
        indexes = [
            # The ZIP search's sites inside a box, answered from the index alone: the
            # point, the coordinates for the exact distance and the trial to join.
            GistIndex(
                SitePoint(),
                include=["trial_id", "latitude", "longitude"],
                condition=Q(is_recruiting=True, latitude__isnull=False),
                name="trial_site_recruiting_point",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["trial", "position"], name="trial_site_position"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="trial_site_coordinates_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.facility, self.city, self.country) if part)

    # The import writes sites with COPY and refreshes its trials' flags itself; a site
    # saved or deleted one by one does it here.
    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        Trial.objects.filter(pk=self.trial_id).refresh_center_flags()

    def get_absolute_url(self) -> str:
        return self.trial.get_absolute_url() + "#sites-title"

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Trial.objects.filter(pk=self.trial_id).refresh_center_flags()
        return result

    @property
    def status_slug(self) -> str:
        return self.status.lower().replace("_", "-")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


# Inquiries ----------------------------------------------------------------------------------

INQUIRY_MESSAGE_MAX_LENGTH = 1000


class InquiryStatus(models.TextChoices):
    # The values are the shared form layer's; the labels are a trial coordinator's words.
    NEW = "new", _("New")
    CONTACTED = "in_progress", _("Contacted")
    CLOSED = "done", _("Closed")


class Relationship(models.TextChoices):
    PATIENT = "patient", _("I am the patient")
    CAREGIVER = "caregiver", _("I am a family member or caregiver")
    PROVIDER = "provider", _("I am a referring provider")


class TrialInquiry(Submission):
    """“I'm interested in this trial”: a person asking the trials office to contact them."""

    reference_prefix = "T"
    notification_kind = "inquiry"

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InquiryStatus.choices,
        default=InquiryStatus.NEW,
        db_index=True,
    )
    trial = models.ForeignKey(
        Trial,
        verbose_name=_("trial"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="inquiries",
    )
    nct_id = models.CharField(_("NCT id"), max_length=11)
    name = models.CharField(_("your name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_single_line, validate_phone]
    )
    relationship = models.CharField(_("who are you?"), max_length=20, choices=Relationship.choices)
    best_time = models.CharField(
        _("best time to reach you"), max_length=10, choices=BestTime.choices, default=BestTime.ANY
    )
    message = models.TextField(
        _("a short message (optional)"), max_length=INQUIRY_MESSAGE_MAX_LENGTH, blank=True
    )
    consent = models.BooleanField(_("consent to be contacted"), default=False)

    class Meta(Submission.Meta):
        verbose_name = _("trial inquiry")
        verbose_name_plural = _("trial inquiries")
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="inquiry_requires_consent"),
            models.CheckConstraint(
                condition=~Q(email="", phone=""), name="inquiry_has_email_or_phone"
            ),
        ]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if not self.email and not self.phone:
            message = _("Enter an email address or a phone number, so we can reach you.")
            errors["email"] = ValidationError(message, code="email_or_phone")
            errors["phone"] = ValidationError(message, code="email_or_phone")
        if not self.consent:
            errors["consent"] = ValidationError(
                _("We need your permission to contact you about this trial."),
                code="consent_required",
            )
        if errors:
            raise ValidationError(errors)

    def notification_context(self) -> dict:
        return {"trial": self.trial}


# ClinicalTrials.gov sync --------------------------------------------------------------------


class SyncProfile(models.Model):
    """A saved ClinicalTrials.gov search that defines some of "our trials".

    `manage.py ctgov_sync` without parameters runs every active profile and records here
    how its last run went.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    params = models.JSONField(
        _("search parameters"), default=dict,
        help_text=_(
            'ClinicalTrials.gov API search parameters, for example {"query.locn": "Our '
            'Cancer Center", "filter.overallStatus": "RECRUITING|NOT_YET_RECRUITING"}.'
        ),
    )  # fmt: skip
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to leave this search out of the sync.")
    )
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True, editable=False)
    last_run_ok = models.BooleanField(_("last run succeeded"), null=True, editable=False)
    last_counts = models.JSONField(_("last counts"), default=dict, blank=True, editable=False)
    last_failures = models.JSONField(_("last failures"), default=list, blank=True, editable=False)
    last_report = models.TextField(_("last report"), blank=True, editable=False)
    # The NCT ids the last complete run returned: a trial missing next time left the results.
    last_nct_ids = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sync profile")
        verbose_name_plural = _("sync profiles")

    def __str__(self) -> str:
        return self.name


class ChangeKind(models.TextChoices):
    NEW = "new", _("New trial")
    STATUS = "status", _("Status changed")
    SITE_STATUS = "site_status", _("Our site's status changed")
    SITE_DROPPED = "site_dropped", _("Our site dropped")
    LEFT_RESULTS = "left_results", _("Left the search results")


class ChangeDigest(models.Model):
    """One email to coordinators listing the changes not yet sent (each change goes once)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    recipients = models.TextField(_("recipients"))
    change_count = models.PositiveIntegerField(_("changes"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("change digest")
        verbose_name_plural = _("change digests")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"D{self.pk}"

    def get_admin_url(self) -> str:
        return reverse("admin:trials_trialchange_changelist") + f"?digest__id__exact={self.pk}"


class TrialChange(models.Model):
    """A change that matters to a patient, found by an import or a sync."""

    trial = models.ForeignKey(
        Trial, verbose_name=_("trial"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("what changed"), max_length=20, choices=ChangeKind.choices)
    old_value = models.CharField(_("before"), max_length=300, blank=True)
    new_value = models.CharField(_("after"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    detected_at = models.DateTimeField(_("found"), db_index=True)
    digest = models.ForeignKey(
        ChangeDigest, verbose_name=_("sent in digest"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="changes",
    )  # fmt: skip

    class Meta:
        ordering = ["-detected_at", "pk"]
        verbose_name = _("trial change")
        verbose_name_plural = _("trial changes")

    def __str__(self) -> str:
        return f"{self.trial.nct_id}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.trial.get_absolute_url()


# Uploads imported in the background ---------------------------------------------------------


def upload_storage() -> Storage:
    """Uploaded registry files wait here, never served, until the task imports them."""
    return _private_storage()


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to import")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Stopped")


class TrialUpload(models.Model):
    """A JSON file staff uploaded in the admin; a background task imports it."""

    file = models.FileField(_("file"), storage=upload_storage, upload_to="trial-uploads/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL,
        null=True, blank=True,
    )  # fmt: skip
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=UploadStatus.choices, default=UploadStatus.QUEUED
    )
    records_done = models.PositiveIntegerField(_("records read"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    failures = models.JSONField(_("records not imported"), default=list, blank=True)
    created_ids = models.JSONField(default=list, blank=True)
    updated_ids = models.JSONField(default=list, blank=True)
    error = models.CharField(_("why it stopped"), max_length=500, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("trial upload")
        verbose_name_plural = _("trial uploads")

    def __str__(self) -> str:
        return self.original_name

    def get_admin_url(self) -> str:
        return reverse("admin:trials_trial_import_status", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (UploadStatus.DONE, UploadStatus.FAILED)
