/** @odoo-module */
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";

// The file the export sends the browser to, fetched as the browser would download it
// (headless Chrome refuses downloads): it must come back to this user as a SIE 4 file.
async function checkDownload(url) {
    const response = await browser.fetch(url);
    const disposition = response.headers.get("Content-Disposition") || "";
    const text = await response.text();
    if (!response.ok || !disposition.includes("attachment") || !disposition.includes(".se")) {
        console.error(`SIE download refused: ${response.status} ${disposition}`);
    } else if (!(text.startsWith("#FLAGGA 0") && text.includes("#SIETYP 4"))) {
        console.error(`SIE download is not a SIE 4 file: ${text.slice(0, 200)}`);
    } else {
        document.body.dataset.sieDownload = text.includes("#VER ") ? "vouchers" : "empty";
    }
}

// An accountant of the organisation exports January to April of the fiscal year 2026.
registry.category("web_tour.tours").add("l10n_se_sie4_export_tour", {
    steps: () => [
        {
            content: "Open the Accounting menu",
            trigger: ".o_menu_sections .dropdown-toggle:contains(Accounting)",
            run: "click",
        },
        {
            content: "Export SIE 4",
            trigger: ".o-dropdown--menu .dropdown-item:contains(Export SIE 4)",
            run: "click",
        },
        {
            content: "Any day of the fiscal year 2026",
            trigger: ".modal .o_field_widget[name=fiscal_year_date] input",
            run: "edit 06/30/2026 && click .modal-body",
        },
        {
            content: "The fiscal year is found",
            trigger: ".modal .o_field_widget[name=fiscal_year_start]:contains(01/01/2026)",
        },
        {
            content: "Export up to the end of April",
            trigger: ".modal .o_field_widget[name=date_to] input",
            run: "edit 04/30/2026 && click .modal-body",
        },
        {
            content: "Export",
            trigger: ".modal button[name=action_export]",
            run(helpers) {
                // the web client opens the file's URL for the browser to download
                const open = browser.open;
                browser.open = (url) => {
                    browser.open = open;
                    checkDownload(url);
                    return { closed: false }; // the window the download opened in
                };
                helpers.click();
            },
        },
        {
            content: "The file was downloaded, with the vouchers",
            trigger: "body[data-sie-download=vouchers]",
        },
        {
            content: "and the dialog closed",
            trigger: "body:not(:has(.modal .o_field_widget[name=fiscal_year_date]))",
        },
    ],
});
