"""The billing channel of a person is per organisation unit (company-dependent) since
18.0.1.1.0. The one channel a person had is kept for every organisation unit, so that
nothing is billed differently after the update; each organisation changes its own from
then on."""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute(
        """
        SELECT data_type FROM information_schema.columns
         WHERE table_name = 'res_partner' AND column_name = 'billing_channel'
        """
    )
    row = cr.fetchone()
    if not row or row[0] == "jsonb":
        return
    cr.execute("ALTER TABLE res_partner RENAME COLUMN billing_channel TO billing_channel_single")
    cr.execute("ALTER TABLE res_partner ADD COLUMN billing_channel jsonb")
    cr.execute(
        """
        UPDATE res_partner p
           SET billing_channel = (
                SELECT jsonb_object_agg(c.id::text, to_jsonb(p.billing_channel_single))
                  FROM res_company c
               )
         WHERE p.billing_channel_single IS NOT NULL
        """
    )
    _logger.info("billing channel of %s people kept for every organisation unit", cr.rowcount)
    cr.execute("ALTER TABLE res_partner DROP COLUMN billing_channel_single")
