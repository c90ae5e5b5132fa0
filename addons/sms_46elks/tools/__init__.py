from . import phone, sms_api
