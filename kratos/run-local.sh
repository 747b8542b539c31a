#!/usr/bin/env bash
# Runs Stackspin Admin on http://localhost:8090.
#
# - With STACKSPIN_KRATOS_ADMIN_URL pointing at a reachable Kratos (e.g. a cluster's, through
#   set-ssh-tunnel.sh), the panel uses that Kratos.
# - Otherwise it builds (once) and starts a local Kratos v1.3.1 on the tunnel's ports (admin
#   8000, public 8080) with its data in .local/ (git-ignored), and stops it when you stop the panel.
#
# Extra arguments are passed to the panel, e.g. --server.port=9090.
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
cleanup() {
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
  if ready "$admin_url"; then
    echo "A Kratos already answers on $admin_url; using it."
  else
    for port in 8000 8080; do
      port_busy "$port" && die "port $port is taken by something that is not a ready Kratos; stop it or set STACKSPIN_KRATOS_ADMIN_URL."
    done
    kratos_bin=$(bash kratos/install.sh | tail -n 1)
    mkdir -p "$local_dir"
    export DSN="sqlite://$local_dir/kratos.sqlite?_fk=true&mode=rwc"
    export IDENTITY_SCHEMAS="[{\"id\":\"default\",\"url\":\"file://$PWD/kratos/identity.schema.json\"}]"
    "$kratos_bin" migrate sql -e --yes -c kratos/kratos.yml >"$local_dir/kratos-migrate.log" 2>&1 \
      || die "Kratos migrations failed; see $local_dir/kratos-migrate.log"
    "$kratos_bin" serve -c kratos/kratos.yml --dev --watch-courier --sqa-opt-out >"$local_dir/kratos.log" 2>&1 &
    kratos_pid=$!
    for _ in $(seq 1 150); do
      ready "$admin_url" && break
      kill -0 "$kratos_pid" 2>/dev/null || die "Kratos stopped during start-up; see $local_dir/kratos.log"
      sleep 0.2
    done
    ready "$admin_url" || die "Kratos did not become ready; see $local_dir/kratos.log"
    echo "Local Kratos v1.3.1 is up: admin API $admin_url, public API $public_url, data in $local_dir, log in $local_dir/kratos.log."
  fi
fi

export STACKSPIN_KRATOS_ADMIN_URL="$admin_url" STACKSPIN_KRATOS_PUBLIC_URL="$public_url"

# Mail. The local Kratos's courier sends to 127.0.0.1:1025 (kratos/kratos.yml). This script starts
# no mail catcher; if one listens there (e.g. Mailpit: SMTP on 1025, web UI on http://localhost:8025),
# the panel's welcome e-mails go to it as well. SPRING_MAIL_HOST/SPRING_MAIL_PORT override this.
mail_args=""
if [ -z "${SPRING_MAIL_HOST:-}" ]; then
  if port_busy 1025; then
    mail_args="--spring.mail.host=127.0.0.1 --spring.mail.port=1025"
    echo "A mail catcher answers on 127.0.0.1:1025: Kratos's and the panel's e-mails go there."
  else
    echo "No mail catcher on 127.0.0.1:1025: Kratos's recovery mails stay undelivered (the user's"
    echo "'Access & recovery' tab shows them), and the panel offers invitation links to copy instead."
  fi
fi

(
  for _ in $(seq 1 300); do
    if curl -fsS -m 2 -o /dev/null "http://localhost:$panel_port/actuator/health/liveness" 2>/dev/null; then
      echo
      echo "Stackspin Admin is running: http://localhost:$panel_port/"
      echo
      exit 0
    fi
    sleep 1
  done
) &

./mvnw -q spring-boot:run -Dspring-boot.run.arguments="--server.port=$panel_port $mail_args $*"
