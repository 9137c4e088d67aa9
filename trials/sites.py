"""A trial's sites for its page: open ones grouped by place, closed ones apart, and the
nearest recruiting ones to a ZIP code. Pure functions over prefetched TrialSite rows."""

from dataclasses import dataclass, field
from itertools import groupby

from trials.geo import Place, haversine_miles
from trials.models import TrialSite, TrialStatus

US_NAMES = {"united states", "usa", "us"}
# Within a place, recruiting sites come first, then those about to open, then the rest.
STATUS_ORDER = {
    TrialStatus.RECRUITING: 0,
    TrialStatus.NOT_YET_RECRUITING: 1,
    TrialStatus.ENROLLING_BY_INVITATION: 2,
}


@dataclass
class PlaceGroup:
    name: str
    children: list = field(default_factory=list)  # PlaceGroups, or sites at city level
    recruiting: int = 0


@dataclass
class SiteList:
    open_groups: list[PlaceGroup]
    closed_groups: list[PlaceGroup]
    total: int
    open_count: int
    recruiting_count: int
    closed_count: int


def site_is_open(site: TrialSite, trial_is_open: bool) -> bool:
    """Open to new patients here: an open site status, or no status on an open trial."""
    return site.is_open if site.status else trial_is_open


def _site_key(site: TrialSite):
    return (0 if site.is_recruiting else 1 + STATUS_ORDER.get(site.status, 3), site.facility)


def _group(sites: list[TrialSite], levels: list) -> list[PlaceGroup]:
    if not levels:
        return sorted(sites, key=_site_key)
    level, rest = levels[0], levels[1:]
    groups = []
    for name, members in groupby(sorted(sites, key=level), key=level):
        members = list(members)
        groups.append(
            PlaceGroup(
                name=name,
                children=_group(members, rest),
                recruiting=sum(site.is_recruiting for site in members),
            )
        )
    # Places with recruiting sites first; the United States first among countries.
    first = levels[0] is _country
    return sorted(
        groups,
        key=lambda g: (
            not (first and g.name.casefold() in US_NAMES),
            g.recruiting == 0,
            g.name.casefold(),
        ),
    )


def _country(site: TrialSite) -> str:
    return site.country


def _state(site: TrialSite) -> str:
    return site.state


def _city(site: TrialSite) -> str:
    return site.city


def site_list(sites: list[TrialSite], *, trial_is_open: bool) -> SiteList:
    """Every site grouped by country, then state or region, then city."""
    open_sites = [s for s in sites if site_is_open(s, trial_is_open)]
    closed_sites = [s for s in sites if not site_is_open(s, trial_is_open)]
    levels = [_country, _state, _city]
    return SiteList(
        open_groups=_group(open_sites, levels),
        closed_groups=_group(closed_sites, levels),
        total=len(sites),
        open_count=len(open_sites),
        recruiting_count=sum(s.is_recruiting for s in sites),
        closed_count=len(closed_sites),
    )


@dataclass(frozen=True)
class NearSite:
    site: TrialSite
    distance: float


def nearest_sites(sites: list[TrialSite], place: Place, *, limit: int = 5) -> list[NearSite]:
    """The recruiting sites with coordinates nearest to a place, nearest first."""
    found = [
        NearSite(s, haversine_miles(place.latitude, place.longitude, s.latitude, s.longitude))
        for s in sites
        if s.is_recruiting and s.latitude is not None and s.longitude is not None
    ]
    return sorted(found, key=lambda near: near.distance)[:limit]
