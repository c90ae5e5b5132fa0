/** @odoo-module */
import { registry } from "@web/core/registry";

// A billing user collects the due invoices of the members with an active Autogiro mandate:
// a new collection, its debits, confirmed, written to the file for Bankgirot, downloaded.
registry.category("web_tour.tours").add("l10n_se_autogiro_collection_tour", {
    steps: () => [
        {
            content: "A new collection",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "By Autogiro",
            trigger: ".o_field_widget[name=payment_mode_id] input",
            run: "edit Autogiro",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Autogiro A)",
            run: "click",
        },
        {
            content: "Add the due invoices",
            trigger: "button[name=action_direct_debit_fill]",
            run: "click",
        },
        {
            content: "Malin's invoice is one of the debits",
            trigger: ".o_field_widget[name=payment_line_ids] .o_data_row td:contains(Malin Wiktorsson)",
        },
        {
            content: "Confirm the debits",
            trigger: "button[name=draft2open]:visible",
            run: "click",
        },
        {
            content: "Write the file",
            trigger: "button[name=open2generated]:visible",
            run: "click",
        },
        {
            content: "The payment file for Bankgirot",
            trigger: ".o_form_view .o_field_widget[name=kind]:contains(Payments)",
        },
        {
            content: "Download it",
            trigger: ".o_field_widget[name=data] a",
            run: "click",
        },
        {
            content: "Back to the collection",
            trigger: ".breadcrumb .breadcrumb-item:last-child a",
            run: "click",
        },
        {
            content: "Delivered to Bankgirot",
            trigger: "button[name=generated2uploaded]:visible",
            run: "click",
        },
        {
            content: "The debits wait for Bankgirot's report",
            trigger: ".o_field_widget[name=payment_line_ids] td:contains(Sent to the bank)",
        },
    ],
});
