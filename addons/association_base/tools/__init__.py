from . import national_id, phone
