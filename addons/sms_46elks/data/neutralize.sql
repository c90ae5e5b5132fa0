-- a copy of the database must not send SMS with the organisation's 46elks account
UPDATE res_company
   SET sms_46elks_api_password = NULL;
