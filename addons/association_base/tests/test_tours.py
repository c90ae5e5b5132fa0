from odoo.tests import HttpCase, tagged

from .common import AssociationCase


@tagged("post_install", "-at_install")
class TestAssociationTours(AssociationCase, HttpCase):
    def test_people_as_staff_of_a(self):
        self.staff_a.password = "staff_a"
        self.start_tour("/odoo", "association_people_tour", login="staff_a")
