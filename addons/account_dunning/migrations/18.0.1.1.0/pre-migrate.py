"""Since 18.0.1.1.0 OCA's follow-up fields of a person are per organisation unit (see
``hooks.followup_per_organisation``)."""

from odoo.addons.account_dunning.hooks import followup_per_organisation


def migrate(cr, version):
    followup_per_organisation(cr)
