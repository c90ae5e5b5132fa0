/** @odoo-module */
import { registry } from "@web/core/registry";

// A billing user collects the due invoices of the payers with an active AvtaleGiro
// agreement: a new collection, its claims, confirmed, written to the claim file for Nets,
// downloaded.
registry.category("web_tour.tours").add("l10n_no_nets_avtalegiro_collection_tour", {
    steps: () => [
        {
            content: "A new collection",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "By AvtaleGiro",
            trigger: ".o_field_widget[name=payment_mode_id] input",
            run: "edit AvtaleGiro",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(AvtaleGiro Fjelltur)",
            run: "click",
        },
        {
            content: "Add the due invoices",
            trigger: "button[name=action_direct_debit_fill]",
            run: "click",
        },
        {
            content: "Per's invoice is one of the claims",
            trigger: ".o_field_widget[name=payment_line_ids] .o_data_row td:contains(Per Hansen)",
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
            content: "The claim file for Nets",
            trigger: ".o_form_view .o_field_widget[name=kind]:contains(Claims)",
        },
        {
            content: "Download it",
            trigger: "button[name=action_download]",
            run: "click",
        },
        {
            content: "Back to the collections",
            trigger: ".breadcrumb-item a",
            run: "click",
        },
        {
            content: "The collection, its file written",
            trigger: ".o_data_row:contains(AvtaleGiro Fjelltur) td[name=name]",
            run: "click",
        },
        {
            content: "Delivered to Nets",
            trigger: "button[name=generated2uploaded]:visible",
            run: "click",
        },
        {
            content: "The claims wait for Nets' OCR giro file",
            trigger: ".o_field_widget[name=payment_line_ids] td:contains(Sent to the bank)",
        },
    ],
});
