from datetime import datetime, time

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CourseCase


class _Crash(Exception):
    """The job stopped half way."""


@tagged("post_install", "-at_install")
@freeze_time(CourseCase.TODAY)
class TestEvaluation(CourseCase):
    """Milonga has two sessions, the last one ending on day 14 at 18:30 (UTC); the
    club's evaluation survey asks how it was. Maria and Anders take part, Kim (no e-mail)
    too; Eva cancelled."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "How was the course?",
                "access_mode": "token",
                "company_id": cls.club.id,
                "question_and_page_ids": [
                    Command.create({"title": "What did you think?", "question_type": "text_box"})
                ],
            }
        )
        cls.club.course_evaluation_survey_id = cls.survey
        cls.milonga.write(
            {
                "course_session_ids": [
                    Command.create(
                        {
                            "date_begin": datetime.combine(cls._day(7), time(17, 0)),
                            "date_end": datetime.combine(cls._day(7), time(18, 30)),
                        }
                    ),
                    Command.create(
                        {
                            "date_begin": datetime.combine(cls._day(14), time(17, 0)),
                            "date_end": datetime.combine(cls._day(14), time(18, 30)),
                        }
                    ),
                ]
            }
        )
        cls.kim = cls._person("Kim Nilsson", email=False)
        cls.eva = cls._person("Eva Lund")
        Registration = cls.env["event.registration"].with_context(event_course_registering=True)
        cls.registrations = Registration.create(
            [
                {"event_id": cls.milonga.id, "partner_id": partner.id, "state": "open"}
                for partner in (cls.maria, cls.anders, cls.kim, cls.eva)
            ]
        )
        cls.registrations[3].state = "cancel"
        cls.Evaluation = cls.env["event.course.evaluation"]

    def _at(self, day, hour=12):
        return freeze_time(datetime.combine(self._day(day), time(hour, 0)))

    def _run(self):
        self.env.ref("event_course.ir_cron_course_evaluations").method_direct_trigger()

    def _mails(self, template_subject):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "event.course.evaluation"),
                ("subject", "=", f"{self.club.name}: {template_subject}"),
            ]
        )

    def _evaluation(self, partner):
        return self.Evaluation.search(
            [("event_id", "=", self.milonga.id), ("partner_id", "in", partner.ids)]
        )

    def test_invited_after_the_last_session_once(self):
        with self._at(14, 18):  # the last session has not ended yet
            self._run()
        self.assertFalse(self.Evaluation.search([("event_id", "=", self.milonga.id)]))
        with self._at(15):
            self._run()
            self._run()  # a second run sends nothing more
        evaluations = self.Evaluation.search([("event_id", "=", self.milonga.id)])
        self.assertEqual(evaluations.partner_id, self.maria | self.anders | self.kim)
        maria = self._evaluation(self.maria)
        self.assertEqual(maria.state, "invited")
        self.assertEqual(self._evaluation(self.kim).state, "no_email")
        answer = maria.user_input_id
        self.assertEqual(
            (answer.survey_id, answer.partner_id, answer.course_event_id, answer.state),
            (self.survey, self.maria, self.milonga, "new"),
        )
        mails = self._mails("how was Milonga?")
        self.assertEqual(len(mails), 2)
        self.assertEqual(mails.recipient_ids, self.maria | self.anders)
        mail = mails.filtered(lambda m: m.res_id == maria.id)
        self.assertIn(f"answer_token={answer.access_token}", mail.body_html)
        self.assertIn(self.survey.access_token, mail.body_html)

    def test_course_survey_before_category_and_organisation(self):
        own = self.survey.copy({"title": "Milonga evaluation"})
        category = self.survey.copy({"title": "Tango evaluation"})
        self.tango.evaluation_survey_id = category
        self.assertEqual(self.milonga._course_evaluation_survey(), category)
        self.milonga.course_evaluation_survey_id = own
        with self._at(15):
            self._run()
        self.assertEqual(self._evaluation(self.maria).survey_id, own)

    def test_one_reminder_after_the_days_to_those_who_did_not_answer(self):
        self.club.course_evaluation_reminder_days = 3
        with self._at(15):
            self._run()
        self._evaluation(self.maria).user_input_id._mark_done()  # Maria answers
        self.assertTrue(self._evaluation(self.maria).answered)
        with self._at(18, 11):  # 3 days less an hour after the invitation
            self._run()
        self.assertFalse(self._mails("a reminder to evaluate Milonga"))
        with self._at(18, 13):
            self._run()
            self._run()
        with self._at(40):
            self._run()
        reminders = self._mails("a reminder to evaluate Milonga")
        self.assertEqual(reminders.recipient_ids, self.anders)
        anders = self._evaluation(self.anders)
        self.assertEqual(anders.state, "reminded")
        self.assertEqual(anders.date_reminded, datetime.combine(self._day(18), time(13, 0)))
        self.assertIn(f"answer_token={anders.user_input_id.access_token}", reminders.body_html)
        self.assertEqual(self._evaluation(self.maria).state, "invited")
        self.assertEqual(self._evaluation(self.kim).state, "no_email")

    def test_a_job_failing_half_way_sends_nothing_then_once(self):
        with self._at(15):
            with self.assertRaises(_Crash), self.env.cr.savepoint():
                self.Evaluation.sudo()._course_invite_participants()
                raise _Crash
            self.env.invalidate_all()
            self.assertFalse(self.Evaluation.search([("event_id", "=", self.milonga.id)]))
            self.assertFalse(self._mails("how was Milonga?"))
            self._run()
        self.assertEqual(len(self._mails("how was Milonga?")), 2)
        self.assertEqual(len(self.survey.user_input_ids), 3)
        # the database holds one evaluation per participant
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Evaluation.sudo().create(
                {"registration_id": self.registrations[0].id, "state": "no_email"}
            )
        with self._at(23):
            self.assertEqual(
                self.Evaluation.sudo()._course_remind().partner_id, self.maria | self.anders
            )
            self.assertFalse(self.Evaluation.sudo()._course_remind())

    def test_only_the_course_organisation_reads_the_answers(self):
        with self._at(15):
            self._run()
        answer = self._evaluation(self.maria).user_input_id
        answer.sudo()._save_lines(self.survey.question_ids, "Lovely teachers")
        answer.sudo()._mark_done()
        other = self.setup_other_company(name="Other Union")["company"]
        staff = new_test_user(
            self.env,
            login="evaluation_staff",
            groups="base.group_user,association_base.group_association_user",
            company_id=self.club.id,
            company_ids=[Command.set(self.club.ids)],
        )
        staff_b = new_test_user(
            self.env,
            login="evaluation_staff_b",
            groups="base.group_user,association_base.group_association_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        # organisation staff are survey users (survey's own rules would show them every
        # answer of an unrestricted survey)
        self.assertTrue(staff_b.has_group("survey.group_survey_user"))
        UserInput = self.env["survey.user_input"]
        Line = self.env["survey.user_input.line"]
        self.assertEqual(
            UserInput.with_user(staff).search([("course_event_id", "=", self.milonga.id)]),
            self._evaluation(self.maria | self.anders | self.kim).user_input_id,
        )
        self.assertEqual(
            Line.with_user(staff).search([("user_input_id", "=", answer.id)]).value_text_box,
            "Lovely teachers",
        )
        self.assertEqual(
            self.Evaluation.with_user(staff)._read_group(
                [("event_id", "=", self.milonga.id)], [], ["__count", "answered_count:sum"]
            ),
            [(3, 1)],
        )
        # even with the survey shared by the platform, the other organisation's staff
        # find none of the course's answers, evaluations or the club's survey
        # sudo: a platform administrator's change
        self.survey.sudo().company_id = False
        self.assertFalse(UserInput.with_user(staff_b).search([("survey_id", "=", self.survey.id)]))
        self.assertFalse(Line.with_user(staff_b).search([("survey_id", "=", self.survey.id)]))
        self.assertFalse(self.Evaluation.with_user(staff_b).search([]))
        with self.assertRaises(AccessError):
            answer.with_user(staff_b).read(["state"])
        self.survey.sudo().company_id = self.club
        self.assertFalse(self.env["survey.survey"].with_user(staff_b).search([]) & self.survey)
        # answers of other surveys: those of a shared survey are everybody's, those of the
        # club's own survey (a public poll) the club's
        poll = self.env["survey.survey"].create(
            {
                "title": "Poll",
                "company_id": False,
                "question_ids": [Command.create({"title": "Why?", "question_type": "text_box"})],
            }
        )
        vote = poll.sudo()._create_answer(partner=self.eva)
        self.assertEqual(UserInput.with_user(staff_b).search([("survey_id", "=", poll.id)]), vote)
        club_poll = self.env["survey.survey"].create({"title": "Club poll"})
        self.assertEqual(club_poll.company_id, self.club)
        club_vote = club_poll.sudo()._create_answer(partner=self.eva)
        self.assertFalse(UserInput.with_user(staff_b).search([("id", "=", club_vote.id)]))
        self.assertEqual(UserInput.with_user(staff).search([("id", "=", club_vote.id)]), club_vote)
