#!/usr/bin/env bash
# Start-up benchmark: time from starting the panel to readiness UP on its management port, for the
# jar (java -jar) and for the image (podman run), each started STARTUP_RUNS times (default 5),
# median and all samples; also from the start of the panel's process itself (for the image: without
# the time podman takes to set the container up before it starts the process). Also the CPU time the JVM used until then (user + system, all its
# threads): on a machine that others keep busy the wall time says more about them than about the
# panel, the CPU time much less so.
#
#   bench/startup.sh                        # jar, image without CDS, image with CDS
#   STARTUP_RUNS=9 STARTUP_KINDS="jar-cds image-cds" bench/startup.sh
#   STARTUP_ENV="SPRING_MAIN_LAZY_INITIALIZATION=true" STARTUP_KINDS=image-cds bench/startup.sh   # try a setting
#   STARTUP_JAVA_OPTS="-XX:TieredStopAtLevel=1" STARTUP_KINDS="jar-cds image-cds" bench/startup.sh  # try JVM options
#   STARTUP_STEADY=2000 STARTUP_RUNS=1 bench/startup.sh   # also: after the start, sign in and GET /identities
#                                         # 2000 times to warm up, then 2000 timed: CPU ms per request (JIT cost)
#
#   STARTUP_TRAINING=ready STARTUP_KINDS=jar-cds bench/startup.sh  # jar-cds trained as the image is (started
#                                         # fully, first requests, SIGTERM) instead of up to the refresh only
#
# Kinds: jar (target/stackspin-admin-*.jar; built when missing), jar-cds (the same, extracted and
# with a CDS archive from a training run, as the image does), image (the image with the CDS archive
# left unused: what start-up costs without it), image-cds (the image as it runs: its ENTRYPOINT).
# The image is localhost/stackspin-admin:test as deploy/ContainerImageTests builds it (or
# $STARTUP_IMAGE). Starts its own Kratos v1.3.1 (kratos/install.sh's binary, in-memory database) on
# 127.0.0.1:4543/4544; the panel listens on 8392, management on 8393; the container runs on the
# host network with a read-only root like the tests. Results: bench/results/startup-<time>/.
# Not part of ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${STARTUP_RUNS:-5}"
kinds="${STARTUP_KINDS:-jar image image-cds}"
image="${STARTUP_IMAGE:-localhost/stackspin-admin:test}"
kratos_public=4543
kratos_admin=4544
panel_port=8392
management_port=8393
out="$PWD/bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

pids=()
container=""
cleanup() {
  [ -z "$container" ] || podman rm --force --time 1 "$container" >/dev/null 2>&1 || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM
die() { echo "bench/startup.sh: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

kratos_bin=$(bash kratos/install.sh | tail -n 1)
DSN=memory IDENTITY_SCHEMAS="[{\"id\":\"default\",\"url\":\"file://$PWD/kratos/identity.schema.json\"}]" \
  SERVE_PUBLIC_PORT=$kratos_public SERVE_ADMIN_PORT=$kratos_admin SERVE_PUBLIC_HOST=127.0.0.1 SERVE_ADMIN_HOST=127.0.0.1 \
  SERVE_PUBLIC_BASE_URL="http://127.0.0.1:$kratos_public/" SERVE_ADMIN_BASE_URL="http://127.0.0.1:$kratos_admin/" \
  "$kratos_bin" serve -c kratos/kratos.yml --dev --sqa-opt-out >"$out/kratos.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$kratos_admin/admin/health/ready" 2>/dev/null && break; sleep 0.2; done
curl -fsS -o /dev/null "http://127.0.0.1:$kratos_admin/admin/health/ready" || die "Kratos not ready, see $out/kratos.log"
steady="${STARTUP_STEADY:-0}"
admin_email="startup-admin@bench.example.org"
admin_password="Startup-Correct-Horse-Battery-42"
if [ "$steady" -gt 0 ]; then
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$kratos_admin/admin/identities" -H 'Content-Type: application/json' \
    -d "{\"schema_id\":\"default\",\"traits\":{\"email\":\"$admin_email\"},\"metadata_admin\":{\"roles\":[\"admin\"]},\"credentials\":{\"password\":{\"config\":{\"password\":\"$admin_password\"}}}}"
fi

settings=("SERVER_PORT=$panel_port" "MANAGEMENT_SERVER_PORT=$management_port"
  STACKSPIN_KRATOS_ADMIN_URL="http://127.0.0.1:$kratos_admin" STACKSPIN_KRATOS_PUBLIC_URL="http://127.0.0.1:$kratos_public"
  STACKSPIN_SECURITY_COOKIE_SECURE=false)
# extra settings to try, space-separated NAME=VALUE
read -r -a extra <<<"${STARTUP_ENV:-}"
settings+=("${extra[@]}")
# extra JVM options to try (e.g. "-XX:TieredStopAtLevel=1"): on the command line of the jar kinds,
# appended to the image's JAVA_TOOL_OPTIONS for the image kinds
java_opts="${STARTUP_JAVA_OPTS:-}"

jars=(target/stackspin-admin-*.jar)
if [[ " $kinds " == *" jar"* ]] && [ ! -f "${jars[0]}" ]; then
  ./mvnw -q -B package -Dmaven.test.skip=true -Djacoco.skip=true
  jars=(target/stackspin-admin-*.jar)
fi
jar="$PWD/${jars[0]}"
if [[ " $kinds " == *" jar-cds "* ]]; then
  # the image's layout and training run, on the host's JDK
  rm -rf "$out/extracted"
  java -Djarmode=tools -jar "$jar" extract --destination "$out/extracted" >/dev/null
  # the same absolute class path as the timed runs, else the JVM refuses the archive
  if [ "${STARTUP_TRAINING:-refresh}" = refresh ]; then
    java -XX:ArchiveClassesAtExit="$out/extracted/app.jsa" -Dspring.context.exit=onRefresh $java_opts \
      -jar "$out/extracted/$(basename "$jar")" >"$out/extracted/training.log" 2>&1
  else
    # STARTUP_TRAINING=ready: started for real (web servers, management context), asked what the
    # probes and a browser ask first, then stopped with SIGTERM (the archive is written at exit)
    env "${settings[@]}" java -XX:ArchiveClassesAtExit="$out/extracted/app.jsa" $java_opts \
      -jar "$out/extracted/$(basename "$jar")" >"$out/extracted/training.log" 2>&1 &
    training=$!
    for _ in $(seq 1 600); do
      curl -fsS "http://127.0.0.1:$management_port/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"' && break
      sleep 0.1
    done
    curl -fsS -o /dev/null "http://127.0.0.1:$management_port/actuator/health/liveness" || true
    curl -fsS -o /dev/null "http://127.0.0.1:$panel_port/login" || true
    kill -TERM "$training"
    wait "$training" || true
  fi
  ls -l "$out/extracted/app.jsa" >&2
fi

# CPU milliseconds (user + system) that process $1 has used
cpu_ms() {
  local ticks
  ticks=$(awk '{ print $14 + $15 }' "/proc/$1/stat")
  echo $((ticks * 1000 / $(getconf CLK_TCK)))
}

# milliseconds since process $1 started (its start time and the uptime, both from /proc, 10 ms steps)
age_ms() {
  local started uptime
  started=$(awk '{ print $22 }' "/proc/$1/stat")
  uptime=$(cut -d' ' -f1 /proc/uptime | tr -d .)
  echo $((uptime * 10 - started * 1000 / $(getconf CLK_TCK)))
}

# waits until readiness is UP; prints the milliseconds since $1, the CPU milliseconds of pid $3 and
# the milliseconds since pid $3 started (for the image: without podman's container set-up)
await_ready() {
  local start="$1" alive="$2" pid="$3"
  for _ in $(seq 1 2400); do
    if curl -fsS "http://127.0.0.1:$management_port/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; then
      echo "$(($(now_ms) - start)) $(cpu_ms "$pid") $(age_ms "$pid")"
      return
    fi
    $alive || die "the panel exited during start-up"
    sleep 0.02
  done
  die "the panel was not ready within 2 minutes"
}

# with STARTUP_STEADY=N: signs in, GETs /identities N times, then N times more, timed; prints the
# panel's CPU ms per request and the wall ms per request of the second N (one client, sequential)
steady_state() {
  local pid="$1" before after
  python3 - "$panel_port" "$admin_email" "$admin_password" "$steady" "$pid" <<'PY'
import os, sys, time
sys.path.insert(0, "bench")
import bench
port, email, password, n, pid = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
panel = f"http://127.0.0.1:{port}"
cookie = bench.sign_in(panel, email, password)
conn = bench.connection(panel)
headers = {"Cookie": cookie}
def cpu():
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
for _ in range(n):
    bench.timed(conn, "/identities", headers)
c0, t0 = cpu(), time.perf_counter()
for _ in range(n):
    bench.timed(conn, "/identities", headers)
print(f"{(cpu() - c0) / n:.2f} {(time.perf_counter() - t0) * 1000 / n:.2f}")
PY
}

# one start of $1; prints "<ms to ready> <CPU ms> <JVM's own 'process running for' in s>"
start_once() {
  local kind="$1" log="$2" start ms pid
  case "$kind" in
    jar | jar-cds)
      local cmd=(java $java_opts -jar "$jar")
      if [ "$kind" = jar-cds ]; then
        cmd=(java -XX:SharedArchiveFile="$out/extracted/app.jsa" $java_opts -jar "$out/extracted/$(basename "$jar")")
      fi
      start=$(now_ms)
      env "${settings[@]}" "${cmd[@]}" >"$log" 2>&1 &
      pid=$!
      ms=$(await_ready "$start" "kill -0 $pid" "$pid")
      [ "$steady" -eq 0 ] || steady_state "$pid" >"$log.steady"
      kill "$pid"
      wait "$pid" 2>/dev/null || true
      ;;
    image | image-cds)
      container="stackspin-admin-startup-$$"
      # --no-healthcheck: podman would schedule it through systemd, which is not running everywhere
      local args=(run --detach --name "$container" --runtime runc --network=host --read-only --tmpfs /tmp --cap-drop=ALL --no-healthcheck)
      for setting in "${settings[@]}"; do args+=(--env "$setting"); done
      # extra podman options to try (e.g. "--security-opt seccomp=unconfined")
      read -r -a podman_extra <<<"${STARTUP_PODMAN_OPTS:-}"
      args+=("${podman_extra[@]}")
      if [ -n "$java_opts" ]; then
        args+=(--env "JAVA_TOOL_OPTIONS=$(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" |
          sed -n 's/^JAVA_TOOL_OPTIONS=//p') $java_opts")
      fi
      if [ "$kind" = image ]; then
        args+=(--entrypoint '["java","-Djava.io.tmpdir=/tmp","-jar","/app/app.jar"]')
      fi
      start=$(now_ms)
      podman "${args[@]}" "$image" >/dev/null
      pid=$(podman inspect --format '{{.State.Pid}}' "$container")
      ms=$(await_ready "$start" "kill -0 $pid" "$pid")
      [ "$steady" -eq 0 ] || steady_state "$pid" >"$log.steady"
      podman logs "$container" >"$log" 2>&1
      podman rm --force --time 10 "$container" >/dev/null
      container=""
      ;;
    *) die "unknown kind $kind" ;;
  esac
  # "<ms to UP> <CPU ms> <ms since the process started> <JVM's 'process running for'>"
  echo "$ms $(grep -o 'process running for [0-9.]*' "$log" | grep -o '[0-9.]*$' || echo '?')"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

{
  echo "# Start-up to readiness UP, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- machine: $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- java: $(java -version 2>&1 | head -n 1); image: $image; extra settings: ${STARTUP_ENV:-none}; extra JVM options: ${java_opts:-none}"
  echo
  echo "| kind | median ms to UP | samples (ms) | median ms from process start | samples (ms) | median CPU ms | CPU samples (ms) | JVM 'process running for' (s) |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$out/summary.md"
for kind in $kinds; do
  samples=()
  cpu=()
  process=()
  jvm=()
  for i in $(seq 1 "$runs"); do
    read -r ms c p s < <(start_once "$kind" "$out/$kind-$i.log")
    samples+=("$ms")
    cpu+=("$c")
    process+=("$p")
    jvm+=("$s")
  done
  echo "| $kind | $(printf '%s\n' "${samples[@]}" | median) | ${samples[*]} | $(printf '%s\n' "${process[@]}" | median) | ${process[*]} | $(printf '%s\n' "${cpu[@]}" | median) | ${cpu[*]} | ${jvm[*]} |" >>"$out/summary.md"
  if [ "$steady" -gt 0 ]; then
    echo "- $kind after start, GET /identities x$steady warm, then x$steady: CPU ms/request, wall ms/request: $(cat "$out/$kind"-*.log.steady | tr '\n' ';')" >>"$out/steady.md"
  fi
done
echo "- load average at end $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/summary.md"
[ ! -f "$out/steady.md" ] || cat "$out/steady.md" >>"$out/summary.md"
cat "$out/summary.md"
