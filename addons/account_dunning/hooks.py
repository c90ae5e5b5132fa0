"""OCA's follow-up fields of a person (policy, responsible, payment promise, next action,
manual follow-up) are per organisation unit (company-dependent) here: one organisation's
note about a shared person is not another's to read. OCA's module made them plain columns;
they become per-organisation values when this module is installed, or updated from a
version before 18.0.1.1.0. A person's policy is kept for the policy's own organisation unit
only; the other values, whose author is not known, are kept for the organisations the person
is connected to (and their units), or for every organisation unit when the person is
connected to none, so that nothing is lost and no organisation gets notes about people it
does not know."""

import logging

_logger = logging.getLogger(__name__)

FIELDS = (
    "payment_responsible_id",
    "payment_note",
    "payment_next_action_type",
    "payment_next_action",
    "payment_next_action_date",
    "manual_followup",
)


def _single_valued(cr, column):
    cr.execute(
        """
        SELECT data_type FROM information_schema.columns
         WHERE table_name = 'res_partner' AND column_name = %s
        """,
        (column,),
    )
    row = cr.fetchone()
    if not row or row[0] == "jsonb":
        return False
    cr.execute(f'ALTER TABLE res_partner RENAME COLUMN "{column}" TO "{column}_single"')
    cr.execute(f'ALTER TABLE res_partner ADD COLUMN "{column}" jsonb')
    return True


def followup_per_organisation(cr):
    if _single_valued(cr, "credit_policy_id"):
        cr.execute(
            """
            UPDATE res_partner p
               SET credit_policy_id = jsonb_build_object(pol.company_id::text, pol.id)
              FROM credit_control_policy pol
             WHERE pol.id = p.credit_policy_id_single AND pol.company_id IS NOT NULL
            """
        )
        _logger.info("reminder policy of %s people kept for its organisation unit", cr.rowcount)
        cr.execute("ALTER TABLE res_partner DROP COLUMN credit_policy_id_single")
    for column in FIELDS:
        if not _single_valued(cr, column):
            continue
        unset = f'AND p."{column}_single" IS TRUE' if column == "manual_followup" else ""
        cr.execute(
            f"""
            UPDATE res_partner p
               SET "{column}" = (
                    SELECT jsonb_object_agg(c.id::text, to_jsonb(p."{column}_single"))
                      FROM res_company c
                     WHERE NOT EXISTS (
                            SELECT 1 FROM res_partner_organisation_rel r
                             WHERE r.partner_id = p.id
                           )
                        OR EXISTS (
                            SELECT 1 FROM res_partner_organisation_rel r
                              JOIN res_company o ON o.id = r.company_id
                             WHERE r.partner_id = p.id
                               AND c.parent_path LIKE o.parent_path || '%'
                           )
                   )
             WHERE p."{column}_single" IS NOT NULL {unset}
            """
        )
        _logger.info("%s of %s people kept for their organisations", column, cr.rowcount)
        cr.execute(f'ALTER TABLE res_partner DROP COLUMN "{column}_single"')


def pre_init_hook(env):
    followup_per_organisation(env.cr)
