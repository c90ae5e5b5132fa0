from . import association_customer_type
from . import association_certificate
from . import res_company
from . import res_partner
from . import res_users
