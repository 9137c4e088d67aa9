"""Demo trials for `manage.py load_demo_content`: real ClinicalTrials.gov records.

The records in trials/demo_data/ (see its PROVENANCE.md) are imported through the same
service as `import_ctgov`, so a second run creates and changes nothing. The (fictional) demo
center takes part in the four trials whose records list the "National Cancer Center
Hospital" among their sites: the demo sets that as their site name (as staff would, in the
trial's "our name among this trial's sites" field, when CENTER_TRIAL_FACILITY_NAME is not
set), so their pages show the status at that site. Two of them have a local contact and
are featured.
"""

from pathlib import Path

from django.db import transaction

from trials.models import Trial
from trials.services import trial_import_paths

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"

DEMO_FACILITY_NAME = "National Cancer Center Hospital"
CENTER_TRIALS = {
    "NCT04956640": "Immunotherapy Trials Office",
    "NCT05879978": "Immunotherapy Trials Office",
    "NCT05907980": "",
    "NCT05832827": "",
}
LOCAL_PHONE = "+1-555-010-4020"
LOCAL_EMAIL = "trials@cancercenter.example"


@transaction.atomic
def load() -> dict[str, int]:
    report = trial_import_paths(paths=[DEMO_DATA])
    if not report.ok:
        raise RuntimeError(f"Demo trials failed to import: {report.failed}")
    for nct_id, office in CENTER_TRIALS.items():
        contact = {
            "is_featured": True,
            "local_contact_name": office,
            "local_contact_phone": LOCAL_PHONE,
            "local_contact_email": LOCAL_EMAIL,
        }
        Trial.objects.filter(nct_id=nct_id).update(
            center_facility_name=DEMO_FACILITY_NAME, **(contact if office else {})
        )
    Trial.objects.filter(nct_id__in=list(CENTER_TRIALS)).refresh_center_flags()
    return {
        "trials": len(report.created) + len(report.updated) + len(report.unchanged),
        "new trials": len(report.created),
        "trials of this center": len(CENTER_TRIALS),
    }
