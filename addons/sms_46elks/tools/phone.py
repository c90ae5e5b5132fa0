"""Phone numbers for SMS: E.164 from the notations people write in Sweden and Norway.

``070-123 45 67`` (Sweden) and ``412 34 567`` (Norway) are read in the region given (the
recipient's country, else the organisation's); numbers written with a country prefix
(``+47``, ``0047``) are read as such whatever the region.
"""

import phonenumbers
from phonenumbers import PhoneNumberFormat

DEFAULT_REGION = "SE"


def to_e164(number, region=DEFAULT_REGION):
    """``number`` in E.164 (``+46701234567``), or False when it is not a valid number."""
    if not number or not number.strip():
        return False
    try:
        parsed = phonenumbers.parse(number, (region or DEFAULT_REGION).upper())
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(parsed):
        return False
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
