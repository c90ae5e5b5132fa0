/** @odoo-module */
import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

// Bankgirot's mandate advice of 1 March 2026 to payee 991-2346 (customer number 471117):
// the mandate of payer number 5001 on account 3300-1212121212 is approved (04/32).
const ADVICE_LINES = [
    "01AUTOGIRO              20260301            AG-MEDAVI           4711170009912346",
    "73000991234600000000000050013300001212121212191212121212     043220260301",
    "092026030199000000001",
];

// A billing user of the organisation registers a member's Autogiro mandate, sends it to
// Bankgirot in a mandate file and imports Bankgirot's answer: the mandate is active.
registry.category("web_tour.tours").add("l10n_se_autogiro_mandate_tour", {
    steps: () => [
        {
            content: "A new Autogiro mandate",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The payer: Malin Wiktorsson",
            trigger: ".o_field_widget[name=autogiro_payer_id] input",
            run: "edit Malin",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Malin Wiktorsson)",
            run: "click",
        },
        {
            content: "Her personal account at Nordea",
            trigger: ".o_field_widget[name=autogiro_account] input",
            run: "edit 3300-121212-1212",
        },
        {
            content: "Her payer number",
            trigger: ".o_field_widget[name=autogiro_payer_number] input",
            run: "edit 5001",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Send it to Bankgirot",
            trigger: "button[name=action_autogiro_export]",
            run: "click",
        },
        {
            content: "The mandate file is written",
            trigger: ".o_form_view .o_field_widget[name=kind]:contains(Mandates)",
        },
        {
            content: "It asked for the mandate",
            trigger: ".o_field_widget[name=line_ids] td:contains(Mandate requested)",
        },
        {
            content: "Back to the mandates",
            trigger: ".breadcrumb-item a:contains(Autogiro mandates)",
            run: "click",
        },
        {
            content: "The mandate was sent",
            trigger: ".o_list_view td:contains(Sent to Bankgirot)",
        },
        {
            content: "Import Bankgirot's answer",
            trigger: ".o_control_panel button:contains(Import a report), .o_list_view button:contains(Import a report)",
            run: "click",
        },
        {
            content: "Choose Bankgirot's mandate advice",
            trigger: ".modal .o_field_widget[name=data]",
            async run() {
                const content = ADVICE_LINES.map((line) => line.padEnd(80) + "\r\n").join("");
                const file = new File([content], "UAGU4_20260301.txt", { type: "text/plain" });
                await inputFiles(".modal .o_field_widget[name=data] .o_input_file", [file]);
            },
        },
        {
            trigger: ".modal .o_field_widget[name=data] .o_clear_file_button",
        },
        {
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            content: "The advice: the mandate is active",
            trigger: ".o_form_view .o_field_widget[name=line_ids] td:contains(Mandate active)",
        },
    ],
});
