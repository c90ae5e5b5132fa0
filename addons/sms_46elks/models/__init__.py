from . import (
    mail_thread,
    res_company,
    res_config_settings,
    res_partner,
    sms_sms,
    sms_tracker,
)
