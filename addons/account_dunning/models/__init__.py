from . import (
    account_dunning_fee_cap,
    account_move,
    account_partial_reconcile,
    credit_control_communication,
    credit_control_line,
    credit_control_policy,
    credit_control_policy_level,
    credit_control_run,
    mail_render_mixin,
    res_company,
    res_config_settings,
    res_partner,
)
