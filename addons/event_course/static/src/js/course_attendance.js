/** @odoo-module */
import publicWidget from "@web/legacy/js/public/public_widget";

const BUTTON_CLASSES = {
    "": "btn-outline-secondary",
    present: "btn-success",
    absent: "btn-danger",
    excused: "btn-warning",
};

// The leader's attendance page: a tap sends the participant's form in the background and
// shows their new state, so that the page stays where it is. Without this script the form
// posts and the page reloads.
publicWidget.registry.CourseAttendance = publicWidget.Widget.extend({
    selector: ".o_course_attendance",
    events: {
        "submit form.o_course_attendance_tap": "_onTap",
    },

    async _onTap(ev) {
        const form = ev.currentTarget;
        const button = form.querySelector("button");
        if (button.disabled) {
            ev.preventDefault();
            return;
        }
        ev.preventDefault();
        button.disabled = true;
        let response;
        try {
            response = await fetch(form.action, {
                method: "POST",
                body: new FormData(form),
                headers: { Accept: "application/json" },
            });
        } catch {
            form.submit();
            return;
        }
        if (!response.ok) {
            form.submit();
            return;
        }
        const result = await response.json();
        button.classList.remove(...Object.values(BUTTON_CLASSES));
        button.classList.add(BUTTON_CLASSES[result.state]);
        button.dataset.state = result.state;
        button.querySelector(".o_course_attendance_state").textContent = result.label;
        this.el.querySelector(".o_course_present_count").textContent = result.present;
        button.disabled = false;
    },
});
