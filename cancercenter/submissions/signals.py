"""What happens in the staff queues, for listeners such as the audit trail.

The form layer imports no app, so it announces these instead of recording them itself.
Every signal's sender is the submission model; none carries what a person wrote.
"""

from django.dispatch import Signal

# A staff member opened a submission's page: request, submission.
submission_viewed = Signal()
# A CSV export: request, references (every row exported, in order).
submissions_exported = Signal()
# Status moved: references, status; the request is the audit trail's current one.
submission_status_changed = Signal()
