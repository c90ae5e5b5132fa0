from . import association_person_connect
