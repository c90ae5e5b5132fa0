from odoo.tools import SQL

from . import models, wizards
from .models.account_move import VOUCHER_TABLE


def uninstall_hook(env):
    """The voucher numbers' table is not an ORM model: drop it with the module."""
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(VOUCHER_TABLE)))
