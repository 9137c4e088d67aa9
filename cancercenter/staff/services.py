"""Staff account operations: unlocking sign-in, and (below) two-step sign-in and sessions."""

from axes.utils import reset


def staff_unlock(*, users, by) -> int:
    """Clear the failed sign-ins of these accounts, ending their lockout.

    Returns how many of them had failed sign-ins on record.
    """
    return sum(1 for user in users if reset(username=user.get_username()))
