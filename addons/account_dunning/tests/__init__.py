from . import test_fee_caps
from . import test_reminder_run
from . import test_receipts
from . import test_tours
