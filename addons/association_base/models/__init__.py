from . import (
    association_certificate,
    association_customer_type,
    association_person_lookup,
    mail_activity,
    mail_followers,
    mail_message,
    product_pricelist,
    res_company,
    res_partner,
    res_users,
)
