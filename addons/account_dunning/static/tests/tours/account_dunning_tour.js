import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("account_dunning_run", {
    steps: () => [
        {
            content: "Reminders is a menu of Accounting",
            trigger: ".o_main_navbar .o_menu_sections:contains('Reminders')",
        },
        {
            content: "New run",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Compute who is reminded",
            trigger: ".o_form_view button[name='action_dunning_compute']",
            run: "click",
        },
        {
            content: "Open the reminders of the preview",
            trigger: ".o_notebook .nav-link:contains('Reminders')",
            run: "click",
        },
        {
            content: "The preview lists the person and the fee",
            trigger: ".o_field_one2many[name='communication_ids'] .o_data_row:contains('Karin Berg')",
        },
        {
            content: "The figures count one person",
            trigger: ".o_dunning_figures:contains('People reminded')",
        },
        {
            content: "Send the reminders",
            trigger: ".o_form_view button[name='action_dunning_send']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The run is being sent",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Sending')",
        },
    ],
});
