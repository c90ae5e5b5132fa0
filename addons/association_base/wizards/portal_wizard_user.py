from odoo import models


class PortalWizardUser(models.TransientModel):
    """Granting, re-sending or revoking the portal login of a person who is also another
    organisation's is theirs to decide too: only a platform administrator may (the login
    reaches every organisation of the person, and an invitation sets its password)."""

    _inherit = "portal.wizard.user"

    def action_grant_access(self):
        self.partner_id._check_not_shared(self.env._("give a portal login to"))
        return super().action_grant_access()

    def action_invite_again(self):
        self.partner_id._check_not_shared(self.env._("invite again"))
        return super().action_invite_again()

    def action_revoke_access(self):
        self.partner_id._check_not_shared(self.env._("revoke the portal login of"))
        return super().action_revoke_access()
