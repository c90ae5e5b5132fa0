from . import test_sms_46elks
