"""Recording, following and collapsing redirects; counting missing addresses.

Chains are kept collapsed when a redirect is written: every stored redirect points at an
address that has no redirect of its own, so following one is a single lookup and a loop
cannot be stored."""

import re
from datetime import date, timedelta
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cancercenter.redirects.models import MAX_PATH_LENGTH, MissingPath, Redirect

# Distinct missing addresses kept per day: enough for real mistakes, a ceiling for scanners
# that try thousands of made-up paths (/wp-admin/..., /.env).
MISSING_PATHS_PER_DAY = 2000
MISSING_PATHS_KEPT_DAYS = 30


def path_normalise(value: str) -> str:
    """The path part of an address, decoded, with one leading "/" and no repeated "/",
    cut to the stored length: '/es//education/%C3%A1/?x=1' -> '/es/education/á/'."""
    path = unquote(urlsplit(value.strip()).path)
    path = "/" + re.sub(r"/{2,}", "/", path).lstrip("/")
    return path[:MAX_PATH_LENGTH]


def target_normalise(value: str) -> str:
    """A redirect's target: its path normalised, its query string and fragment kept."""
    parts = urlsplit(value.strip())
    target = path_normalise(parts.path)
    if parts.query:
        target += f"?{parts.query}"
    if parts.fragment:
        target += f"#{parts.fragment}"
    return target


def redirect_target(*, old_path: str, new_path: str) -> str:
    """Where a redirect from old_path to new_path must point once chains are collapsed;
    raises ValidationError for a redirect to itself or one that would loop."""
    old, new = path_normalise(old_path), target_normalise(new_path)
    if path_normalise(new) == old:
        raise ValidationError(
            {"new_path": _("A redirect cannot point at its own address.")}, code="itself"
        )
    onward = Redirect.objects.filter(old_path=path_normalise(new)).first()
    if onward is not None:
        if path_normalise(onward.new_path) == old:
            raise ValidationError(
                {
                    "new_path": _(
                        "%(new)s already redirects to %(old)s: the two would send readers "
                        "round in a loop."
                    )
                    % {"new": path_normalise(new), "old": old}
                },
                code="loop",
            )
        new = onward.new_path
    return new


@transaction.atomic
def redirect_save(
    *, old_path: str, new_path: str, is_permanent: bool = True, user=None
) -> Redirect:
    """Store a redirect made by hand (or update the one from old_path), chains collapsed:
    a target that itself redirects is followed, and redirects to old_path move along."""
    old = path_normalise(old_path)
    new = redirect_target(old_path=old, new_path=new_path)
    Redirect.objects.filter(new_path=old).update(new_path=new)
    redirect, created = Redirect.objects.update_or_create(
        old_path=old, defaults={"new_path": new, "is_permanent": is_permanent}
    )
    if created and user is not None:
        Redirect.objects.filter(pk=redirect.pk).update(created_by=user)
        redirect.created_by = user
    return redirect


@transaction.atomic
def redirect_record_move(*, old_path: str, new_path: str) -> Redirect | None:
    """An address changed (a slug, a page moved): the old one redirects to the new one,
    which is live now, so a redirect from the new one is removed and those to the old one
    are pointed at the new one."""
    old, new = path_normalise(old_path), path_normalise(new_path)
    if old == new:
        return None
    Redirect.objects.filter(old_path=new).delete()
    Redirect.objects.filter(new_path=old).update(new_path=new)
    redirect, _created = Redirect.objects.update_or_create(
        old_path=old, defaults={"new_path": new, "is_permanent": True, "created_by": None}
    )
    return redirect


def redirects_remove_live(*, paths) -> int:
    """Addresses that show a page again redirect no more."""
    deleted, _detail = Redirect.objects.filter(
        old_path__in=[path_normalise(p) for p in paths]
    ).delete()
    return deleted


def redirect_follow(*, path: str, now=None) -> tuple[str, bool] | None:
    """(target, permanent) for a missing address that has a redirect, counting the use;
    one UPDATE ... RETURNING."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Redirect._meta.db_table} SET hits = hits + 1, last_used_at = %s "
            "WHERE old_path = %s RETURNING new_path, is_permanent",
            [now or timezone.now(), path_normalise(path)],
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def missing_path_count(*, path: str, day: date | None = None) -> None:
    """Count one request for a missing address: one INSERT ... ON CONFLICT, which adds a
    new address only while the day has fewer than MISSING_PATHS_PER_DAY."""
    table = MissingPath._meta.db_table
    day = day or timezone.localdate()
    path = path_normalise(path)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, path, hits) SELECT %s, %s, 1 "
            f"WHERE EXISTS (SELECT 1 FROM {table} WHERE day = %s AND path = %s) "
            f"OR (SELECT count(*) FROM {table} WHERE day = %s) < %s "
            f"ON CONFLICT (day, path) DO UPDATE SET hits = {table}.hits + 1",
            [day, path, day, path, day, MISSING_PATHS_PER_DAY],
        )


def missing_paths_prune(*, today: date | None = None, dry_run: bool = False) -> int:
    """Forget the counts older than MISSING_PATHS_KEPT_DAYS (run by run_maintenance)."""
    today = today or timezone.localdate()
    old = MissingPath.objects.filter(day__lte=today - timedelta(days=MISSING_PATHS_KEPT_DAYS))
    if dry_run:
        return old.count()
    deleted, _detail = old.delete()
    return deleted


def missing_paths_recent(*, today: date | None = None):
    """The most requested missing addresses of the last 30 days (the admin's list)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=MISSING_PATHS_KEPT_DAYS - 1)
    return (
        MissingPath.objects.filter(day__gte=since)
        .values("path")
        .annotate(
            total=Sum("hits"),
            last_day=Max("day"),
            redirected=Exists(Redirect.objects.filter(old_path=OuterRef("path"))),
        )
        .order_by("-total", "path")
    )
