/** @odoo-module */
import { registry } from "@web/core/registry";

// A member on the portal pays their membership dues with KID: the invoice then shows the
// account number, the KID and the amount to pay, not payment_custom's "Communication".
registry.category("web_tour.tours").add("l10n_no_nets_portal_kid_payment_tour", {
    url: "/my/invoices",
    steps: () => [
        {
            content: "Open the dues invoice",
            trigger: ".o_portal_my_doc_table tr:contains(450.00) a:contains(INV/)",
            run: "click",
        },
        {
            content: "Pay it",
            trigger: ".o_portal_sidebar a[data-bs-target='#pay_with']:contains(Pay Now)",
            run: "click",
        },
        {
            content: "With KID (a wire transfer)",
            trigger: "#pay_with input[name=o_payment_radio][data-provider-code=custom]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: "#pay_with button[name=o_payment_submit_button]:enabled",
            run: "click",
        },
        {
            content: "The invoice says how to pay: account number, KID, amount",
            trigger:
                ".o_account_payment_tx_status .o_l10n_no_kid_instructions:contains(9999.10.42764):contains(KID):contains(450.00)",
        },
        {
            content: "with the organisation's message, and the KID only once",
            trigger:
                ".o_account_payment_tx_status:contains(Finalize your payment):contains(matched to your invoice automatically):not(:contains(Communication))",
        },
    ],
});
