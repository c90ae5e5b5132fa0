import base64
from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.modules import neutralize
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
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
            "sms_46elks_webhook_secret_previous",
            "sms_46elks_webhook_secret_date",
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

    @mute_logger(API_LOGGER)
    def test_failure_shows_on_the_chatter_notification(self):
        self.fake.answers.append((401, "Unauthorized", 0))
        message = self.person_se.with_user(self.staff_a)._message_sms(
            "Hej", partner_ids=self.person_se.ids
        )
        notification = message.sudo().notification_ids
        self.assertRecordValues(
            notification, [{"notification_status": "exception", "failure_type": "sms_acc"}]
        )
        self.assertIn("HTTP 401", notification.failure_reason)
        self.assertFalse(notification.sms_tracker_ids.sms_46elks_id)


@tagged("post_install", "-at_install")
class TestSms46elksDeliveryReport(Sms46elksMixin, HttpCase):
    def _sent(self):
        message = self.person_se.with_user(self.staff_a)._message_sms(
            "Hej", partner_ids=self.person_se.ids
        )
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


@tagged("post_install", "-at_install")
class TestSms46elksSendingOrganisation(Sms46elksMixin, HttpCase):
    """A person known to two organisations, each with its own 46elks account: the
    organisation that sends pays and gets the delivery reports, never the person's own."""

    def _working_in(self, company):
        """The environment of the staff of A and B, switched to ``company`` with both
        organisations ticked."""
        other = (self.org_a | self.org_b) - company
        return self.env(
            user=self.staff_ab,
            context=dict(self.env.context, allowed_company_ids=[company.id, other.id]),
        )

    def _chatter_sms(self, company, body="Hej Alva"):
        """The chatter's *Send SMS* on the person, by the staff working in ``company``."""
        env = self._working_in(company)
        composer = (
            env["sms.composer"]
            .with_context(active_model="res.partner", active_id=self.person_shared.id)
            .create({"body": body})
        )
        self.assertEqual(composer.composition_mode, "comment")
        composer.action_send_sms()
        message = env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.person_shared.id),
                ("message_type", "=", "sms"),
            ],
            limit=1,
        )
        self.assertIn(body, message.body)
        return message.sudo()

    def test_chatter_sms_goes_through_the_organisation_working_in(self):
        message = self._chatter_sms(self.org_b)
        self.assertEqual(len(self.fake.requests), 1)
        request = self.fake.requests[0]
        self.assertEqual(request["headers"]["Authorization"], basic_auth("u_b", "secret-b"))
        self.assertEqual(request["form"]["from"], "+4791234567")
        self.assertEqual(request["form"]["to"], "+46707654321")
        self.assertIn(
            f"/sms_46elks/status/{self.org_b.id}/{self.org_b.sms_46elks_webhook_secret}",
            request["form"]["whendelivered"],
        )
        self.assertEqual(message.record_company_id, self.org_b)
        sms = self.env["sms.sms"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(sms.record_company_id, self.org_b)
        self.assertEqual(message.notification_ids.sms_tracker_ids.sms_46elks_company_id, self.org_b)

        # the same person, the same user, now working in A: A's account
        self.fake.requests.clear()
        message_a = self._chatter_sms(self.org_a, body="Hej igen")
        self.assertEqual(
            self.fake.requests[0]["headers"]["Authorization"], basic_auth("u_a", "secret-a")
        )
        self.assertEqual(message_a.record_company_id, self.org_a)

    def test_delivery_report_of_the_sending_organisation_only(self):
        message = self._chatter_sms(self.org_b)
        notification = message.notification_ids
        elks_id = notification.sms_tracker_ids.sms_46elks_id
        data = {"id": elks_id, "status": "delivered", "delivered": "2026-03-01T10:00:00"}
        # A (the person's own company) has no say about B's SMS
        url_a = f"/sms_46elks/status/{self.org_a.id}/{self.org_a.sms_46elks_webhook_secret}"
        self.assertEqual(self.url_open(url_a, data=data).status_code, 200)
        self.assertEqual(notification.notification_status, "pending")
        url_b = self.fake.requests[0]["form"]["whendelivered"]
        self.assertEqual(self.url_open(url_b, data=data).status_code, 200)
        self.assertEqual(notification.notification_status, "sent")

    def test_mass_sms_to_people_goes_through_the_organisation_working_in(self):
        Partner = self.env["res.partner"]
        partner_b = Partner.create(
            {"name": "Bjørn", "mobile": "+47 412 34 567", "company_id": self.org_b.id}
        )
        people = self.person_shared | partner_b
        composer = self._working_in(self.org_a)["sms.composer"].create(
            {
                "body": "Årsmöte på torsdag",
                "composition_mode": "mass",
                "mass_force_send": True,
                "res_model": "res.partner",
                "res_ids": people.ids,
            }
        )
        composer._action_send_sms()
        self.assertEqual(
            {r["form"]["to"]: r["headers"]["Authorization"] for r in self.fake.requests},
            {
                "+46707654321": basic_auth("u_a", "secret-a"),
                "+4741234567": basic_auth("u_a", "secret-a"),
            },
        )
        sms = self.env["sms.sms"].search([("partner_id", "in", people.ids)])
        self.assertEqual(sms.record_company_id, self.org_a)

    def test_queued_sms_goes_through_its_messages_organisation(self):
        # as account_dunning queues a reminder's SMS: the message carries the reminder's
        # organisation (B), the job runs in another (A)
        env = self.env(context=dict(self.env.context, allowed_company_ids=self.org_a.ids))
        message = env["mail.message"].create(
            {
                "model": "res.partner",
                "res_id": self.person_shared.id,
                "message_type": "sms",
                "body": "<p>Påminnelse</p>",
                "record_company_id": self.org_b.id,
            }
        )
        sms = env["sms.sms"].create(
            {
                "number": "070-765 43 21",
                "body": "Påminnelse",
                "partner_id": self.person_shared.id,
                "mail_message_id": message.id,
                "state": "outgoing",
            }
        )
        # the SMS queue shows the organisation before it is sent
        self.assertEqual(sms.record_company_id, self.org_b)
        sms.send()
        self.assertEqual(
            self.fake.requests[0]["headers"]["Authorization"], basic_auth("u_b", "secret-b")
        )
        self.assertEqual(sms.state, "pending")

    def test_sms_on_a_person_for_a_given_organisation(self):
        # code that sends for an organisation other than the current one says which
        person = self._working_in(self.org_a)["res.partner"].browse(self.person_shared.id)
        message = person._message_sms(
            "Hei", partner_ids=person.ids, record_company_id=self.org_b.id
        )
        self.assertEqual(message.sudo().record_company_id, self.org_b)
        self.assertEqual(
            self.fake.requests[0]["headers"]["Authorization"], basic_auth("u_b", "secret-b")
        )


@tagged("post_install", "-at_install")
class TestSms46elksOtherOrganisationsAccount(Sms46elksMixin, TransactionCase):
    """The staff of A cannot send an SMS on B's 46elks account, with B's sender name: the
    organisation a message is written for is a parameter of every document's
    ``message_post``, and the SMS of a record of B that A may read would be B's."""

    def test_staff_of_a_cannot_post_for_b(self):
        person = self.person_shared.with_user(self.staff_a)
        to_number = {"sms_numbers": ["+46701234567"]}
        later = {"scheduled_date": datetime.now() + timedelta(hours=1)}
        for name, post, extra in [
            ("sms", person.message_post, {"message_type": "sms"}),
            ("scheduled sms", person.message_post, {"message_type": "sms", **later}),
            ("note to a number", person.message_post, {"message_type": "comment", **to_number}),
            ("notification to a number", person.message_notify, to_number),
            ("scheduled notification", person.message_notify, {**to_number, **later}),
            ("_message_sms", person._message_sms, {}),
        ]:
            with self.subTest(name):
                with self.assertRaises(AccessError):
                    post(
                        body="Betala till B",
                        partner_ids=person.ids,
                        record_company_id=self.org_b.id,
                        **extra,
                    )
                self.assertFalse(self.fake.requests)
                self.assertFalse(
                    self.env["mail.message"].search([("body", "ilike", "Betala till B")])
                )
                self.assertFalse(
                    self.env["sms.sms"].search([("record_company_id", "=", self.org_b.id)])
                )
        # the organisation A works in is allowed, and sent with A's account
        person.message_post(
            body="Hej från A",
            message_type="sms",
            partner_ids=person.ids,
            record_company_id=self.org_a.id,
        )
        self.assertEqual(
            self.fake.requests[0]["headers"]["Authorization"], basic_auth("u_a", "secret-a")
        )

    def test_staff_of_a_cannot_sms_a_record_of_b(self):
        # B's staff is an internal user, a record A's staff reads; its organisation is B
        self.staff_b.partner_id.mobile = "+4741234567"
        self.assertEqual(self.staff_b.with_user(self.staff_a).company_id, self.org_b)
        composer = (
            self.env["sms.composer"]
            .with_user(self.staff_a)
            .create(
                {
                    "body": "Betala till B",
                    "composition_mode": "mass",
                    "mass_force_send": True,
                    "res_model": "res.users",
                    "res_ids": self.staff_b.ids,
                }
            )
        )
        with self.assertRaises(AccessError):
            composer._action_send_sms()
        self.assertFalse(self.fake.requests)
        self.assertFalse(self.env["sms.sms"].search([("record_company_id", "=", self.org_b.id)]))

    def test_staff_of_a_cannot_resend_bs_sms(self):
        # an SMS of B (written for it by code, as account_dunning queues B's reminders) to a
        # person A's staff reads, that 46elks refused
        self.fake.answers.append((402, "Payment required", 0))
        message = self.person_se._message_sms(
            "Betala till B", partner_ids=self.person_se.ids, record_company_id=self.org_b.id
        )
        self.assertEqual(message.notification_ids.notification_status, "exception")
        self.fake.requests.clear()
        resend_a = self._resend(self.staff_a, message)
        self.assertTrue(resend_a.recipient_ids)
        with self.assertRaises(AccessError):
            resend_a.action_resend()
        self.assertFalse(self.fake.requests)
        # B's staff may
        self._resend(self.staff_ab, message).action_resend()
        self.assertEqual(
            self.fake.requests[0]["headers"]["Authorization"], basic_auth("u_b", "secret-b")
        )

    def _resend(self, user, message):
        """The *Resend* of a failed SMS, opened by ``user``."""
        return (
            self.env["sms.resend"]
            .with_user(user)
            .with_context(default_mail_message_id=message.id)
            .create({})
        )

    def test_staff_of_both_sends_for_either(self):
        # the organisations the user works in, ticked or not in the switcher
        env = self.env(
            user=self.staff_ab, context=dict(self.env.context, allowed_company_ids=self.org_a.ids)
        )
        env["res.partner"].browse(self.person_shared.id).message_post(
            body="Hei",
            message_type="sms",
            partner_ids=self.person_shared.ids,
            record_company_id=self.org_b.id,
        )
        self.assertEqual(
            self.fake.requests[0]["headers"]["Authorization"], basic_auth("u_b", "secret-b")
        )


@tagged("post_install", "-at_install")
class TestSms46elksWebhookSecretRotation(Sms46elksMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sysadmin = new_test_user(
            cls.env,
            login="elks_sysadmin",
            groups="base.group_user,base.group_system",
            company_id=cls.org_a.id,
            company_ids=[Command.set(cls.org_a.ids)],
        )

    def _settings(self, user=None):
        return (
            self.env["res.config.settings"]
            .with_user(user or self.sysadmin)
            .with_company(self.org_a)
            .create({})
        )

    def _sent(self):
        """An SMS of A sent before the rotation: the delivery report address it carries."""
        message = self.person_se.with_user(self.staff_a)._message_sms(
            "Hej", partner_ids=self.person_se.ids
        )
        notification = message.sudo().notification_ids
        url = self.fake.requests[-1]["form"]["whendelivered"]
        return notification, notification.sms_tracker_ids.sms_46elks_id, url

    def _report(self, url, elks_id):
        return self.url_open(url, data={"id": elks_id, "status": "delivered"})

    def _rotated_hours_ago(self, hours):
        self.org_a.sms_46elks_webhook_secret_date = datetime.now() - timedelta(hours=hours)

    def test_settings_show_the_address(self):
        settings = self._settings()
        secret = self.org_a.sms_46elks_webhook_secret
        base_url = self.org_a.get_base_url()
        self.assertEqual(
            settings.sms_46elks_webhook_url,
            f"{base_url}/sms_46elks/status/{self.org_a.id}/{secret}",
        )
        self.assertFalse(settings.sms_46elks_webhook_previous_until)

    def test_regenerate(self):
        notification, elks_id, old_url = self._sent()
        old_secret = self.org_a.sms_46elks_webhook_secret
        self.assertTrue(old_url.endswith(f"/{self.org_a.id}/{old_secret}"))
        before = datetime.now().replace(microsecond=0)
        self._settings().action_sms_46elks_regenerate_webhook_secret()
        new_secret = self.org_a.sms_46elks_webhook_secret
        self.assertNotEqual(new_secret, old_secret)
        self.assertGreaterEqual(len(new_secret), 43)
        self.assertRecordValues(
            self.org_a,
            [{"sms_46elks_webhook_secret_previous": old_secret}],
        )
        self.assertGreaterEqual(self.org_a.sms_46elks_webhook_secret_date, before)
        # B's secret is B's own
        self.assertFalse(self.org_b.sms_46elks_webhook_secret_previous)
        settings = self._settings()
        self.assertTrue(settings.sms_46elks_webhook_url.endswith(f"/{self.org_a.id}/{new_secret}"))
        self.assertEqual(
            settings.sms_46elks_webhook_previous_until,
            self.org_a.sms_46elks_webhook_secret_date + timedelta(hours=24),
        )
        # SMS sent from now on carry the new address
        self._sent()
        self.assertTrue(
            self.fake.requests[-1]["form"]["whendelivered"].endswith(
                f"/{self.org_a.id}/{new_secret}"
            )
        )
        # the report of the SMS sent before lands
        self.assertEqual(self._report(old_url, elks_id).status_code, 200)
        self.assertEqual(notification.notification_status, "sent")

    @mute_logger(CONTROLLER_LOGGER, "odoo.http")
    def test_previous_secret_accepted_for_24_hours_only(self):
        notification, elks_id, old_url = self._sent()
        self.org_a._sms_46elks_regenerate_webhook_secret()
        new_url = old_url.replace(
            self.org_a.sms_46elks_webhook_secret_previous, self.org_a.sms_46elks_webhook_secret
        )
        self._rotated_hours_ago(23)
        self.assertEqual(self._report(old_url, elks_id).status_code, 200)
        self.assertEqual(notification.notification_status, "sent")

        _notification, elks_id, _url = self._sent()
        self._rotated_hours_ago(25)
        self.assertEqual(self._report(old_url, elks_id).status_code, 403)
        self.assertFalse(self._settings().sms_46elks_webhook_previous_until)
        # a wrong secret is refused in the grace period as after it
        for hours in (1, 25):
            self._rotated_hours_ago(hours)
            with self.subTest(hours=hours):
                self.assertEqual(self._report(old_url + "x", elks_id).status_code, 403)
                self.assertEqual(self._report(old_url[:-1], elks_id).status_code, 403)
        self.assertEqual(self._report(new_url, elks_id).status_code, 200)

    @mute_logger(CONTROLLER_LOGGER, "odoo.http")
    def test_second_regeneration_refuses_the_first_secret_at_once(self):
        _notification, elks_id, first_url = self._sent()
        first_secret = self.org_a.sms_46elks_webhook_secret
        self.org_a._sms_46elks_regenerate_webhook_secret()
        second_secret = self.org_a.sms_46elks_webhook_secret
        self.org_a._sms_46elks_regenerate_webhook_secret()
        self.assertEqual(self.org_a.sms_46elks_webhook_secret_previous, second_secret)
        self.assertEqual(self._report(first_url, elks_id).status_code, 403)
        second_url = first_url.replace(first_secret, second_secret)
        self.assertEqual(self._report(second_url, elks_id).status_code, 200)

    @mute_logger(CONTROLLER_LOGGER, "odoo.http")
    def test_another_organisations_previous_secret_is_refused(self):
        _notification, elks_id, _url = self._sent()
        self.org_b._sms_46elks_regenerate_webhook_secret()
        previous_b = self.org_b.sms_46elks_webhook_secret_previous
        url = f"/sms_46elks/status/{self.org_a.id}/{previous_b}"
        self.assertEqual(self._report(url, elks_id).status_code, 403)

    def test_neutralized_copy_keeps_no_secret(self):
        self.org_a._sms_46elks_regenerate_webhook_secret()
        old = {
            company: (company.sms_46elks_webhook_secret, company.sms_46elks_webhook_secret_previous)
            for company in self.org_a | self.org_b
        }
        self.env.flush_all()
        for query in neutralize.get_neutralization_queries(["sms_46elks"]):
            self.env.cr.execute(query)
        self.env.invalidate_all()
        for company, (current, previous) in old.items():
            self.assertRecordValues(
                company,
                [
                    {
                        "sms_46elks_api_password": False,
                        "sms_46elks_webhook_secret_previous": False,
                        "sms_46elks_webhook_secret_date": False,
                    }
                ],
            )
            self.assertFalse(company._sms_46elks_webhook_secret_matches(current))
            self.assertFalse(company._sms_46elks_webhook_secret_matches(previous))
            # a new secret: the copy has a delivery-report address of its own
            self.assertEqual(len(company.sms_46elks_webhook_secret), 64)
            self.assertTrue(
                company._sms_46elks_webhook_secret_matches(company.sms_46elks_webhook_secret)
            )
        self.assertNotEqual(
            self.org_a.sms_46elks_webhook_secret, self.org_b.sms_46elks_webhook_secret
        )

    def test_only_system_administrators_regenerate(self):
        secret = self.org_a.sms_46elks_webhook_secret
        for user in (self.staff_a, self.staff_b):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.org_a.with_user(user)._sms_46elks_regenerate_webhook_secret()
                with self.assertRaises(AccessError):
                    self._settings(user)
        self.assertEqual(self.org_a.sms_46elks_webhook_secret, secret)
        self.assertFalse(self.org_a.sms_46elks_webhook_secret_previous)

    def test_tour_regenerate_in_the_settings(self):
        self.sysadmin.password = "elks_sysadmin"
        old_secret = self.org_a.sms_46elks_webhook_secret
        self.start_tour(
            "/odoo/settings",
            "sms_46elks_regenerate_secret_tour",
            login="elks_sysadmin",
        )
        new_secret = self.org_a.sms_46elks_webhook_secret
        self.assertNotEqual(new_secret, old_secret)
        self.assertEqual(self.org_a.sms_46elks_webhook_secret_previous, old_secret)
