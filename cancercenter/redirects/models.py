"""Old addresses that answer with a redirect, and the missing addresses people ask for.

Our own small model rather than django.contrib.redirects, which needs the sites framework
(README, "Redirects")."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# Longer paths are cut to this before they are stored or looked up.
MAX_PATH_LENGTH = 500


def validate_site_path(value: str) -> None:
    """A path on this site: starts with one "/", no scheme or host."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        raise ValidationError(
            _("Enter an address on this site that starts with “/”, such as /education/car-t/."),
            code="not_relative",
        )
    if any(char.isspace() for char in value):
        raise ValidationError(_("An address cannot contain spaces."), code="space")


class Redirect(models.Model):
    old_path = models.CharField(
        _("old address"),
        max_length=MAX_PATH_LENGTH,
        unique=True,
        validators=[validate_site_path],
        help_text=_("The address that no longer has a page, such as /education/old-name/."),
    )
    new_path = models.CharField(
        _("new address"),
        max_length=MAX_PATH_LENGTH,
        validators=[validate_site_path],
        help_text=_("Where readers are sent instead, such as /education/new-name/."),
    )
    is_permanent = models.BooleanField(
        _("permanent"),
        default=True,
        help_text=_(
            "Permanent (301) tells search engines to use the new address from now on. "
            "Untick it for a short-lived move (302)."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text=_("Empty when the site made it because an address changed."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    hits = models.PositiveBigIntegerField(_("times used"), default=0, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_path=F("new_path")),
                name="redirect_not_to_itself",
                violation_error_message=_("A redirect cannot point at its own address."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.new_path}"

    def get_absolute_url(self) -> str:
        return self.old_path


class MissingPath(models.Model):
    """How often one missing address (404) was asked for on one day: the path only, no
    query string, address, browser or referrer, so no personal data."""

    day = models.DateField(_("day"))
    path = models.CharField(_("address"), max_length=MAX_PATH_LENGTH)
    hits = models.PositiveIntegerField(_("times asked for"), default=1)

    class Meta:
        ordering = ["-day", "-hits"]
        verbose_name = _("missing address")
        verbose_name_plural = _("missing addresses")
        constraints = [
            models.UniqueConstraint(fields=["day", "path"], name="missing_path_once_per_day")
        ]

    def __str__(self) -> str:
        return self.path
