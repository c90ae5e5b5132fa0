from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from nordic_formats.no import kid

from .common import AvtaleGiroCase


@tagged("post_install", "-at_install")
class TestAvtaleGiroKid(AvtaleGiroCase):
    def test_payer_kid_and_back(self):
        self.assertEqual(self.kari._l10n_no_avtalegiro_kid(self.sale), "000112000507155")
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner._l10n_no_people_by_avtalegiro_kid(
                self.org, ["000112000507155", "001006300507304", "001026300507518", "12345"]
            ),
            {"000112000507155": self.kari, "001006300507304": self.per},
            "only people of the organisation; another organisation's person is not found",
        )
        # without a reference of digits: the id in the address book; MOD11, a prefix
        anna = Partner.create(
            {"name": "Anna Vik", "ref": "A-7", "organisation_ids": [Command.set(self.org.ids)]}
        )
        self.sale.write({"l10n_no_kid_algorithm": "mod11", "l10n_no_kid_prefix": "7"})
        number = anna._l10n_no_avtalegiro_kid(self.sale)
        self.assertEqual(len(number), 15)
        self.assertTrue(kid.is_valid(number, "mod11"))
        self.assertTrue(number[:-1].lstrip("0").startswith(f"7{anna.id}"))
        self.assertEqual(
            Partner._l10n_no_people_by_avtalegiro_kid(self.org, [number])[number], anna
        )
        # a branch's people are the organisation's; a KID of another algorithm is nobody's
        branch = self.env["res.company"].create({"name": "Ungdom", "parent_id": self.org.id})
        ola = Partner.create(
            {"name": "Ola Ung", "ref": "٤٧١١", "organisation_ids": [Command.set(branch.ids)]}
        )
        number = ola._l10n_no_avtalegiro_kid(self.sale)
        self.assertTrue(number.endswith(kid.create("74711", "mod11")))
        found = Partner._l10n_no_people_by_avtalegiro_kid(
            self.org, [number, kid.create("74711", "mod10", length=15)]
        )
        self.assertEqual(found, {number: ola})
        # the branch invoices on its parent's journal: the same KID
        self.assertEqual(Partner._l10n_no_people_by_avtalegiro_kid(branch, [number]), {number: ola})
        self.sale.l10n_no_kid_length = 4
        with self.assertRaisesRegex(UserError, "The KID of Ola Ung does not fit in 4 digits"):
            ola._l10n_no_avtalegiro_kid(self.sale)
