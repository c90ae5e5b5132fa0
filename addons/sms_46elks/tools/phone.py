"""Phone numbers for SMS: E.164 from the notations people write in Sweden and Norway.

``070-123 45 67`` (Sweden) and ``412 34 567`` (Norway) are read in the region given (the
person's country, else the organisation's); numbers written with a country prefix (``+47``,
``0047``) are read as such whatever the region.
"""

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

DEFAULT_REGION = "SE"
MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _parse(number, region):
    if not number or not number.strip():
        return None
    try:
        parsed = phonenumbers.parse(number, (region or DEFAULT_REGION).upper())
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def to_e164(number, region=DEFAULT_REGION):
    """``number`` in E.164 (``+46701234567``), or False when it is not a valid number."""
    parsed = _parse(number, region)
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164) if parsed else False


def mobile_to_e164(number, region=DEFAULT_REGION):
    """Like ``to_e164``, but False also for a valid number that cannot receive SMS (a
    landline such as ``08-123 456 78``)."""
    parsed = _parse(number, region)
    if not parsed or phonenumbers.number_type(parsed) not in MOBILE_TYPES:
        return False
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
