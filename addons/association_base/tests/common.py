from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class AssociationCase(TransactionCase):
    """Two organisations (Swedish A with a branch, Norwegian B), their staff, and people."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.org_a = Company.create({"name": "Förening A", "organisation_type": "association"})
        cls.branch_a = Company.create({"name": "Förening A, ungdom", "parent_id": cls.org_a.id})
        cls.org_b = Company.create({"name": "Forening B", "organisation_type": "union"})
        cls.staff_a = cls._staff("staff_a", cls.org_a, cls.branch_a)
        cls.staff_b = cls._staff("staff_b", cls.org_b)
        cls.staff_branch = cls._staff("staff_branch", cls.branch_a)
        cls.platform_admin = new_test_user(
            cls.env,
            login="platform_admin",
            groups="association_base.group_association_admin",
            company_id=cls.org_a.id,
            company_ids=[Command.set(cls.org_a.ids)],
        )
        Partner = cls.env["res.partner"]
        cls.person_a = Partner.create(
            {"name": "Anna A", "organisation_ids": [Command.set(cls.org_a.ids)]}
        )
        cls.person_b = Partner.create(
            {"name": "Bjørn B", "organisation_ids": [Command.set(cls.org_b.ids)]}
        )
        cls.person_ab = Partner.create(
            {
                "name": "Alva AB",
                "email": "alva@example.org",
                "street": "Gamla vägen 1",
                "organisation_ids": [Command.set((cls.org_a | cls.org_b).ids)],
            }
        )
        cls.person_branch = Partner.create(
            {"name": "Unga Ulla", "organisation_ids": [Command.set(cls.branch_a.ids)]}
        )

    @classmethod
    def _staff(cls, login, company, *other_companies):
        return new_test_user(
            cls.env,
            login=login,
            groups="association_base.group_association_user",
            company_id=company.id,
            company_ids=[Command.set([company.id, *(c.id for c in other_companies)])],
        )
