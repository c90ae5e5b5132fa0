#!/bin/bash
# Entry point of the project's image. Writes Odoo's configuration ($ODOO_RC) from the
# template (config/odoo-docker.conf) and the environment, so that no secret is in the image,
# the repository or a command line, then runs the command (default: odoo).
#
#   ODOO_ADMIN_PASSWD  required: master password of the database service (stored hashed)
#   ODOO_DB_PASSWORD   required: password of the PostgreSQL role odoo
#   ODOO_PROXY_MODE    True only behind a reverse proxy that sets X-Forwarded-* headers
#                      (default False: the headers would otherwise be trusted from anyone)
set -euo pipefail

template=${ODOO_CONF_TEMPLATE:-/etc/odoo/odoo.conf.template}
target=${ODOO_RC:-/run/odoo/odoo.conf}

fail() {
    echo "entrypoint: $*" >&2
    exit 64
}

[ -n "${ODOO_ADMIN_PASSWD:-}" ] \
    || fail "ODOO_ADMIN_PASSWD is not set: the master password of the database service"
[ -n "${ODOO_DB_PASSWORD:-}" ] || fail "ODOO_DB_PASSWORD is not set: the database password"
for name in ODOO_ADMIN_PASSWD ODOO_DB_PASSWORD; do
    case "${!name}" in
        *$'\n'* | *$'\r'*) fail "$name contains a line break" ;;
        " "* | *" ") fail "$name begins or ends with a space (Odoo's configuration drops it)" ;;
    esac
done
case "${ODOO_PROXY_MODE:-False}" in
    True | true | 1 | yes) proxy_mode=True ;;
    False | false | 0 | no | "") proxy_mode=False ;;
    *) fail "ODOO_PROXY_MODE is '$ODOO_PROXY_MODE': True (behind a reverse proxy) or False" ;;
esac
for key in admin_passwd db_password proxy_mode; do
    if grep -Eq "^[[:space:]]*$key[[:space:]]*=" "$template"; then
        fail "$template sets $key: it comes from the environment"
    fi
done

# Odoo's own hashing of the master password (passlib, pbkdf2-sha512)
admin_hash=$(python3 -c '
import os
from passlib.context import CryptContext
print(CryptContext(["pbkdf2_sha512"], pbkdf2_sha512__rounds=600_000).hash(os.environ["ODOO_ADMIN_PASSWD"]))
')

umask 077
mkdir -p "$(dirname "$target")"
tmp=$(mktemp "$target.XXXXXX")
ADMIN_HASH=$admin_hash PROXY_MODE=$proxy_mode awk '
    { print }
    /^\[options\][[:space:]]*$/ {
        print "admin_passwd = " ENVIRON["ADMIN_HASH"]
        print "db_password = " ENVIRON["ODOO_DB_PASSWORD"]
        print "proxy_mode = " ENVIRON["PROXY_MODE"]
        found = 1
    }
    END { exit found ? 0 : 1 }
' "$template" >"$tmp" || {
    rm -f "$tmp"
    fail "$template has no [options] section"
}
mv "$tmp" "$target"
export ODOO_RC=$target

case "${1:-odoo}" in
    odoo | --)
        [ $# -gt 0 ] && shift
        exec odoo "$@"
        ;;
    -*) exec odoo "$@" ;;
    *) exec "$@" ;;
esac
