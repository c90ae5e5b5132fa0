import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from urllib.parse import parse_qs

from odoo import Command
from odoo.tests import new_test_user


class Fake46elks:
    """A local HTTP server answering like 46elks' ``POST /a1/sms``.

    Every request is kept in ``requests`` (path, headers, form fields). ``answers`` is a
    queue of ``(status, body, delay)`` given to the next requests; when it is empty the
    answer is 46elks' success (200 with a JSON message id).
    """

    def __init__(self):
        self.requests = []
        self.answers = []
        self.ids = count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                fake.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "form": {key: values[0] for key, values in form.items()},
                    }
                )
                if fake.answers:
                    status, body, delay = fake.answers.pop(0)
                else:
                    elks_id = f"s{next(fake.ids):032x}"
                    status, delay = 200, 0
                    body = json.dumps(
                        {
                            "id": elks_id,
                            "status": "created",
                            "from": form.get("from", [""])[0],
                            "to": form.get("to", [""])[0],
                            "message": form.get("message", [""])[0],
                            "cost": 3500,
                            "parts": 1,
                            "direction": "outgoing",
                        }
                    )
                time.sleep(delay)
                try:
                    self.send_response(status)
                    content_type = "application/json" if status == 200 else "text/plain"
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body.encode())))
                    self.end_headers()
                    self.wfile.write(body.encode())
                except (BrokenPipeError, ConnectionResetError):
                    # the client gave up waiting (the timeout test)
                    pass

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address
        return f"http://{host}:{port}/a1"

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Sms46elksMixin:
    """Two organisations sending with their own 46elks accounts (A in Sweden, B in Norway),
    one sending through Odoo's IAP, the staff of A and of B, and a fake 46elks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = Fake46elks()
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)
        cls.env["ir.config_parameter"].sudo().set_param("sms_46elks.api_url", cls.fake.url)
        Company = cls.env["res.company"]
        cls.org_a = Company.create(
            {
                "name": "Förening A",
                "country_id": cls.env.ref("base.se").id,
                "sms_provider": "46elks",
                "sms_46elks_api_username": "u_a",
                "sms_46elks_api_password": "secret-a",
                "sms_46elks_sender": "ForeningA",
            }
        )
        cls.org_b = Company.create(
            {
                "name": "Forening B",
                "country_id": cls.env.ref("base.no").id,
                "sms_provider": "46elks",
                "sms_46elks_api_username": "u_b",
                "sms_46elks_api_password": "secret-b",
                "sms_46elks_sender": "+4791234567",
            }
        )
        cls.org_iap = Company.create({"name": "Förening IAP", "sms_provider": "iap"})
        groups = "base.group_user,base.group_partner_manager"
        cls.staff_a = new_test_user(
            cls.env,
            login="elks_staff_a",
            groups=groups,
            company_id=cls.org_a.id,
            company_ids=[Command.set(cls.org_a.ids)],
        )
        cls.staff_b = new_test_user(
            cls.env,
            login="elks_staff_b",
            groups=groups,
            company_id=cls.org_b.id,
            company_ids=[Command.set(cls.org_b.ids)],
        )
        # created by A's staff: where the address book is shared between organisations
        # (association_base), they are A's people
        se, no = cls.env.ref("base.se").id, cls.env.ref("base.no").id
        people = (
            cls.env["res.partner"]
            .with_user(cls.staff_a)
            .create(
                [
                    {"name": "Sven Svensson", "mobile": "070-123 45 67", "country_id": se},
                    {"name": "Nora Nordmann", "phone": "412 34 567", "country_id": no},
                    {"name": "Lena Fast", "phone": "08-123 456 78", "country_id": se},
                    {"name": "Ingen Telefon", "email": "ingen@example.org"},
                ]
            )
            .with_env(cls.env)
        )
        cls.person_se, cls.person_no, cls.person_landline, cls.person_without = people
        # somebody who works for both organisations, and a person both know whose own
        # company is A (the first organisation they were registered with); where the address
        # book is shared between organisations (association_base), connected to both
        cls.staff_ab = new_test_user(
            cls.env,
            login="elks_staff_ab",
            groups=groups,
            company_id=cls.org_a.id,
            company_ids=[Command.set((cls.org_a | cls.org_b).ids)],
        )
        shared = {
            "name": "Alva Delad",
            "mobile": "070-765 43 21",
            "country_id": se,
            "company_id": cls.org_a.id,
        }
        if "organisation_ids" in cls.env["res.partner"]._fields:
            shared["organisation_ids"] = [Command.set((cls.org_a | cls.org_b).ids)]
        cls.person_shared = cls.env["res.partner"].create(shared)

    def setUp(self):
        super().setUp()
        self.fake.requests.clear()
        self.fake.answers.clear()
        self.fake.ids = count(1)

    def _sms(self, company, number, partner=False, body="Hej!"):
        return self.env["sms.sms"].create(
            {
                "number": number,
                "body": body,
                "partner_id": partner and partner.id,
                "record_company_id": company.id,
            }
        )
