from . import controllers, models, wizards


def post_init_hook(env):
    """Give every existing organisation its own delivery-report secret.

    The column was filled with one value of the field's default for all existing rows; a
    secret shared between organisations would let one forge the other's delivery reports.
    """
    for company in env["res.company"].search([]):
        company.sms_46elks_webhook_secret = company._sms_46elks_new_secret()
