from . import test_national_id
from . import test_deduplication
from . import test_visibility
from . import test_customer_type
from . import test_portal
