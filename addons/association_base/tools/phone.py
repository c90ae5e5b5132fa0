"""Mobile numbers in E.164 from the notations people write in Sweden and Norway.

``070-123 45 67`` (Sweden) and ``412 34 567`` (Norway) are read in the region given (the
person's country, else the organisation's); numbers written with a country prefix (``+47``,
``0047``) are read as such whatever the region. Parsed with ``phonenumbers`` (Google's
libphonenumber metadata), which knows each country's mobile ranges.
"""

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

DEFAULT_REGION = "SE"
# FIXED_LINE_OR_MOBILE: regions whose numbering plan does not tell them apart (not SE or NO)
MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def mobile_to_e164(number, region=DEFAULT_REGION):
    """``number`` in E.164 (``+46701234567``) when it is a valid mobile number, else False
    (empty, not a phone number, or a number that cannot receive SMS such as the landline
    ``08-123 456 78``)."""
    if not number or not number.strip():
        return False
    try:
        parsed = phonenumbers.parse(number, (region or DEFAULT_REGION).upper())
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(parsed):
        return False
    if phonenumbers.number_type(parsed) not in MOBILE_TYPES:
        return False
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
