"""Amounts as integers in the currency's minor unit (øre, öre), for exact sums."""

from decimal import ROUND_HALF_UP, Decimal


def to_minor(amount, decimal_places):
    """``amount`` (a float, Decimal or str) in minor units, rounded half up."""
    value = Decimal(str(amount)).scaleb(decimal_places)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor(minor, decimal_places):
    """Minor units back to a float amount for Odoo's monetary fields."""
    return float(Decimal(minor).scaleb(-decimal_places))
