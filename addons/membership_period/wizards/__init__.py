from . import membership_register_compare
