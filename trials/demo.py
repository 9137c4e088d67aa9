"""Demo trials for `manage.py load_demo_content`: real ClinicalTrials.gov records.

The records in trials/demo_data/ (see its PROVENANCE.md) are imported through the same
service as `import_ctgov`, so a second run creates and changes nothing. A few are marked as
offered at the (fictional) demo center: featured, with a local contact.
"""

from pathlib import Path

from django.db import transaction

from trials.models import Trial
from trials.services import trial_import_paths

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"

CENTER_TRIALS = {
    "NCT05147467": "Leukemia and Lymphoma Trials Office",
    "NCT03934567": "Leukemia and Lymphoma Trials Office",
    "NCT04956640": "Immunotherapy Trials Office",
    "NCT06751849": "Immunotherapy Trials Office",
}
LOCAL_PHONE = "+1-555-010-4020"
LOCAL_EMAIL = "trials@cancercenter.example"


@transaction.atomic
def load() -> dict[str, int]:
    report = trial_import_paths(paths=[DEMO_DATA])
    if not report.ok:
        raise RuntimeError(f"Demo trials failed to import: {report.failed}")
    for nct_id, office in CENTER_TRIALS.items():
        Trial.objects.filter(nct_id=nct_id).update(
            is_featured=True,
            local_contact_name=office,
            local_contact_phone=LOCAL_PHONE,
            local_contact_email=LOCAL_EMAIL,
        )
    return {
        "trials": len(report.created) + len(report.updated) + len(report.unchanged),
        "new trials": len(report.created),
        "trials of this center": len(CENTER_TRIALS),
    }
