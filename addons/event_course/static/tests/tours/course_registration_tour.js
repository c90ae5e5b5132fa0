/** @odoo-module */
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// Maria arrives through her personal link, registers for the follow-on course together with
// Anders, sees what each pays and pays her part by card with the demo provider.
tours.add("event_course_registration", {
    steps: () => [
        {
            content: "Maria is recognised",
            trigger: ".o_course_person:contains(Maria Svensson)",
        },
        {
            content: "The follow-on course is suggested to her",
            trigger: ".o_course_suggested a:contains(Tango Fortsättare)",
            run: "click",
        },
        {
            content: "She dances as follower",
            trigger: "input[name=role][value=follower]",
            run: "click",
        },
        {
            content: "together with Anders, her partner of last term",
            trigger: "select[name=partner_id]",
            run: "selectByLabel Anders Berg",
        },
        {
            content: "and pays by card",
            trigger: "input[name=pay][value=card]:checked",
        },
        {
            content: "See the price",
            trigger: "button.o_course_continue",
            run: "click",
        },
        {
            content: "Maria: the second course of the term costs 200 less",
            trigger: ".o_course_quote:contains(Maria Svensson) .o_course_line_discount:contains(200)",
        },
        {
            content: "her credit of 600 is used: 200 to pay",
            trigger:
                ".o_course_quote:contains(Maria Svensson):has(.o_course_credit:contains(600)) .o_course_to_pay:contains(200)",
        },
        {
            content: "Anders is not a member: the membership fee is added, 1100 (his invoice goes to him)",
            trigger:
                ".o_course_quote:contains(Anders Berg):has(.o_course_line_membership:contains(100)):has(.o_course_partner_note) .o_course_total:contains(1,100)",
        },
        {
            content: "what he pays and his credit are not shown to Maria",
            trigger: ".o_course_quote:contains(Anders Berg):not(:has(.o_course_to_pay))",
        },
        {
            content: "Confirm",
            trigger: "button.o_course_confirm",
            run: "click",
        },
        {
            content: "Her invoice: pay now",
            trigger: "a[data-bs-target='#pay_with']:visible",
            run: "click",
        },
        {
            content: "with the demo provider",
            trigger: "input[name=o_payment_radio][data-provider-code=demo]",
            run: "click",
        },
        {
            content: "Card number (test data)",
            trigger: "input[name=customer_input]",
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: "button[name=o_payment_submit_button]:not(:disabled)",
            run: "click",
        },
        {
            content: "The payment is done",
            trigger: ".o_payment_status_alert:contains(processed), .alert-success:contains(processed), div:contains(Your payment has been processed)",
            timeout: 20000,
        },
    ],
});
