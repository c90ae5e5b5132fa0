{
    "name": "46elks SMS",
    "summary": "Send Odoo's SMS through 46elks, chosen per organisation: sender name, "
    "delivery reports, Swedish and Norwegian numbers in E.164",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "website": "https://github.com/nordic-association-suite",
    "author": "Nordic Association Suite",
    "license": "LGPL-3",
    "depends": ["sms"],
    # both define the organisation's SMS provider (res.company.sms_provider) with their own
    # choices: installed together, one would hide the other's
    "excludes": ["sms_twilio"],
    "external_dependencies": {"python": ["phonenumbers", "requests"]},
    "post_init_hook": "post_init_hook",
    "data": [
        "views/res_config_settings_views.xml",
        "views/sms_sms_views.xml",
    ],
    "assets": {
        "web.assets_tests": ["sms_46elks/static/tests/tours/*.js"],
    },
}
