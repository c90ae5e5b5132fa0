from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .res_partner import TRACKING_ORGANISATIONS


class MailMessage(models.Model):
    """A message on a person of the shared address book belongs to the organisation it was
    written in: staff of another organisation the person is connected to do not read it
    (record rules in security/association_security.xml)."""

    _inherit = "mail.message"

    organisation_id = fields.Many2one(
        "res.company",
        string="Written in organisation",
        index="btree_not_null",
        ondelete="set null",
        help="On a person of the shared address book: the organisation whose staff wrote "
        "the message (or whose record it is about). Only that organisation, its parents and "
        "platform administrators read it. Empty: everybody who sees the person.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        organisation = self.env["res.partner"]._chatter_organisation()
        tracked = self.env.cr.precommit.data.get(TRACKING_ORGANISATIONS, {})
        for vals in vals_list:
            if vals.get("model") == "res.partner" and "organisation_id" not in vals:
                if vals.get("tracking_value_ids"):
                    # written at the end of the transaction: the organisation of the change
                    vals["organisation_id"] = tracked.get(vals.get("res_id"), organisation.id)
                else:
                    vals["organisation_id"] = organisation.id
        self._check_organisation_given([vals.get("organisation_id") for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        if "organisation_id" in vals:
            self._check_organisation_given([vals["organisation_id"]])
        return super().write(vals)

    @api.model
    def _check_organisation_given(self, organisation_ids):
        """Nobody writes in the name of an organisation they do not work in (a note planted
        in another organisation's history of a shared person)."""
        if self.env.su or self.env.user.has_group("association_base.group_association_admin"):
            return
        given = {oid for oid in organisation_ids if oid}
        if given - set(self.env["res.partner"]._my_organisation_tree().ids):
            raise AccessError(_("You cannot write in the name of another organisation."))
