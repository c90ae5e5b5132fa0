from . import (
    association_certificate,
    association_customer_type,
    res_company,
    res_partner,
    res_users,
)
