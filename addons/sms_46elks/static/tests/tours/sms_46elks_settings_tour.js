/** @odoo-module */
import { registry } from "@web/core/registry";

// A system administrator regenerates the 46elks delivery-report secret of their
// organisation: the settings show the address, the button asks first, then the address
// has changed and the settings say until when the previous one is accepted.
let previousUrl = "";

registry.category("web_tour.tours").add("sms_46elks_regenerate_secret_tour", {
    url: "/odoo/settings",
    steps: () => [
        {
            content: "The delivery-report address of the organisation is shown",
            trigger: ".o_field_widget[name=sms_46elks_webhook_url]:contains(/sms_46elks/status/)",
            run() {
                previousUrl = this.anchor.textContent.trim();
            },
        },
        {
            content: "No previous secret is accepted yet",
            trigger: ".o_form_view:not(:has(.o_sms_46elks_previous_secret))",
        },
        {
            content: "Regenerate the secret",
            trigger: "button[name=action_sms_46elks_regenerate_webhook_secret]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-body:contains(still accepted for 24 hours)",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The previous address is accepted for a while",
            trigger: ".o_sms_46elks_previous_secret .o_field_widget[name=sms_46elks_webhook_previous_until]",
        },
        {
            content: "The address has a new secret",
            trigger: ".o_field_widget[name=sms_46elks_webhook_url]:contains(/sms_46elks/status/)",
            run() {
                const url = this.anchor.textContent.trim();
                if (!previousUrl || url === previousUrl) {
                    throw new Error(`The address did not change: ${url}`);
                }
            },
        },
    ],
});
