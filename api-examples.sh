#!/usr/bin/env bash
# Runnable curl examples of the Kratos admin API calls the panel makes. Each command prints the
# curl command it runs (on stderr) and Kratos's answer (on stdout, pretty-printed when jq exists).
#
#   ./api-examples.sh list [PAGE_SIZE]            GET    /admin/identities?page_size=N
#   ./api-examples.sh search EMAIL                GET    /admin/identities?credentials_identifier=EMAIL
#   ./api-examples.sh create EMAIL [FIRST LAST]   POST   /admin/identities
#   ./api-examples.sh recovery-link ID [EXPIRES]  POST   /admin/recovery/link   (prints a credential!)
#   ./api-examples.sh set-state ID active|inactive PATCH /admin/identities/ID
#   ./api-examples.sh delete ID                   DELETE /admin/identities/ID
#   ./api-examples.sh demo                        all of the above on a throwaway identity
#
# Kratos's admin API is at http://localhost:8000 by default: the port of ./set-ssh-tunnel.sh and of
# kratos/run-local.sh. Point elsewhere with KRATOS_ADMIN_URL=http://host:port.
set -euo pipefail

admin_url="${KRATOS_ADMIN_URL:-http://localhost:8000}"
admin_url="${admin_url%/}"

usage() {
  sed -n '2,14s/^# \{0,1\}//p' "$0"
}

die() {
  echo "api-examples.sh: $*" >&2
  exit 2
}

pretty() {
  if command -v jq >/dev/null 2>&1; then jq .; else cat; echo; fi
}

# Prints the curl command, runs it, fails on an HTTP error with Kratos's answer.
call() {
  echo "\$ curl $*" >&2
  local body
  if ! body=$(curl -sS --fail-with-body --connect-timeout 5 -H 'Accept: application/json' "$@"); then
    echo "$body" >&2
    die "the call failed (is Kratos's admin API at $admin_url? see --help)"
  fi
  if [ -n "$body" ]; then printf '%s' "$body" | pretty; fi
}

# An identity's own id is the first "id" field of Kratos's answer (compact or pretty-printed).
first_id() {
  grep -o '"id": *"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/'
}

check_email() {
  [[ "$1" =~ ^[^@[:space:]\"\\]+@[^@[:space:]\"\\]+$ ]] || die "not an e-mail address: $1"
}

check_id() {
  [[ "$1" =~ ^[0-9a-fA-F-]{36}$ ]] || die "not an identity id (a UUID): $1"
}

list() {
  call "$admin_url/admin/identities?page_size=${1:-25}"
}

search() {
  check_email "$1"
  # exact match on a credential identifier (the e-mail address); the e-mail goes URL-encoded
  call -G "$admin_url/admin/identities" --data-urlencode "credentials_identifier=$1"
}

create() {
  check_email "$1"
  local name=""
  if [ $# -ge 3 ]; then
    [[ "$2$3" =~ [\"\\] ]] && die "names with quotes or backslashes are not supported by this example"
    name=",\"name\":{\"first\":\"$2\",\"last\":\"$3\"}"
  fi
  call -X POST "$admin_url/admin/identities" -H 'Content-Type: application/json' \
    -d "{\"schema_id\":\"default\",\"state\":\"active\",\"traits\":{\"email\":\"$1\"$name}}"
}

recovery_link() {
  check_id "$1"
  call -X POST "$admin_url/admin/recovery/link" -H 'Content-Type: application/json' \
    -d "{\"identity_id\":\"$1\",\"expires_in\":\"${2:-1h}\"}"
}

set_state() {
  check_id "$1"
  [[ "${2:-}" =~ ^(active|inactive)$ ]] || die "the state is active or inactive"
  call -X PATCH "$admin_url/admin/identities/$1" -H 'Content-Type: application/json' \
    -d "[{\"op\":\"replace\",\"path\":\"/state\",\"value\":\"$2\"}]"
}

delete() {
  check_id "$1"
  call -X DELETE "$admin_url/admin/identities/$1"
  echo "deleted $1"
}

demo() {
  local email created id
  email="api-example-$(date +%s)-$RANDOM@example.org"
  echo "== create $email" >&2
  created=$(create "$email" Ada Lovelace)
  printf '%s\n' "$created"
  id=$(printf '%s\n' "$created" | first_id)
  [ -n "$id" ] || die "no identity id in Kratos's answer"
  echo "== search $email" >&2
  search "$email"
  echo "== list" >&2
  list 5 >/dev/null
  echo "== recovery link for $id" >&2
  recovery_link "$id" 15m
  echo "== deactivate $id" >&2
  set_state "$id" inactive
  echo "== delete $id" >&2
  delete "$id"
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  list) list "$@" ;;
  search) [ $# -eq 1 ] || die "usage: $0 search EMAIL"; search "$1" ;;
  create) [ $# -ge 1 ] || die "usage: $0 create EMAIL [FIRST LAST]"; create "$@" ;;
  recovery-link) [ $# -ge 1 ] || die "usage: $0 recovery-link ID [EXPIRES_IN]"; recovery_link "$@" ;;
  set-state) [ $# -eq 2 ] || die "usage: $0 set-state ID active|inactive"; set_state "$1" "$2" ;;
  delete) [ $# -eq 1 ] || die "usage: $0 delete ID"; delete "$1" ;;
  demo) demo ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
