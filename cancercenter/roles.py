"""Staff roles: which Django groups exist and what each may do in the back office.

`manage.py setup_roles` makes the groups match this table exactly (idempotent). Each team
gets the least it needs: a team only sees its own queues, and the notification outbox shows
each user only the emails of queues they may view.

A model listed here that is not installed yet (an app still being built) is skipped; run
the command again after it lands.
"""

from dataclasses import dataclass

VIEW = ("view",)
WORK = ("view", "change")  # a queue: read what people sent, set status, owner, notes
EDIT = ("view", "add", "change")  # content: write and publish; unpublish rather than delete
MANAGE = ("view", "add", "change", "delete")
# Review before publishing (cancercenter/review): `publish_<model>` approves and publishes.
PUBLISH = ("view", "add", "change", "publish")
REVIEW = ("view", "change", "publish")


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    permissions: tuple[tuple[str, str, tuple[str, ...]], ...]  # (app_label, model, actions)


ROLES = [
    Role(
        name="Content editors",
        description="Write education topics and submit them for medical review; write, "
        "review and publish patient stories and general pages; keep doctors' profiles, FAQs, "
        "treatments, cancer types, locations, the menus, the search synonyms and the "
        "dictionary of terms.",
        permissions=(
            ("education", "topic", EDIT),  # publishing a topic needs a medical reviewer
            ("review", "reviewevent", VIEW),
            ("education", "faq", MANAGE),
            ("education", "treatment", EDIT),
            ("education", "cancertype", EDIT),
            ("stories", "story", PUBLISH),
            ("stories", "storyconsent", VIEW),  # the authorization history, read-only
            ("trials", "trial", VIEW),  # to link stories and doctors to trials
            ("care", "provider", EDIT),
            ("search", "searchsynonym", MANAGE),
            ("education", "glossaryterm", WORK),  # fix or hide terms; the import adds them
            ("pages", "page", PUBLISH),
            ("pages", "location", EDIT),
            ("pages", "menu", MANAGE),
            ("pages", "menuitem", MANAGE),
        ),
    ),
    Role(
        name="Medical reviewers",
        description="Check education topics submitted by the editors, then approve (which "
        "publishes them and records the review) or send them back with a comment.",
        permissions=(
            ("education", "topic", REVIEW),
            ("education", "faq", VIEW),
            ("education", "treatment", VIEW),
            ("education", "cancertype", VIEW),
            ("review", "reviewevent", VIEW),
        ),
    ),
    Role(
        name="Trial coordinators",
        description="Keep the trial list true and answer trial inquiries.",
        permissions=(
            ("trials", "trial", EDIT),
            ("trials", "trialinquiry", WORK),
            ("trials", "syncprofile", MANAGE),
            ("trials", "trialchange", VIEW),
            ("education", "treatment", VIEW),
            ("education", "cancertype", VIEW),
            ("submissions", "notification", WORK),
        ),
    ),
    Role(
        name="Development office",
        description="Handle gift pledges and manage the funds donors can choose.",
        permissions=(
            ("giving", "giftpledge", WORK),
            ("giving", "fund", EDIT),
            ("submissions", "notification", WORK),
        ),
    ),
    Role(
        name="Patient concierge",
        description="Answer contact requests and review story submissions.",
        permissions=(
            ("contact", "contactrequest", WORK),
            ("stories", "storysubmission", WORK),
            ("submissions", "notification", WORK),
        ),
    ),
    Role(
        name="Appointment center",
        description="Answer appointment and second-opinion requests and physicians' referrals.",
        permissions=(
            ("care", "appointmentrequest", WORK),
            ("care", "referral", WORK),
            ("care", "provider", VIEW),  # who patients asked to see
            ("submissions", "notification", WORK),
        ),
    ),
]
