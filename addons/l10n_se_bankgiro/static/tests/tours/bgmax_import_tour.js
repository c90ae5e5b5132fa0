/** @odoo-module */
import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

// Bankgirot's BgMax file of 10 February 2026 to Bankgiro 991-2346: Anna Andersson pays
// 600.00 (OCR 100164), Bo Berg 250.00 (OCR 100263), Nils Nilsson 300.00 with an OCR number
// (900969) no invoice carries. 80-character records, CR LF.
const BGMAX_LINES = [
    "01BGMAX               0120260210063000000000P",
    "050009912346          SEK",
    "200000000000                   100164000000000000060000210001200000010",
    "26Anna Andersson",
    "200000000000                   100263000000000000025000210001200000020",
    "26Bo Berg",
    "200000000000                   900969000000000000030000210001200000030",
    "26Nils Nilsson",
    "15000000000000000000000000036900025102026021000001000000000000115000SEK00000003",
    "7000000003000000000000000000000001",
];

// An accountant of the organisation imports the file on the bank journal and reads the
// result: what each payment paid, and the payment that waits for a person.
registry.category("web_tour.tours").add("l10n_se_bankgiro_bgmax_import_tour", {
    steps: () => [
        {
            content: "Open the bank journal's menu on the dashboard",
            trigger: ".o_kanban_record:contains(SEB Bankgiro)",
            run: "hover && click .o_kanban_record:contains(SEB Bankgiro) .o_dropdown_kanban .dropdown-toggle",
        },
        {
            content: "Import a statement file",
            trigger: ".dropdown-menu a:contains(Import Statement)",
            run: "click",
        },
        {
            content: "BgMax files are taken; choose Bankgirot's file",
            trigger: ".modal #statement_format li:contains(BgMax)",
            async run() {
                const content = BGMAX_LINES.map((line) => line.padEnd(80) + "\r\n").join("");
                const file = new File([content], "BGMAX_20260210.txt", { type: "text/plain" });
                await inputFiles(".modal .o_field_widget[name=statement_file] .o_input_file", [
                    file,
                ]);
            },
        },
        {
            content: "The file is chosen",
            trigger: ".modal .o_field_widget[name=statement_file] .o_clear_file_button",
        },
        {
            content: "Import it",
            trigger: ".modal button[name=import_file_button]",
            run: "click",
        },
        {
            content: "The import log says what the file did",
            trigger: ".o_form_view .o_field_widget[name=summary]:contains(3 new, 0 already imported, 1 unmatched)",
        },
        {
            content: "Anna Andersson's payment paid her invoice",
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row:contains(Anna Andersson) .badge:contains(Paid in full)",
        },
        {
            content: "Bo Berg's payment paid part of his",
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row:contains(Bo Berg) .badge:contains(Partially paid)",
        },
        {
            content: "Nils Nilsson's payment is listed as unmatched",
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row:contains(Nils Nilsson) .badge:contains(Unmatched)",
        },
    ],
});
