/** @odoo-module */
import { registry } from "@web/core/registry";

// Staff of organisation A: they land in the Association app, the address book lists their
// people (a branch's too) and a shared person's form shows only their own organisation.
registry.category("web_tour.tours").add("association_people_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Staff land in the Association app",
            trigger: ".o_main_navbar .o_menu_brand:contains(Association)",
        },
        {
            content: "Open the address book",
            trigger: ".o_main_navbar .o_menu_sections a:contains(People)",
            run: "click",
        },
        {
            content: "The branch's person is listed",
            trigger: ".o_list_view .o_data_row td:contains(Unga Ulla)",
        },
        {
            content: "Open the person shared with organisation B",
            trigger: ".o_list_view .o_data_row td:contains(Alva AB)",
            run: "click",
        },
        {
            content: "Open the Association tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Association)",
            run: "click",
        },
        {
            content: "Their connection to A is shown",
            trigger: ".o_form_view .o_field_widget[name=my_organisation_ids] .o_tag:contains(Förening A)",
        },
        {
            content: "Their connection to B is not",
            trigger: ".o_form_view:not(:has(.o_tag:contains(Forening B)))",
        },
        {
            content: "Nor is the platform's full list",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=organisation_ids]))",
        },
    ],
});
