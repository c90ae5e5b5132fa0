from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import safe_eval


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    @api.model
    def _render_template_qweb(self, template_src, model, res_ids, add_context=None, options=None):
        """Core parses and compiles a template's QWeb source again for every record (a tree
        parsed from a string cannot be cached by QWeb): some 10 ms a record, most of the
        cost of a batch of reminders. For many records the source is compiled once here and
        the compiled template runs for each record, with the values and options core gives
        it. Whatever goes wrong is left to core's rendering, which raises its own errors."""
        if (
            len(res_ids) < 2
            or not template_src
            or not self._has_unsafe_expression_template_qweb(template_src, model)
        ):
            return super()._render_template_qweb(template_src, model, res_ids, add_context, options)
        variables = self._render_eval_context()
        variables.update(add_context or {})
        options = dict(options or {})
        if (
            not self._unrestricted_rendering
            and not self.env.is_admin()
            and not self.env.user.has_group("mail.group_mail_template_editor")
        ):
            options["raise_on_forbidden_code_for_model"] = model
        IrQweb = self.env["ir.qweb"].with_context(**options)
        results = {}
        try:
            compiled = None
            for record in self.env[model].browse(res_ids):
                values = {**variables, "object": record}
                qweb = IrQweb._prepare_environment(values)
                safe_eval.check_values(values)
                if compiled is None:
                    functions, name = qweb._compile(
                        html.fragment_fromstring(template_src, create_parent="div")
                    )
                    compiled = functions[name]
                # without the <div> wrapped around the template's nodes
                results[record.id] = Markup("".join(compiled(qweb, values)))[5:-6]
        except Exception:  # core renders again and raises its own error
            return super()._render_template_qweb(template_src, model, res_ids, add_context, options)
        return results
