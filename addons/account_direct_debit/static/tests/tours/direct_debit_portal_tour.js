/** @odoo-module */
import { registry } from "@web/core/registry";

// A member on the portal: from their home page to their direct debits, a mandate (its
// account masked), the debit to come, how to start one with another organisation, then
// the invoice the debit pays. Run by l10n_se_autogiro's test_portal with its data: an
// active Autogiro mandate with Förening A on 8901-3232323232, an invoice of 350 kr
// debited on 16 January 2030, Förening B's Autogiro agreement (bankgiro 5402-9681) with
// an online mandate form.
registry.category("web_tour.tours").add("direct_debit_portal_tour", {
    steps: () => [
        {
            content: "The direct-debit entry of the portal home",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/direct-debit']",
            run: "click",
        },
        {
            content: "The mandate with Förening A, active",
            trigger:
                ".o_direct_debit_mandate:contains(Förening A):contains(Autogiro):contains(Active)",
        },
        {
            content: "Its account, masked to the last four digits",
            trigger: ".o_direct_debit_mandate .o_direct_debit_account:contains(•••• 3232)",
        },
        {
            content: "Never the whole account number",
            trigger: ".o_direct_debit_mandates:not(:contains(3232323232))",
        },
        {
            content: "The debit to come: its date and amount",
            trigger:
                ".o_direct_debit_upcoming .o_direct_debit_line:contains(01/16/2030):contains(350.00):contains(Förening A)",
        },
        {
            content: "Förening B: how to give an Autogiro mandate",
            trigger: ".o_direct_debit_signup:contains(Förening B) .o_autogiro_bankgiro:contains(5402-9681)",
        },
        {
            content: "Its online mandate form",
            trigger:
                ".o_direct_debit_signup:contains(Förening B) a.o_autogiro_online_mandate[href='https://autogiro.example.se/forening-b']",
        },
        {
            content: "Open the invoice the debit pays",
            trigger: ".o_direct_debit_upcoming .o_direct_debit_line a[href^='/my/invoices/']",
            run: "click",
        },
        {
            content: "The invoice",
            trigger: ".o_portal_sidebar:contains(Download)",
        },
    ],
});
