#!/usr/bin/env bash
# Benchmark: the panel's list and search pages versus the raw Kratos admin calls behind them.
#
#   bench/run.sh                       # 10,000 then 100,000 identities, page size 100, 300 requests per side
#   BENCH_COUNTS="100000" BENCH_PAGE_SIZE=250 BENCH_REQUESTS=500 bench/run.sh
#   BENCH_DB=sqlite bench/run.sh       # Kratos on a sqlite file instead of PostgreSQL
#   BENCH_SCENARIO=writers bench/run.sh  # only the same-field writers: BENCH_WRITERS (8) admins save one
#                                        # field of one identity for BENCH_WRITER_SECONDS (60); lost updates
#   BENCH_SCENARIO=export BENCH_COUNTS=100000 bench/run.sh  # only the CSV export of everyone (the last of
#                                        # BENCH_COUNTS) vs raw keyset paging (250/page) of the same data,
#                                        # BENCH_EXPORT_REPEATS (3) interleaved; panel heap after GC around it
#   BENCH_SCENARIO=concurrency BENCH_COUNTS=10000 bench/run.sh  # only concurrent administrators at the
#                                        # last of BENCH_COUNTS: for N in BENCH_CONCURRENCY ("1 2 4 8 16 32
#                                        # 64") N signed-in admins (one session each) load the list page
#                                        # (BENCH_PAGE_SIZE) in a closed loop for BENCH_SECONDS (15), then N
#                                        # raw clients call GET /admin/identities as long; req/s, p50/p99,
#                                        # errors and the panel/raw ratios per level
#   BENCH_SCENARIO=import BENCH_IMPORT_COUNT=10000 bench/run.sh  # only the import: BENCH_IMPORT_COUNT new
#                                        # users through the panel (upload, dry run, import, results page)
#                                        # vs as many sequential POST /admin/identities; no seeding. The
#                                        # panel takes STACKSPIN_IMPORT_BATCH_SIZE (250) and
#                                        # STACKSPIN_IMPORT_PARALLEL_BATCHES (2) from the environment
#
# Starts its own PostgreSQL (initdb into bench/results/pg, port 4535; as the postgres user when run
# as root) unless BENCH_DB=sqlite, its own Kratos v1.3.1 (kratos/install.sh's binary, never the
# tests' memory database) on ports 4533/4534 and the panel's jar on 8391, seeds identities through
# Kratos's batch API (PATCH /admin/identities), then for each size: forces a GC and records the
# panel's heap, measures (interleaved, same page size) panel vs raw for list page 1, a list page
# deep in the keyset and an exact e-mail search, and records the heap after GC again.
# Results: bench/results/<timestamp>/ (JSON per size + summary.md). Not part of ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."

counts="${BENCH_COUNTS:-1000 10000 100000}"
db="${BENCH_DB:-postgres}"
case "$db" in postgres | sqlite) ;; *) echo "bench/run.sh: BENCH_DB must be postgres or sqlite" >&2; exit 2 ;; esac
# Kratos v1.3.1's credentials_identifier lookup is very slow on sqlite (see docs/benchmarks.md), so
# there search is measured only up to this many identities.
if [ "$db" = sqlite ]; then search_max="${BENCH_SEARCH_MAX:-1000}"; else search_max="${BENCH_SEARCH_MAX:-100000000}"; fi
page_size="${BENCH_PAGE_SIZE:-100}"
requests="${BENCH_REQUESTS:-300}"
warmup="${BENCH_WARMUP:-50}"
# sqlite's slow lookup (seconds per call) keeps the default low there
if [ "$db" = sqlite ]; then search_requests="${BENCH_SEARCH_REQUESTS:-30}"; else search_requests="${BENCH_SEARCH_REQUESTS:-$requests}"; fi
kratos_public=4533
kratos_admin=4534
pg_port=4535
panel_port=8391
admin_email="bench-admin@bench.example.org"
admin_password="Bench-Correct-Horse-Battery-42"

out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
db_dir="bench/results/db-$db"
pg_dir="$PWD/bench/results/pg"
mkdir -p "$out" "$db_dir"
if [ "${BENCH_KEEP_DB:-0}" != "1" ]; then
  rm -rf "$db_dir"/kratos.sqlite* "$db_dir/seeded.txt"
  [ "$db" = sqlite ] || rm -rf "$pg_dir"
fi

pids=()
as_pg_user=()
[ "$(id -u)" != 0 ] || as_pg_user=(runuser -u postgres --) # PostgreSQL refuses to run as root
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [ "$db" = sqlite ] || [ ! -f "$pg_dir/postmaster.pid" ] || "${as_pg_user[@]}" pg_ctl -D "$pg_dir" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM
die() { echo "bench/run.sh: $*" >&2; exit 1; }

if [ "$db" = postgres ]; then
  if ! command -v initdb >/dev/null; then
    for bin in /usr/lib/postgresql/*/bin; do PATH="$PATH:$bin"; done
  fi
  command -v initdb >/dev/null || die "PostgreSQL's initdb/pg_ctl not found: apt-get install postgresql (or BENCH_DB=sqlite)"
  if [ ! -f "$pg_dir/PG_VERSION" ]; then
    mkdir -p "$pg_dir"
    [ ${#as_pg_user[@]} = 0 ] || chown postgres "$pg_dir"
    "${as_pg_user[@]}" initdb -D "$pg_dir" -U postgres -A trust -E UTF8 >"$out/pg-initdb.log" 2>&1 || die "initdb failed, see $out/pg-initdb.log"
  fi
  # Reads are what is measured; asynchronous commit only shortens seeding.
  "${as_pg_user[@]}" pg_ctl -D "$pg_dir" -l "$pg_dir/server.log" -w \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_dir -c shared_buffers=256MB -c synchronous_commit=off" start >/dev/null \
    || die "PostgreSQL did not start, see $pg_dir/server.log"
  "${as_pg_user[@]}" psql -h 127.0.0.1 -p $pg_port -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='kratos'" | grep -q 1 \
    || "${as_pg_user[@]}" createdb -h 127.0.0.1 -p $pg_port -U postgres kratos
  export DSN="postgres://postgres@127.0.0.1:$pg_port/kratos?sslmode=disable&max_conns=20&max_idle_conns=4"
else
  export DSN="sqlite://$PWD/$db_dir/kratos.sqlite?_fk=true&mode=rwc&_journal_mode=WAL"
fi

kratos_bin=$(bash kratos/install.sh | tail -n 1)
export IDENTITY_SCHEMAS="[{\"id\":\"default\",\"url\":\"file://$PWD/kratos/identity.schema.json\"}]"
export SERVE_PUBLIC_PORT=$kratos_public SERVE_ADMIN_PORT=$kratos_admin SERVE_PUBLIC_HOST=127.0.0.1 SERVE_ADMIN_HOST=127.0.0.1
export SERVE_PUBLIC_BASE_URL="http://127.0.0.1:$kratos_public/" SERVE_ADMIN_BASE_URL="http://127.0.0.1:$kratos_admin/"
export LOG_LEVEL=warning
"$kratos_bin" migrate sql -e --yes -c kratos/kratos.yml >"$out/kratos-migrate.log" 2>&1 || die "migrations failed, see $out/kratos-migrate.log"
"$kratos_bin" serve -c kratos/kratos.yml --dev --sqa-opt-out >"$out/kratos.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 150); do curl -fsS -o /dev/null "http://127.0.0.1:$kratos_admin/admin/health/ready" 2>/dev/null && break; sleep 0.2; done
curl -fsS -o /dev/null "http://127.0.0.1:$kratos_admin/admin/health/ready" || die "Kratos not ready, see $out/kratos.log"

# The administrator who signs in to the panel (a 409 means it exists from a kept database).
curl -sS -o /dev/null -X POST "http://127.0.0.1:$kratos_admin/admin/identities" -H 'Content-Type: application/json' \
  -d "{\"schema_id\":\"default\",\"traits\":{\"email\":\"$admin_email\"},\"metadata_admin\":{\"roles\":[\"admin\"]},\"credentials\":{\"password\":{\"config\":{\"password\":\"$admin_password\"}}}}"

# BENCH_SKIP_BUILD=1 reuses the jar in target/ (e.g. while tests use target/ at the same time)
[ "${BENCH_SKIP_BUILD:-0}" = "1" ] || ./mvnw -q -B -ntp -DskipTests -Dspring-javaformat.skip=true -Djacoco.skip=true package
# run a copy, so that a build in target/ during the run cannot pull the jar from under the panel
for built in target/stackspin-admin-*.jar; do
  case "$built" in *plain.jar) ;; *) cp "$built" "$out/stackspin-admin.jar" ;; esac
done
[ -f "$out/stackspin-admin.jar" ] || die "no jar in target/ (run without BENCH_SKIP_BUILD=1)"
jar="$out/stackspin-admin.jar"
# BENCH_JAVA_OPTS: extra JVM options for the panel (e.g. a JFR recording)
# shellcheck disable=SC2086
java -Xmx512m ${BENCH_JAVA_OPTS:-} -jar "$jar" --server.port=$panel_port \
  --stackspin.kratos.admin-url="http://127.0.0.1:$kratos_admin" --stackspin.kratos.public-url="http://127.0.0.1:$kratos_public" \
  --stackspin.security.cookie-secure=false --logging.level.net.stackspin.admin.audit=warn >"$out/panel.log" 2>&1 &
panel_pid=$!
pids+=("$panel_pid")
for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:$panel_port/actuator/health/liveness" 2>/dev/null && break; sleep 1; done
curl -fsS -o /dev/null "http://127.0.0.1:$panel_port/actuator/health/liveness" || die "panel not up, see $out/panel.log"

heap_after_gc() {
  jcmd "$panel_pid" GC.run >/dev/null
  sleep 1
  jcmd "$panel_pid" GC.heap_info | sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -n 1
}

if [ "${BENCH_SCENARIO:-pages}" = writers ]; then
  writers="${BENCH_WRITERS:-8}"
  seconds="${BENCH_WRITER_SECONDS:-60}"
  echo "Same-field writers: $writers admins for $seconds s..." >&2
  python3 bench/bench.py writers --kratos-admin "http://127.0.0.1:$kratos_admin" --panel "http://127.0.0.1:$panel_port" \
    --admin-email "$admin_email" --admin-password "$admin_password" --writers "$writers" --seconds "$seconds" >"$out/writers.json"
  {
    echo "# Same-field writers $(basename "$out")"
    echo
    echo "- Machine: $(nproc) CPUs, load before start: $(cut -d' ' -f1-3 /proc/loadavg); Kratos database: $db; one panel replica"
    echo
    echo '```json'
    cat "$out/writers.json"
    echo '```'
  } >"$out/summary.md"
  cat "$out/summary.md"
  echo "Results in $out" >&2
  exit 0
fi

if [ "${BENCH_SCENARIO:-pages}" = export ]; then
  count="${counts##* }"
  echo "Seeding up to $count identities through the batch API..." >&2
  python3 bench/bench.py seed --kratos-admin "http://127.0.0.1:$kratos_admin" --count "$count" --state "$db_dir/seeded.txt" >"$out/seed-$count.json"
  before=$(heap_after_gc)
  echo "Exporting $count identities (${BENCH_EXPORT_REPEATS:-3} times, interleaved with raw paging)..." >&2
  python3 bench/bench.py export --kratos-admin "http://127.0.0.1:$kratos_admin" --panel "http://127.0.0.1:$panel_port" \
    --admin-email "$admin_email" --admin-password "$admin_password" --repeats "${BENCH_EXPORT_REPEATS:-3}" >"$out/export.json"
  after=$(heap_after_gc)
  {
    echo "# Export $(basename "$out")"
    echo
    echo "- Machine: $(nproc) CPUs, load before start: $(cut -d' ' -f1-3 /proc/loadavg); Kratos database: $db; panel -Xmx512m"
    echo "- Panel heap used after a full GC (KiB): before $before, after $after"
    echo
    echo '```json'
    cat "$out/export.json"
    echo '```'
  } >"$out/summary.md"
  cat "$out/summary.md"
  echo "Results in $out" >&2
  exit 0
fi

if [ "${BENCH_SCENARIO:-pages}" = import ]; then
  count="${BENCH_IMPORT_COUNT:-10000}"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Importing $count users through the panel, then $count sequential POST /admin/identities..." >&2
  python3 bench/bench.py import --kratos-admin "http://127.0.0.1:$kratos_admin" --panel "http://127.0.0.1:$panel_port" \
    --admin-email "$admin_email" --admin-password "$admin_password" --count "$count" \
    --batch "${STACKSPIN_IMPORT_BATCH_SIZE:-250}" --parallel "${STACKSPIN_IMPORT_PARALLEL_BATCHES:-2}" >"$out/import.json"
  {
    echo "# Import $(basename "$out")"
    echo
    echo "- Commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GB RAM"
    echo "- Load before the run: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- Kratos database: $db; one panel replica, -Xmx512m; batch size ${STACKSPIN_IMPORT_BATCH_SIZE:-250}, ${STACKSPIN_IMPORT_PARALLEL_BATCHES:-2} batches in flight, other stackspin.import.* settings default"
    echo
    echo '```json'
    cat "$out/import.json"
    echo '```'
  } >"$out/summary.md"
  cat "$out/summary.md"
  echo "Results in $out" >&2
  exit 0
fi

if [ "${BENCH_SCENARIO:-pages}" = concurrency ]; then
  count="${counts##* }"
  levels="${BENCH_CONCURRENCY:-1 2 4 8 16 32 64}"
  seconds="${BENCH_SECONDS:-15}"
  echo "Seeding up to $count identities through the batch API..." >&2
  python3 bench/bench.py seed --kratos-admin "http://127.0.0.1:$kratos_admin" --count "$count" --state "$db_dir/seeded.txt" >"$out/seed-$count.json"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Concurrent administrators at $count identities: levels $levels, $seconds s per side per level..." >&2
  python3 bench/bench.py concurrency --kratos-admin "http://127.0.0.1:$kratos_admin" --panel "http://127.0.0.1:$panel_port" \
    --admin-email "$admin_email" --admin-password "$admin_password" --page-size "$page_size" \
    --levels "$levels" --seconds "$seconds" >"$out/concurrency.json"
  {
    echo "# Concurrent administrators $(basename "$out")"
    echo
    echo "- Commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GB RAM"
    echo "- Load before the run: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- $count identities, Kratos database: $db; one panel replica, -Xmx512m; page size $page_size; $seconds s per side per level, panel then raw"
    echo
    echo "| clients | panel req/s | raw req/s | ratio req/s | panel p50 ms | raw p50 ms | ratio p50 | panel p99 ms | raw p99 ms | ratio p99 | panel errors | raw errors |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    python3 - "$out/concurrency.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for r in m["levels"]:
    p, w = r["panel"], r["raw"]
    print(f"| {r['clients']} | {p['throughput_rps']} | {w['throughput_rps']} | {r['ratio_throughput']} | "
          f"{p['p50_ms']} | {w['p50_ms']} | {r['ratio_p50']} | {p['p99_ms']} | {w['p99_ms']} | {r['ratio_p99']} | "
          f"{p['errors']} | {w['errors']} |")
PY
  } >"$out/summary.md"
  cat "$out/summary.md"
  echo "Results in $out" >&2
  exit 0
fi

{
  echo "# Benchmark run $(basename "$out")"
  echo
  echo "- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GB RAM, load before start: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$db" = sqlite ]; then database="sqlite (WAL)"; else database="$(postgres --version 2>/dev/null || echo PostgreSQL) on the same machine"; fi
  echo "- Kratos: $("$kratos_bin" version 2>/dev/null | grep -i version | head -n 1 | xargs), local binary, database: $database"
  echo "- Panel: $(basename "$jar"), $(java -version 2>&1 | head -n 1), -Xmx512m"
  echo "- Page size $page_size; $requests timed requests per side per scenario after $warmup warm-up pairs, panel and raw interleaved"
  echo
  echo "| identities | scenario | panel p50 ms | raw p50 ms | ratio p50 | panel p99 ms | raw p99 ms | ratio p99 |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$out/summary.md"
heaps=""
for count in $counts; do
  echo "Seeding up to $count identities through the batch API..." >&2
  python3 bench/bench.py seed --kratos-admin "http://127.0.0.1:$kratos_admin" --count "$count" --state "$db_dir/seeded.txt" >"$out/seed-$count.json"
  before=$(heap_after_gc)
  echo "Measuring at $count identities..." >&2
  python3 bench/bench.py measure --kratos-admin "http://127.0.0.1:$kratos_admin" --panel "http://127.0.0.1:$panel_port" \
    --admin-email "$admin_email" --admin-password "$admin_password" --page-size "$page_size" --requests "$requests" --warmup "$warmup" \
    --state "$db_dir/seeded.txt" --search-requests "$([ "$count" -le "$search_max" ] && echo "$search_requests" || echo 0)" \
    --search-warmup "$([ "$db" = sqlite ] && echo 2 || echo "$warmup")" \
    >"$out/measure-$count.json"
  after=$(heap_after_gc)
  heaps="$heaps\n| $count | $before | $after |"
  python3 - "$out/measure-$count.json" >>"$out/summary.md" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for name, r in m["results"].items():
    print(f"| {m['identities']} | {name} | {r['panel']['p50_ms']} | {r['raw']['p50_ms']} | {r['ratio_p50']} | "
          f"{r['panel']['p99_ms']} | {r['raw']['p99_ms']} | {r['ratio_p99']} |")
PY
done
{
  echo
  echo "Panel heap used after a full GC (KiB), before and after the measurements at each size:"
  echo
  echo "| identities | before | after |"
  echo "|---|---|---|"
  printf "%b\n" "${heaps#\\n}"
} >>"$out/summary.md"
cat "$out/summary.md"
echo "Results in $out" >&2
