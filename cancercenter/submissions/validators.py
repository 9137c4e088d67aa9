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


PHONE_MIN_DIGITS = 7


def validate_phone(value: str) -> None:
    """Refuse a phone number with fewer than 7 digits, such as "call me maybe".

    Deliberately light: spaces, dashes, a leading + or an extension are all fine, since
    numbers come from many countries; staff only need enough digits to dial.
    """
    if sum(char.isdecimal() for char in value) < PHONE_MIN_DIGITS:
        raise ValidationError(
            _("Enter a phone number with at least %(digits)s digits, including the area code."),
            code="phone_too_short",
            params={"digits": PHONE_MIN_DIGITS},
        )


def validate_no_control_characters(value: str) -> None:
    """Refuse invisible control characters (other than line breaks and tabs) in any text.

    They come from scripts or from pasting out of odd programs, never from typing; nothing
    of what the person meant is lost by asking them to take it out.
    """
    if any(unicodedata.category(char) == "Cc" and char not in "\n\t" for char in value):
        raise ValidationError(
            _(
                "This text contains an invisible control character, often left by copying "
                "and pasting. Please delete it and type that part again."
            ),
            code="control_character",
        )
