#!/usr/bin/env bash
# Class Data Sharing training run of the image build (docker/Dockerfile): starts the panel as the
# ENTRYPOINT does, with -XX:ArchiveClassesAtExit, lets it come up completely (both web servers,
# the management context), asks what the probes and a browser ask first (health, the sign-in page),
# then stops it with SIGTERM; the JVM writes the archive as it exits. Stopping right after the
# context refresh instead (spring.context.exit=onRefresh) leaves out the web servers, the management
# context and the first requests: about 1,200 more classes then load from the jars at every start
# (docs/benchmarks.md, start-up run 6).
# Ports are chosen by the JVM (0) and read from the log, so a build on the host network cannot
# collide; Kratos is an address nobody listens on (readiness then answers DOWN, which is enough).
set -euo pipefail
archive="$1"
log="$(mktemp)"
SERVER_PORT=0 MANAGEMENT_SERVER_PORT=0 STACKSPIN_KRATOS_ADMIN_URL=http://127.0.0.1:9 \
  STACKSPIN_KRATOS_PUBLIC_URL=http://127.0.0.1:9 \
  java -XX:ArchiveClassesAtExit="$archive" -Dspring.aot.enabled=true -jar /app/app.jar >"$log" 2>&1 &
pid=$!
ports=""
for _ in $(seq 1 1200); do
  ports=$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$log" | tr '\n' ' ')
  [ "$(wc -w <<<"$ports")" -lt 2 ] || break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "cds-training.sh: the panel exited during start-up" >&2; exit 1; }
  sleep 0.1
done
read -r panel management <<<"$ports"
[ -n "${management:-}" ] || { cat "$log"; echo "cds-training.sh: the panel did not start within 2 minutes" >&2; exit 1; }
# bash alone (the JRE image has no curl): one HTTP/1.0 GET, the answer read and dropped
get() {
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
  cat <&3 >/dev/null
  exec 3<&-
}
for _ in 1 2 3; do
  get "$management" /actuator/health/readiness
  get "$management" /actuator/health/liveness
  get "$panel" /login
  get "$panel" /
done
kill -TERM "$pid"
wait "$pid" || true
rm -f "$log"
test -s "$archive"
