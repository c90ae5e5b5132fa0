/** @odoo-module */
import { registry } from "@web/core/registry";

// A course leader on their phone: today's session, one tap marks Anders present, two taps
// mark Maria present then absent.
registry.category("web_tour.tours").add("event_course_attendance_tour", {
    url: "/course/sessions",
    steps: () => [
        {
            content: "Open today's session of Milonga",
            trigger: ".o_course_sessions a.o_course_session_link:contains(Milonga)",
            run: "click",
        },
        {
            content: "Tap Anders: present",
            trigger: ".o_course_attendance form:contains(Anders Berg) button",
            run: "click",
        },
        {
            content: "Anders is present",
            trigger: ".o_course_attendance form:contains(Anders Berg) button.btn-success:contains(Present)",
        },
        {
            content: "One present",
            trigger: ".o_course_present_count:contains(1)",
        },
        {
            content: "Tap Maria: present",
            trigger: ".o_course_attendance form:contains(Maria Svensson) button:not(:disabled)",
            run: "click",
        },
        {
            content: "Maria is present",
            trigger: ".o_course_attendance form:contains(Maria Svensson) button.btn-success:not(:disabled)",
        },
        {
            content: "Tap Maria again: absent",
            trigger: ".o_course_attendance form:contains(Maria Svensson) button",
            run: "click",
        },
        {
            content: "Maria is absent",
            trigger: ".o_course_attendance form:contains(Maria Svensson) button.btn-danger:contains(Absent)",
        },
        {
            content: "One present still",
            trigger: ".o_course_present_count:contains(1)",
        },
    ],
});
