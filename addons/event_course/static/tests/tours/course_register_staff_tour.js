/** @odoo-module */
import { registry } from "@web/core/registry";

// Staff of the club register Anders for Milonga at the desk: the course's checks and his
// price (not a member: the membership fee is added) are shown before he is registered.
registry.category("web_tour.tours").add("event_course_register_staff", {
    steps: () => [
        {
            content: "Open Milonga",
            trigger: ".o_kanban_record:contains(Milonga), .o_data_row:contains(Milonga)",
            run: "click",
        },
        {
            content: "Register",
            trigger: ".o_form_view .o_statusbar_buttons button:contains(Register)",
            run: "click",
        },
        {
            content: "The person: Anders Berg",
            trigger: ".modal .o_field_widget[name=partner_id] input",
            run: "edit Anders",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Anders Berg)",
            run: "click",
        },
        {
            content: "His price: the course and the membership of the term",
            trigger: ".modal .o_course_preview .o_course_line_membership:contains(100)",
        },
        {
            content: "1,100 to pay",
            trigger: ".modal .o_course_preview .o_course_to_pay:contains(1,100)",
        },
        {
            content: "Register him",
            trigger: ".modal footer button[name=action_register]",
            run: "click",
        },
        {
            content: "He is registered",
            trigger: ".o_list_view .o_data_row:contains(Anders Berg)",
        },
    ],
});
