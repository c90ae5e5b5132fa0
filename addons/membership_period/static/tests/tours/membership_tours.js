/** @odoo-module */
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// Staff of the club: the register lists the members of the current period; the fee is the
// rules' (read only for staff).
tours.add("membership_register_tour", {
    steps: () => [
        {
            content: "The member of the current period is listed",
            trigger: ".o_list_view .o_data_row td:contains(Rita Register)",
            run: "click",
        },
        {
            content: "Her membership shows the rule's fee",
            trigger: ".o_form_view .o_field_widget[name=member_price]:contains(600)",
        },
        {
            content: "which staff cannot change",
            trigger: ".o_form_view .o_field_widget[name=member_price].o_readonly_modifier",
        },
    ],
});

// A billing user takes a dues run from draft to invoicing; the test runs the jobs.
tours.add("billing_run_tour", {
    steps: () => [
        {
            content: "Compute the recipients",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_compute]",
            run: "click",
        },
        {
            content: "The run is computed",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Computed)",
        },
        {
            content: "with its recipients",
            trigger: ".o_form_view .oe_stat_button:contains(Recipients):contains(2)",
        },
        {
            content: "Confirm and send",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Yes, invoice them",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The run is invoicing in the background",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Invoicing)",
        },
    ],
});

// A member on the portal: their organisations, joining one, straight to the invoice.
tours.add("membership_portal_join_tour", {
    steps: () => [
        {
            content: "The organisation offers membership",
            trigger: ".o_membership_join button:contains(Become a member)",
            run: "click",
        },
        {
            content: "The invoice to pay is shown",
            trigger: ".o_portal_sidebar:contains(Download)",
        },
    ],
});
