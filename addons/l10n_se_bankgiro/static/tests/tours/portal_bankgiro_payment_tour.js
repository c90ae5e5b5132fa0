/** @odoo-module */
import { registry } from "@web/core/registry";

// A member on the portal pays their dues invoice by Bankgiro: the invoice then shows the
// Bankgiro number, the OCR number and the amount to pay.
registry.category("web_tour.tours").add("l10n_se_bankgiro_portal_payment_tour", {
    url: "/my/invoices",
    steps: () => [
        {
            content: "Open the dues invoice",
            trigger: ".o_portal_my_doc_table tr:contains(600.00) a:contains(INV/)",
            run: "click",
        },
        {
            content: "Pay it",
            trigger: ".o_portal_sidebar a[data-bs-target='#pay_with']:contains(Pay Now)",
            run: "click",
        },
        {
            content: "By Bankgiro (a wire transfer)",
            trigger: "#pay_with input[name=o_payment_radio][data-provider-code=custom]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: "#pay_with button[name=o_payment_submit_button]:enabled",
            run: "click",
        },
        {
            content: "The invoice says how to pay: Bankgiro number, OCR number, amount",
            trigger:
                ".o_account_payment_tx_status .o_l10n_se_bankgiro_instructions:contains(991-2346):contains(100164):contains(600.00)",
        },
        {
            content: "with the organisation's message",
            trigger: ".o_account_payment_tx_status:contains(Finalize your payment):contains(matched to your invoice automatically)",
        },
    ],
});
