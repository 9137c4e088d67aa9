"""US ZIP codes to coordinates, and distances, for the finder's "near me" search.

ZIP centroids come from the `zipcodes` package, which ships its data inside the wheel: no
network at run time. The table is read once per process into a dict.
"""

import math
import re
from dataclasses import dataclass
from functools import cache

import zipcodes

from trials.models import EARTH_RADIUS_MILES

ZIP_RE = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
RADIUS_CHOICES = (20, 50, 100, 200, 500)
DEFAULT_RADIUS = 100


@dataclass(frozen=True)
class Place:
    zip_code: str
    latitude: float
    longitude: float
    city: str
    state: str


@cache
def _zip_table() -> dict[str, Place]:
    table = {}
    for row in zipcodes.list_all():
        try:
            place = Place(
                row["zip_code"], float(row["lat"]), float(row["long"]), row["city"], row["state"]
            )
        except (KeyError, TypeError, ValueError):
            continue
        table[place.zip_code] = place
    return table


def zip_place(text: str) -> Place | None:
    """The centre of a US ZIP code ("20892" or "20892-1234"), or None if there is none."""
    match = ZIP_RE.match(text or "")
    return _zip_table().get(match.group(1)) if match else None


def is_zip_format(text: str) -> bool:
    return bool(ZIP_RE.match(text or ""))


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The same great-circle distance as the database's (trials.models.half_chord, then
    miles_from_half_chord)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_chord = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(min(half_chord, 1.0)))
