from . import association_person_connect, portal_wizard_user
