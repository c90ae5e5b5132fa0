-- a copy of the database must not send SMS with the organisation's 46elks account, nor
-- accept its delivery reports: the API password is cleared, the delivery-report secrets
-- (the current one and the one a regeneration replaced) are replaced by a new random one
-- (gen_random_uuid: PostgreSQL's strong random source), so that the settings still show a
-- working address of the copy
UPDATE res_company
   SET sms_46elks_api_password = NULL,
       sms_46elks_webhook_secret = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
       sms_46elks_webhook_secret_previous = NULL,
       sms_46elks_webhook_secret_date = NULL;
