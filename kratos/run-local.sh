#!/usr/bin/env bash
# Runs Stackspin Admin on http://localhost:8090.
#
# - With STACKSPIN_KRATOS_ADMIN_URL pointing at a reachable Kratos (e.g. a cluster's, through
#   set-ssh-tunnel.sh), the panel uses that Kratos.
# - Otherwise it builds (once) and starts a local Kratos on the tunnel's ports (admin 8000,
#   public 8080) with its data in .local/ (git-ignored), and stops it when you stop the panel:
#   v1.3.1, or v26.2.0 with KRATOS_VERSION=v26.2.0 (each version keeps its own database, since
#   a database v26.2.0 migrated cannot go back to v1.3.1).
#
# - With the local Kratos, it makes sure a first administrator exists (STACKSPIN_FIRST_ADMIN,
#   default admin@stackspin.local) and prints the link through which that person sets a password.
#
# Extra arguments are passed to the panel, e.g. --logging.level.net.stackspin=debug.
set -euo pipefail
cd "$(dirname "$0")/.."

panel_port="${SERVER_PORT:-8090}"
local_dir="$PWD/.local"
admin_url="${STACKSPIN_KRATOS_ADMIN_URL:-}"
public_url="${STACKSPIN_KRATOS_PUBLIC_URL:-}"

die() { echo "run-local.sh: $*" >&2; exit 1; }
ready() { curl -fsS -m 3 -o /dev/null "$1/admin/health/ready" 2>/dev/null; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

command -v curl >/dev/null 2>&1 || die "curl is needed to check Kratos's health; install it (apt-get install curl)."

kratos_pid=""
mail_pid=""
local_kratos=0
first_admin="${STACKSPIN_FIRST_ADMIN:-admin@stackspin.local}"
kratos_version="${KRATOS_VERSION:-v1.3.1}"
case "$kratos_version" in
  v1.3.1) kratos_db="$local_dir/kratos.sqlite" ;;
  v26.2.0) kratos_db="$local_dir/kratos-$kratos_version.sqlite" ;;
  *) die "KRATOS_VERSION=$kratos_version: the panel is tested with v1.3.1 (the default) and v26.2.0." ;;
esac
cleanup() {
  if [ -n "$mail_pid" ]; then
    kill "$mail_pid" 2>/dev/null || true
  fi
  if [ -n "$kratos_pid" ]; then
    kill "$kratos_pid" 2>/dev/null || true
    wait "$kratos_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

if [ -n "$admin_url" ]; then
  ready "$admin_url" || die "STACKSPIN_KRATOS_ADMIN_URL=$admin_url does not answer /admin/health/ready. Is the tunnel up (./set-ssh-tunnel.sh HOST)?"
  public_url="${public_url:-http://localhost:8080}"
  echo "Using the Kratos at $admin_url (public API $public_url)."
else
  admin_url="http://localhost:8000"
  public_url="http://localhost:8080"
  local_kratos=1
  if ready "$admin_url"; then
    echo "A Kratos already answers on $admin_url; using it."
  else
    for port in 8000 8080; do
      port_busy "$port" && die "port $port is taken by something that is not a ready Kratos; stop it or set STACKSPIN_KRATOS_ADMIN_URL."
    done
    kratos_bin=$(KRATOS_VERSION="$kratos_version" bash kratos/install.sh | tail -n 1)
    mkdir -p "$local_dir"
    export DSN="sqlite://$kratos_db?_fk=true&mode=rwc"
    export IDENTITY_SCHEMAS="[{\"id\":\"default\",\"url\":\"file://$PWD/kratos/identity.schema.json\"}]"
    # kratos.yml's "version" (only compared for a warning) follows the binary: one file serves both
    VERSION="$kratos_version" "$kratos_bin" migrate sql -e --yes -c kratos/kratos.yml >"$local_dir/kratos-migrate.log" 2>&1 \
      || die "Kratos migrations failed; see $local_dir/kratos-migrate.log"
    VERSION="$kratos_version" "$kratos_bin" serve -c kratos/kratos.yml --dev --watch-courier --sqa-opt-out >"$local_dir/kratos.log" 2>&1 &
    kratos_pid=$!
    for _ in $(seq 1 150); do
      ready "$admin_url" && break
      kill -0 "$kratos_pid" 2>/dev/null || die "Kratos stopped during start-up; see $local_dir/kratos.log"
      sleep 0.2
    done
    ready "$admin_url" || die "Kratos did not become ready; see $local_dir/kratos.log"
    echo "Local Kratos $kratos_version is up: admin API $admin_url, public API $public_url, data in $local_dir, log in $local_dir/kratos.log."
  fi
fi

export STACKSPIN_KRATOS_ADMIN_URL="$admin_url" STACKSPIN_KRATOS_PUBLIC_URL="$public_url"

# Local mail: Kratos's courier (kratos.yml) and the panel send to 127.0.0.1:1025, where a small
# catcher keeps every message and shows it on http://localhost:1080 with clickable links.
mail_help=""
if [ "$local_kratos" = 1 ]; then
  mkdir -p "$local_dir"
  if port_busy 1025; then
    mail_help="Port 1025 is taken: mail goes to whatever listens there."
  else
    java kratos/MailCatcher.java --smtp-port 1025 --http-port 1080 --dir "$local_dir/mail" >"$local_dir/mail.log" 2>&1 &
    mail_pid=$!
    mail_help="Mail sent to users (welcome, recovery, verification): http://localhost:1080/"
  fi
  export SPRING_MAIL_HOST="${SPRING_MAIL_HOST:-127.0.0.1}" SPRING_MAIL_PORT="${SPRING_MAIL_PORT:-1025}"
fi
# the panel is served over plain http on localhost here; in a cluster it sits behind TLS
export STACKSPIN_SECURITY_COOKIE_SECURE="${STACKSPIN_SECURITY_COOKIE_SECURE:-false}"
# the audit trail (Activity page, History tabs) in an embedded H2 file database next to Kratos's data
export STACKSPIN_AUDIT_DATABASE_URL="${STACKSPIN_AUDIT_DATABASE_URL:-jdbc:h2:file:$local_dir/audit;MODE=PostgreSQL}"
# the end users' pages for Kratos's browser flows: kratos/kratos.yml points its ui_urls here (off in the jar)
export STACKSPIN_SELF_SERVICE_ENABLED="${STACKSPIN_SELF_SERVICE_ENABLED:-true}"

echo "Building the panel (tests skipped; ./mvnw verify runs them)..."
./mvnw -q -B -ntp -DskipTests package
jar=$(find target -maxdepth 1 -name 'stackspin-admin-*.jar' ! -name '*plain*' | head -n 1)
[ -n "$jar" ] || die "the build produced no target/stackspin-admin-*.jar"

mkdir -p "$local_dir"
sign_in_help="$local_dir/first-admin.txt"
: >"$sign_in_help"
if [ "$local_kratos" = 1 ]; then
  # idempotent: creates the identity and the role only when missing, and prints a fresh link
  java -jar "$jar" --bootstrap-admin="$first_admin" | tee "$sign_in_help" \
    || die "could not create the first administrator $first_admin"
fi

(
  for _ in $(seq 1 300); do
    if curl -fsS -m 2 -o /dev/null "http://localhost:$panel_port/actuator/health/liveness" 2>/dev/null; then
      echo
      echo "Stackspin Admin is running: http://localhost:$panel_port/"
      [ -z "$mail_help" ] || echo "$mail_help"
      if [ -s "$sign_in_help" ]; then
        echo "First administrator (link valid 24 hours; STACKSPIN_FIRST_ADMIN changes the e-mail):"
        cat "$sign_in_help"
      fi
      echo
      exit 0
    fi
    sleep 1
  done
) &

java -jar "$jar" --server.port="$panel_port" "$@"
