from odoo import fields, models


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    customer_type_ids = fields.Many2many(
        "association.customer.type",
        string="Customer types",
        help="People of these customer types (proven by a valid certificate) get this "
        "pricelist from its organisation, whatever pricelist their contact shows.",
    )
