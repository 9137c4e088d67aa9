import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_single_line(value: str) -> None:
    """Refuse line breaks and control characters in a one-line field such as a name.

    A browser's one-line box cannot send them, so only scripts do; refusing them keeps
    names safe to put in an email's subject line.
    """
    if any(unicodedata.category(char) in {"Cc", "Zl", "Zp"} and char != "\t" for char in value):
        raise ValidationError(
            _("Please keep this to one line, without line breaks or control characters."),
            code="single_line",
        )
