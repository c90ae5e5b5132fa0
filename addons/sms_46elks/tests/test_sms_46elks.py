import base64

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.sms.tools.sms_api import SmsApi

from ..tools.sms_api import SmsApi46elks
from .common import Sms46elksMixin

API_LOGGER = "odoo.addons.sms_46elks.tools.sms_api"
CONTROLLER_LOGGER = "odoo.addons.sms_46elks.controllers.main"


def basic_auth(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@tagged("post_install", "-at_install")
class TestSms46elksSend(Sms46elksMixin, TransactionCase):
    def test_success_swedish_number(self):
        sms = self._sms(self.org_a, "070-123 45 67", body="Påminnelse: årsavgiften")
        sms.send()
        self.assertEqual(len(self.fake.requests), 1)
        request = self.fake.requests[0]
        self.assertEqual(request["path"], "/a1/sms")
        self.assertEqual(request["headers"]["Authorization"], basic_auth("u_a", "secret-a"))
        form = request["form"]
        self.assertEqual(form["from"], "ForeningA")
        self.assertEqual(form["to"], "+46701234567")
        self.assertEqual(form["message"], "Påminnelse: årsavgiften")
        secret = self.org_a.sms_46elks_webhook_secret
        self.assertTrue(
            form["whendelivered"].endswith(f"/sms_46elks/status/{self.org_a.id}/{secret}"),
            form["whendelivered"],
        )
        self.assertRecordValues(
            sms,
            [
                {
                    "state": "pending",
                    "failure_type": False,
                    "failure_reason": False,
                    "sms_46elks_id": f"s{1:032x}",
                    "to_delete": True,
                }
            ],
        )

    def test_norwegian_number_read_in_the_persons_country(self):
        # organisation A is Swedish: the person's country says how to read the number
        sms = self._sms(self.org_a, "412 34 567", partner=self.person_no)
        sms.send()
        self.assertEqual(self.fake.requests[0]["form"]["to"], "+4741234567")
        self.assertEqual(sms.state, "pending")

    def test_organisation_b_sends_with_its_own_account(self):
        sms_a = self._sms(self.org_a, "070-123 45 67")
        sms_b = self._sms(self.org_b, "412 34 567")
        (sms_a | sms_b).send()
        self.assertEqual(len(self.fake.requests), 2)
        by_to = {request["form"]["to"]: request for request in self.fake.requests}
        request_b = by_to["+4741234567"]
        self.assertEqual(request_b["headers"]["Authorization"], basic_auth("u_b", "secret-b"))
        self.assertEqual(request_b["form"]["from"], "+4791234567")
        self.assertIn(
            f"/sms_46elks/status/{self.org_b.id}/{self.org_b.sms_46elks_webhook_secret}",
            request_b["form"]["whendelivered"],
        )
        self.assertEqual(
            by_to["+46701234567"]["headers"]["Authorization"], basic_auth("u_a", "secret-a")
        )
        self.assertNotEqual(
            self.org_a.sms_46elks_webhook_secret, self.org_b.sms_46elks_webhook_secret
        )
        self.assertEqual((sms_a | sms_b).mapped("state"), ["pending", "pending"])

    @mute_logger(API_LOGGER)
    def test_refusals_4xx(self):
        for status, answer, failure_type, reason in [
            (
                401,
                "Unauthorized",
                "sms_acc",
                "46elks refused the API username and password (HTTP 401): Unauthorized",
            ),
            (402, "Payment required", "sms_credit", "not enough credit (HTTP 402)"),
            (
                403,
                "Not enough credits",
                "sms_credit",
                "not enough credit (HTTP 403): Not enough credits",
            ),
            (403, "Invalid from", "unknown", "46elks refused the SMS (HTTP 403): Invalid from"),
            (400, "Missing key message", "unknown", "(HTTP 400): Missing key message"),
        ]:
            with self.subTest(status=status, answer=answer):
                self.fake.answers.append((status, answer, 0))
                sms = self._sms(self.org_a, "+46701234567")
                sms.send()
                self.assertRecordValues(
                    sms,
                    [
                        {
                            "state": "error",
                            "failure_type": failure_type,
                            "sms_46elks_id": False,
                            "to_delete": False,
                        }
                    ],
                )
                self.assertIn(reason, sms.failure_reason)

    @mute_logger(API_LOGGER)
    def test_server_error_5xx(self):
        self.fake.answers.append((500, "Internal Server Error", 0))
        sms = self._sms(self.org_a, "+46701234567")
        sms.send()
        self.assertRecordValues(sms, [{"state": "error", "failure_type": "sms_server"}])
        self.assertIn("server error (HTTP 500)", sms.failure_reason)

    @mute_logger(API_LOGGER)
    def test_timeout(self):
        # 10 s is the default timeout and the shortest Odoo's tests let a request wait
        self.env["ir.config_parameter"].set_param("sms_46elks.timeout", "10")
        self.fake.answers.append((200, '{"id": "s-late"}', 11))
        sms = self._sms(self.org_a, "+46701234567")
        sms.send()
        self.assertRecordValues(
            sms, [{"state": "error", "failure_type": "sms_server", "sms_46elks_id": False}]
        )
        self.assertIn("did not answer within 10 seconds", sms.failure_reason)

    @mute_logger(API_LOGGER)
    def test_unreachable(self):
        self.env["ir.config_parameter"].set_param("sms_46elks.api_url", "http://127.0.0.1:9/a1")
        sms = self._sms(self.org_a, "+46701234567")
        sms.send()
        self.assertRecordValues(sms, [{"state": "error", "failure_type": "sms_server"}])
        self.assertIn("46elks could not be reached", sms.failure_reason)

    def test_invalid_number_is_not_sent(self):
        valid = self._sms(self.org_a, "070-123 45 67")
        invalid = self._sms(self.org_a, "12345")
        (valid | invalid).send()
        self.assertEqual([r["form"]["to"] for r in self.fake.requests], ["+46701234567"])
        self.assertRecordValues(invalid, [{"state": "error", "failure_type": "sms_number_format"}])
        self.assertIn("12345 is not a valid phone number", invalid.failure_reason)
        self.assertEqual(valid.state, "pending")

    def test_incomplete_configuration_is_not_sent(self):
        self.org_b.sms_46elks_api_password = False
        sms = self._sms(self.org_b, "412 34 567")
        sms.send()
        self.assertFalse(self.fake.requests)
        self.assertRecordValues(sms, [{"state": "error", "failure_type": "sms_acc"}])
        self.assertIn("API username or password is not set", sms.failure_reason)

    def test_iap_stays_the_default_and_is_chosen_per_organisation(self):
        self.assertEqual(self.env["res.company"].create({"name": "New"}).sms_provider, "iap")
        sms_a = self._sms(self.org_a, "+46701234567")
        sms_b = self._sms(self.org_b, "+4741234567")
        sms_iap = self._sms(self.org_iap, "+46701234568")
        routes = list((sms_a | sms_b | sms_iap)._split_by_api())
        self.assertEqual(len(routes), 3)
        by_company = {
            api.company: (type(api), sms) for api, sms in routes if isinstance(api, SmsApi46elks)
        }
        self.assertEqual(by_company[self.org_a], (SmsApi46elks, sms_a))
        self.assertEqual(by_company[self.org_b], (SmsApi46elks, sms_b))
        iap_routes = [(api, sms) for api, sms in routes if not isinstance(api, SmsApi46elks)]
        self.assertEqual(len(iap_routes), 1)
        self.assertIs(type(iap_routes[0][0]), SmsApi)
        self.assertEqual(iap_routes[0][1], sms_iap)
        self.assertIs(self.org_iap._get_sms_api_class(), SmsApi)
        self.assertIs(self.org_a._get_sms_api_class(), SmsApi46elks)

    def test_credentials_only_for_system_administrators(self):
        secret_fields = [
            "sms_46elks_api_username",
            "sms_46elks_api_password",
            "sms_46elks_sender",
            "sms_46elks_webhook_secret",
        ]
        for user, company in [
            (self.staff_b, self.org_a),
            (self.staff_b, self.org_b),
            (self.staff_a, self.org_a),
        ]:
            Company = self.env["res.company"].with_user(user)
            visible = Company.fields_get()
            for field in secret_fields:
                with self.subTest(user=user.login, company=company.name, field=field):
                    self.assertNotIn(field, visible)
                    with self.assertRaises(AccessError):
                        Company.browse(company.id).read([field])
                    with self.assertRaises(AccessError):
                        Company.browse(company.id).write({field: "stolen"})
        self.assertEqual(self.org_a.sms_46elks_api_password, "secret-a")

    def test_sender_must_be_a_name_or_an_e164_number(self):
        for sender in ["GbgSegel", "A1b", "Forening123", "+46766861004"]:
            with self.subTest(sender=sender):
                self.org_a.sms_46elks_sender = sender
        for sender in [
            "Göteborgs Segelsällskap",
            "1Forening",
            "AB",
            "Forening1234",
            "0701234567",
            "Ab-c",
        ]:
            with self.subTest(sender=sender), self.assertRaises(ValidationError):
                self.org_a.sms_46elks_sender = sender

    def test_mobile_number_of_a_person(self):
        self.assertEqual(self.person_se._sms_mobile_e164(), "+46701234567")
        # no mobile field: the phone field holds a Norwegian mobile number
        self.assertEqual(self.person_no._sms_mobile_e164(), "+4741234567")
        # a landline cannot receive SMS
        self.assertFalse(self.person_landline._sms_mobile_e164())
        self.assertFalse(self.person_without._sms_mobile_e164())
        # without a country, the number is read in the organisation's
        no_country = self.env["res.partner"].create({"name": "Ola", "mobile": "412 34 567"})
        self.assertEqual(no_country.with_company(self.org_b)._sms_mobile_e164(), "+4741234567")
        self.assertFalse(no_country.with_company(self.org_a)._sms_mobile_e164())

    def test_send_to_mobile_of_people(self):
        people = (
            self.person_se | self.person_no | self.person_without | self.person_landline
        ).with_user(self.staff_a)
        messages = people._sms_send_to_mobile("Din avgift är betald.")
        self.assertEqual(len(messages), 2)
        self.assertEqual(messages.mapped("model"), ["res.partner", "res.partner"])
        self.assertEqual(
            sorted(messages.mapped("res_id")), sorted((self.person_se | self.person_no).ids)
        )
        self.assertEqual(
            sorted(r["form"]["to"] for r in self.fake.requests), ["+46701234567", "+4741234567"]
        )
        self.assertTrue(
            all(
                r["headers"]["Authorization"] == basic_auth("u_a", "secret-a")
                for r in self.fake.requests
            )
        )
        notifications = messages.sudo().notification_ids
        self.assertEqual(notifications.mapped("notification_status"), ["pending", "pending"])
        trackers = notifications.sms_tracker_ids
        self.assertEqual(len(trackers), 2)
        self.assertTrue(all(trackers.mapped("sms_46elks_id")))
        self.assertEqual(trackers.sms_46elks_company_id, self.org_a)

    def test_mass_sms_goes_through_each_records_organisation(self):
        Partner = self.env["res.partner"]
        partner_a = Partner.create(
            {
                "name": "Anna",
                "mobile": "070-123 45 67",
                "company_id": self.org_a.id,
                "country_id": self.env.ref("base.se").id,
            }
        )
        partner_b = Partner.create(
            {"name": "Bjørn", "mobile": "+47 412 34 567", "company_id": self.org_b.id}
        )
        composer = self.env["sms.composer"].create(
            {
                "body": "Årsmöte på torsdag",
                "composition_mode": "mass",
                "mass_force_send": True,
                "res_model": "res.partner",
                "res_ids": (partner_a | partner_b).ids,
            }
        )
        composer._action_send_sms()
        auth_by_to = {r["form"]["to"]: r["headers"]["Authorization"] for r in self.fake.requests}
        self.assertEqual(
            auth_by_to,
            {
                "+46701234567": basic_auth("u_a", "secret-a"),
                "+4741234567": basic_auth("u_b", "secret-b"),
            },
        )

    @mute_logger(API_LOGGER)
    def test_send_to_mobile_failure_shows_on_the_notification(self):
        self.fake.answers.append((401, "Unauthorized", 0))
        message = self.person_se.with_user(self.staff_a)._sms_send_to_mobile("Hej")
        notification = message.sudo().notification_ids
        self.assertRecordValues(
            notification, [{"notification_status": "exception", "failure_type": "sms_acc"}]
        )
        self.assertIn("HTTP 401", notification.failure_reason)
        self.assertFalse(notification.sms_tracker_ids.sms_46elks_id)


@tagged("post_install", "-at_install")
class TestSms46elksDeliveryReport(Sms46elksMixin, HttpCase):
    def _sent(self):
        message = self.person_se.with_user(self.staff_a)._sms_send_to_mobile("Hej")
        notification = message.sudo().notification_ids
        sms = self.env["sms.sms"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(notification.notification_status, "pending")
        return notification, sms, notification.sms_tracker_ids.sms_46elks_id

    def _report(self, elks_id, status, company=None, secret=None):
        company = company or self.org_a
        secret = secret if secret is not None else company.sms_46elks_webhook_secret
        data = {"id": elks_id, "status": status}
        if status == "delivered":
            data["delivered"] = "2026-03-01T10:00:00.000000"
        return self.url_open(f"/sms_46elks/status/{company.id}/{secret}", data=data)

    def test_delivered(self):
        notification, sms, elks_id = self._sent()
        response = self._report(elks_id, "delivered")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(notification.notification_status, "sent")
        self.assertRecordValues(sms, [{"state": "sent", "to_delete": True}])

    def test_failed(self):
        notification, sms, elks_id = self._sent()
        response = self._report(elks_id, "failed")
        self.assertEqual(response.status_code, 200)
        self.assertRecordValues(
            notification,
            [{"notification_status": "exception", "failure_type": "sms_not_delivered"}],
        )
        self.assertIn("could not be delivered", notification.failure_reason)
        self.assertRecordValues(sms, [{"state": "error", "failure_type": "sms_not_delivered"}])
        self.assertIn("could not be delivered", sms.failure_reason)

    def test_sent_report_changes_nothing(self):
        notification, sms, elks_id = self._sent()
        self.assertEqual(self._report(elks_id, "sent").status_code, 200)
        self.assertEqual(notification.notification_status, "pending")
        self.assertEqual(sms.state, "pending")

    def test_sms_about_a_record_of_b_is_sent_and_reported_as_b(self):
        person = self.env["res.partner"].create(
            {"name": "Berit", "mobile": "412 34 567", "company_id": self.org_b.id}
        )
        # sent while working in A: the record's organisation B sends it
        message = person.with_company(self.org_a)._sms_send_to_mobile("Hei")
        request = self.fake.requests[0]
        self.assertEqual(request["headers"]["Authorization"], basic_auth("u_b", "secret-b"))
        self.assertEqual(request["form"]["to"], "+4741234567")
        notification = message.notification_ids
        sms = self.env["sms.sms"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(sms.record_company_id, self.org_b)
        elks_id = notification.sms_tracker_ids.sms_46elks_id
        self.assertEqual(self._report(elks_id, "delivered", company=self.org_a).status_code, 200)
        self.assertEqual(notification.notification_status, "pending")
        self.assertEqual(self._report(elks_id, "delivered", company=self.org_b).status_code, 200)
        self.assertEqual(notification.notification_status, "sent")
        self.assertEqual(sms.state, "sent")

    @mute_logger(CONTROLLER_LOGGER, "odoo.http")
    def test_bad_secret_is_refused(self):
        notification, sms, elks_id = self._sent()
        for secret in [
            "wrong",
            self.org_a.sms_46elks_webhook_secret[:-1],
            self.org_b.sms_46elks_webhook_secret,
        ]:
            with self.subTest(secret=secret):
                response = self._report(elks_id, "delivered", secret=secret)
                self.assertEqual(response.status_code, 403)
        # no secret at all: no such address
        response = self.url_open(
            f"/sms_46elks/status/{self.org_a.id}/", data={"id": elks_id, "status": "delivered"}
        )
        self.assertEqual(response.status_code, 404)
        # an organisation that does not exist
        response = self._report(
            elks_id, "delivered", secret="x", company=self.env["res.company"].browse(999999)
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(notification.notification_status, "pending")
        self.assertRecordValues(sms, [{"state": "pending", "failure_type": False}])

    @mute_logger(CONTROLLER_LOGGER)
    def test_other_organisations_secret_does_not_reach_the_sms(self):
        notification, sms, elks_id = self._sent()
        # B's own address, but the SMS is A's: acknowledged, nothing changed
        response = self._report(elks_id, "failed", company=self.org_b)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(notification.notification_status, "pending")
        self.assertEqual(sms.state, "pending")

    @mute_logger(CONTROLLER_LOGGER, "odoo.http")
    def test_unknown_or_malformed_report(self):
        notification, sms, elks_id = self._sent()
        self.assertEqual(self._report("s" + "0" * 32, "delivered").status_code, 200)
        self.assertEqual(self._report(elks_id, "exploded").status_code, 400)
        self.assertEqual(notification.notification_status, "pending")
        self.assertEqual(sms.state, "pending")
