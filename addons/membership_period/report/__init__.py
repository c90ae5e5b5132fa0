from . import report_membership
