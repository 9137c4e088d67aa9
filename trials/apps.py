from django.apps import AppConfig
from django.core.exceptions import FieldDoesNotExist
from django.core.signals import setting_changed
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TrialsConfig(AppConfig):
    name = "trials"
    verbose_name = _("Trials")

    def ready(self):
        from trials.models import default_facility_key

        global _center_key
        _center_key = default_facility_key()
        post_migrate.connect(_refresh_after_migrate, sender=self)
        setting_changed.connect(_refresh_when_the_center_is_renamed)


# The center's name the stored "at our center" flags were worked out with.
_center_key = ""


def _refresh_after_migrate(sender, using, apps=None, **kwargs):
    """Every deploy migrates: a changed CENTER_TRIAL_FACILITY_NAME takes effect then.
    (`flush` sends the signal too, without `apps`, on empty tables.)"""
    from trials.models import Trial

    if apps is not None:
        try:
            apps.get_model("trials", "Trial")._meta.get_field("is_at_center")
        except (LookupError, FieldDoesNotExist):
            return  # migrated back to before the flag was stored
    Trial.objects.using(using).refresh_center_flags()


def _refresh_when_the_center_is_renamed(setting, enter, **kwargs):
    """Tests change the center's name with override_settings. On the way out the test's
    rows are rolled back to flags worked out with the old name, so only the way in counts."""
    global _center_key
    if setting != "CENTER":
        return
    from trials.models import Trial, default_facility_key

    key = default_facility_key()
    if enter and key != _center_key:
        Trial.objects.refresh_center_flags()
    _center_key = key
