"""schema.org JSON-LD for a trial page."""

from trials.models import Phase, Trial

# schema.org MedicalStudyStatus members for ClinicalTrials.gov statuses.
SCHEMA_STATUS = {
    "RECRUITING": "https://schema.org/Recruiting",
    "NOT_YET_RECRUITING": "https://schema.org/NotYetRecruiting",
    "ENROLLING_BY_INVITATION": "https://schema.org/EnrollingByInvitation",
    "ACTIVE_NOT_RECRUITING": "https://schema.org/ActiveNotRecruiting",
    "COMPLETED": "https://schema.org/Completed",
    "SUSPENDED": "https://schema.org/Suspended",
    "TERMINATED": "https://schema.org/Terminated",
    "WITHDRAWN": "https://schema.org/Withdrawn",
}


MASKING_DESIGN = {
    "NONE": "https://schema.org/OpenTrial",
    "SINGLE": "https://schema.org/SingleBlindedTrial",
    "DOUBLE": "https://schema.org/DoubleBlindedTrial",
    "TRIPLE": "https://schema.org/TripleBlindedTrial",
    "QUADRUPLE": "https://schema.org/TripleBlindedTrial",
}


def trial_design(design_info: dict | None, locations: list) -> list[str]:
    """schema.org MedicalTrialDesign values from the record's design and its sites."""
    design_info = design_info or {}
    designs = []
    if design_info.get("allocation") == "RANDOMIZED":
        designs.append("https://schema.org/RandomizedTrial")
    masking = (design_info.get("maskingInfo") or {}).get("masking")
    if masking in MASKING_DESIGN:
        designs.append(MASKING_DESIGN[masking])
    if len(locations) == 1:
        designs.append("https://schema.org/SingleCenterTrial")
    elif len(locations) > 1:
        designs.append("https://schema.org/MultiCenterTrial")
    countries = {location.get("country") for location in locations if location.get("country")}
    if len(countries) > 1:
        designs.append("https://schema.org/InternationalTrial")
    return designs


def medical_trial(trial: Trial, url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalTrial",
        "name": trial.brief_title,
        "url": url,
        "identifier": trial.nct_id,
        "sameAs": trial.ctgov_url,
        "description": trial.brief_summary[:5000],
        "healthCondition": [
            {"@type": "MedicalCondition", "name": condition} for condition in trial.conditions
        ],
    }
    if trial.official_title:
        data["alternateName"] = trial.official_title
    # The detail view annotates `design_info` from the record, so `raw` stays unloaded.
    if designs := trial_design(getattr(trial, "design_info", None), trial.locations):
        data["trialDesign"] = designs
    if status := SCHEMA_STATUS.get(trial.overall_status):
        data["status"] = status
    phases = [str(Phase(p).label) for p in trial.phases if p != Phase.NA]
    if phases:
        data["phase"] = ", ".join(phases)
    if trial.lead_sponsor:
        data["sponsor"] = {"@type": "Organization", "name": trial.lead_sponsor}
    if trial.last_update_date:
        data["dateModified"] = trial.last_update_date.isoformat()
    return data
