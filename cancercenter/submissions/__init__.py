"""The shared form layer: every public form that creates a record goes through it.

It is an app of its own (`cancercenter.submissions`, label `submissions`): it owns the
`Notification` outbox and the abstract `Submission` model, the `purge_submissions` and
`retry_notifications` commands, and imports no other app of the project. The apps build
on it: `cancercenter.giving` (gifts), `cancercenter.contact`, `trials` (inquiries) and
`stories` (story submissions).

What a form gets by using it:

- **Saved first.** `submission_create()` validates and commits the row before anything
  else happens; notifications are queued in the same transaction and sent by a
  django-tasks task enqueued with `transaction.on_commit`.
- **Nothing lost when email fails, nothing sent twice.** Each email is a `Notification`
  row (an outbox) with one Message-ID for every try. Each try is committed before the mail
  server is contacted, just before the server can accept it, and after (`mail.py`), so a
  crash never leads to a second copy. Failures retry on a slowing schedule for days
  (`NOTIFICATION_RETRY_DAYS`); staff see a banner in the admin and the outbox
  ("Notifications") has a resend action; `manage.py retry_notifications` is the safety net.
- **Nothing typed lost on a failure.** A POST that fails before its row is committed (the
  database down, anything else) answers with the person's text ready to send again.
- **Redis down is harmless.** The rate limit fails open (logged) if the cache fails.
- **Spam held off without a CAPTCHA.** A honeypot field, a signed timestamp with a minimum
  fill time, and a per-client rate limit in the shared cache. Bots caught by the honeypot
  are dropped silently; a person who is too fast, or has an expired form, sees the form
  again with everything they typed; a person over the rate limit gets a 429 page that keeps
  their text on screen and gives the phone number.
- **No duplicates.** The signed form token carries a one-time key; a double-click or a
  retried POST returns the same thank-you page instead of a second row.
- **Privacy.** Views mark POST data sensitive (never in error reports), bodies are never
  logged, staff emails link to the admin record instead of carrying the message, and every
  form and thank-you page is `Cache-Control: no-store`.
- **Staff side.** `SubmissionAdmin` gives read-only submitted fields, status/assignee/
  internal notes, an overdue filter, and a formula-safe CSV export of selected rows. The
  outbox (`NotificationAdmin`) shows a non-superuser only the emails of submission kinds
  they may view, so teams (see `manage.py setup_roles`) never read each other's mail.
- **Retention.** `manage.py purge_submissions --days N [--dry-run]` deletes closed
  submissions of every kind.

How to use it, in an app:

0. App: a new form is a capability, so it gets an app of its own, `cancercenter/<name>/`
   with `apps.py` (an `AppConfig` with its label), `models.py`, `forms.py`,
   `services.py`, `views.py`, `urls.py` (included from `cancercenter/urls.py`), `admin.py`
   and `migrations/`; templates in `templates/<name>/` (the gift, contact and search
   pages kept their older names under `templates/cancercenter/`), tests in `tests/<name>/`.
   `cancercenter/contact/` is the smallest complete example. Other modules reach the app
   only through its models, services or urls (`tests/test_app_boundaries.py`).
1. Model: subclass `cancercenter.submissions.models.Submission` (abstract) and set
   `reference_prefix` ("G", "C", "T", "S") and `notification_kind` ("gift", ...). Implement
   `acknowledgement_email()` (the person's address or "") and, if useful,
   `notification_context()` and `extra_notifications()` (a list of `PlannedNotification`:
   further people to email, such as the person a tribute gift is told about; they are
   outbox rows with the audience "notified", retried like the others). Override `status`
   choices' labels if needed; the values `new`/`in_progress`/`done` are fixed ("done"
   means closed).
2. Form: a ModelForm that also inherits `SubmissionFormMixin` (adds the honeypot and the
   signed token; list your own fields explicitly).
3. Service: in the app's `services.py`, an `<entity>_create` service that calls
   `submission_create(instance=obj, token=form.token)` and does whatever else the entity
   needs (see `cancercenter.contact.services.contact_request_create`).
4. Views: subclass `SubmissionCreateView` (set `form_class`, `template_name`,
   `thanks_url_name`, `rate_limit_scope`, and implement `create_submission(form)`) and
   `SubmissionThanksView` (set `model`, `template_name`).
5. Templates: include "includes/form_errors.html" (error summary and the rate-limit
   notice) and "includes/form_antispam.html" inside the <form>; write
   `templates/emails/<kind>_staff.txt` and `<kind>_acknowledgement.txt` (first line is the
   subject).
6. Admin: subclass `cancercenter.submissions.admin.SubmissionAdmin` in the app's
   `admin.py`; give the team that works the queue its permissions in
   `cancercenter/roles.py` (by the app's label, e.g. `("contact", "contactrequest", WORK)`).
7. Recipients: settings.SUBMISSION_RECIPIENTS[kind], from the `NOTIFY_<KIND>_EMAILS`
   environment variables.
"""
