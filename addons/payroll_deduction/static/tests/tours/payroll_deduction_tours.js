/** @odoo-module */
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

const tours = registry.category("web_tour.tours");

// The file a download button sends the browser to, fetched as the browser would download
// it (headless Chrome refuses downloads): it must come back to this user as the list's
// XLSX file (a ZIP container, "PK").
function catchDownload(flag) {
    const original = Object.getOwnPropertyDescriptor(browser, "location");
    const location = browser.location;
    Object.defineProperty(browser, "location", {
        configurable: true,
        get: () => ({
            href: location.href,
            async assign(url) {
                Object.defineProperty(browser, "location", original);
                const response = await browser.fetch(url);
                const disposition = response.headers.get("Content-Disposition") || "";
                const bytes = new Uint8Array(await response.arrayBuffer());
                const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
                if (!response.ok || !disposition.includes("attachment")) {
                    console.error(`Download refused: ${response.status} ${disposition}`);
                } else if (!disposition.includes("2026-04.xlsx") || !zip) {
                    console.error(`Download is not the list's XLSX file: ${disposition}`);
                } else {
                    document.body.dataset.deductionDownload = flag;
                }
            },
        }),
    });
}

// The treasurer of the union (invoicing and organisation user) makes April's deduction
// lists: a billing run of the source "Deduction lists (employers)", the employer's list
// with its starters, changes and leavers since March, the file checked, then the run
// confirmed (the invoices made and the lists sent in the background).
tours.add("payroll_deduction_month_tour", {
    steps: () => [
        {
            content: "New billing run",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "It bills the employers' deduction lists",
            trigger: ".o_field_widget[name=source] select",
            run: "selectByLabel Deduction lists (employers)",
        },
        {
            content: "of April 2026",
            trigger: ".o_field_widget[name=deduction_month] input",
            run: "edit 04/01/2026 && click .o_form_sheet .oe_title",
        },
        {
            content: "Invoice date",
            trigger: ".o_field_widget[name=invoice_date] input",
            run: "edit 04/10/2026 && click .o_form_sheet .oe_title",
        },
        {
            content: "Due date",
            trigger: ".o_field_widget[name=invoice_date_due] input",
            run: "edit 05/01/2026 && click .o_form_sheet .oe_title",
        },
        {
            content: "Compute the lists",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_compute]",
            run: "click",
        },
        {
            content: "The run is computed",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Computed)",
        },
        {
            content: "Open its lists",
            trigger: ".o_form_view .oe_stat_button[name=action_open_deduction_lists]",
            run: "click",
        },
        {
            content: "Open the employer's list",
            trigger: ".o_list_view .o_data_row:contains(Fjord Verksted AS) .o_data_cell[name=employer_id]",
            run: "click",
        },
        {
            content: "Anna Aas's pay rose: a change",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Anna Aas):contains(Changed)",
        },
        {
            content: "Bjørn Berg left in March: a leaver",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Bjørn Berg):contains(Leaver)",
        },
        {
            content: "Dag Eide started in April: a starter",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Dag Eide):contains(Starter)",
        },
        {
            content: "Cecilie Dahl is deducted as in March",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Cecilie Dahl):contains(Unchanged)",
        },
        {
            content: "Download the list as the employer gets it",
            trigger: ".o_form_view button[name=action_download_xlsx]",
            run(helpers) {
                catchDownload("xlsx");
                helpers.click();
            },
        },
        {
            content: "The file was downloaded",
            trigger: "body[data-deduction-download=xlsx]",
        },
        {
            content: "Back to the run",
            trigger: ".o_form_view .o_field_widget[name=run_id] a",
            run: "click",
        },
        {
            content: "Confirm and send",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Yes, invoice and send",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The run is invoicing in the background",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Invoicing)",
        },
    ],
});

// The employer's payroll office returned what it deducted in April (Dag Eide 10 less than
// listed) and paid that total: the treasurer imports the file against April's list and
// follows the difference up.
const RETURNED = [
    "Ansattnummer;Navn;Trekk",
    "E-1;Anna Aas;155,00",
    "E-3;Cecilie Dahl;781,00",
    "E-4;Dag Eide;300,00",
].join("\r\n");

tours.add("payroll_deduction_returned_file_tour", {
    steps: () => [
        {
            content: "New returned deduction file",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "It answers April's list of the employer",
            trigger: ".o_field_widget[name=list_id] input",
            run: "edit 2026-04",
        },
        {
            content: "Choose the list",
            trigger: ".o-autocomplete--dropdown-item:contains(Fjord Verksted AS 2026-04)",
            run: "click",
        },
        {
            content: "Upload the employer's file",
            trigger: ".o_field_widget[name=employer_id]:contains(Fjord Verksted AS)",
            async run() {
                const file = new File([RETURNED], "fjord-2026-04.csv", { type: "text/csv" });
                await inputFiles(".o_field_widget[name=file] .o_input_file", [file]);
            },
        },
        {
            content: "The file is chosen",
            trigger: ".o_field_widget[name=file] .o_clear_file_button",
        },
        {
            content: "Import it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_import]",
            run: "click",
        },
        {
            content: "The file is imported",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Imported)",
        },
        {
            content: "Dag Eide's deduction differs from the list",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Dag Eide):contains(Amount differs)",
        },
        {
            content: "Open the differences",
            trigger: ".o_form_view .oe_stat_button[name=action_open_differences]",
            run: "click",
        },
        {
            content: "Dag Eide's difference is to follow up",
            trigger: ".o_list_view .o_data_row:contains(Dag Eide):contains(Amount differs)",
        },
        {
            content: "Follow it up",
            trigger: ".o_list_view .o_data_row:contains(Dag Eide) .o_data_cell[name=note]",
            run: "click",
        },
        {
            content: "Note what was done",
            trigger: ".o_list_view .o_selected_row .o_field_widget[name=note] input",
            run: "edit Asked the payroll office",
        },
        {
            content: "Followed up",
            trigger: ".o_list_view .o_selected_row .o_field_widget[name=followed_up] input",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The follow-up is saved",
            trigger: ".o_list_view:not(:has(.o_selected_row)) .o_data_row:contains(Dag Eide):contains(Asked the payroll office)",
        },
    ],
});
