# Shared by scripts/setup, scripts/run and scripts/test (sourced, not executed).
# Expects PROJECT_DIR to be set by the caller.

VENV=$PROJECT_DIR/.venv
LOCAL_DIR=$PROJECT_DIR/.local
ODOO_SRC=${ODOO_SRC:-/opt/odoo-18.0}
ODOO_DB_ROLE=odoo

say() { printf '\033[1m[%s]\033[0m %s\n' "$(basename "$0")" "$*" >&2; }
die() { printf '\033[1;31m[%s] error:\033[0m %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# The project's own addons: every directory of addons/ with a manifest, comma-separated.
# Odoo modules installed with the project's addons on test and demo databases, never on a
# production database: the demo card payment provider (card payments in tests and tours, and
# on the demo server).
DEMO_ADDONS=payment_demo

project_addons() {
    local manifest names=()
    for manifest in "$PROJECT_DIR"/addons/*/__manifest__.py; do
        [ -f "$manifest" ] && names+=("$(basename "$(dirname "$manifest")")")
    done
    local IFS=,
    echo "${names[*]}"
}

# Load what scripts/setup decided and build the odoo command line shared by run and test.
load_setup() {
    # shellcheck disable=SC1091
    . "$LOCAL_DIR/db.env"
    # shellcheck disable=SC1091
    . "$LOCAL_DIR/odoo.env"
    ODOO_CMD=("$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "${ODOO_CONF:-$PROJECT_DIR/odoo.conf}"
        --addons-path="$PROJECT_DIR/addons,$ODOO_SRC/addons"
        --data-dir="$LOCAL_DIR/filestore" --db_user="$DB_USER")
    [ -n "$DB_HOST" ] && ODOO_CMD+=(--db_host="$DB_HOST")
    [ -n "$DB_PORT" ] && ODOO_CMD+=(--db_port="$DB_PORT")
    [ -n "$DB_PASSWORD" ] && ODOO_CMD+=(--db_password="$DB_PASSWORD")
    # the venv's programs first: Odoo looks for wkhtmltopdf on PATH, and the one with patched
    # Qt that scripts/setup put into .venv/bin must win over Debian's
    export PATH="$VENV/bin:$PATH"
    # psql against the same server, for the scripts' own small checks
    PSQL=(env PGHOST="${DB_HOST:-}" PGPORT="${DB_PORT:-}" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD"
        psql -d postgres -qtAX)
}
