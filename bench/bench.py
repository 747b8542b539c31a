#!/usr/bin/env python3
"""Stackspin Admin benchmark: panel pages versus the raw Kratos calls behind them.

Driven by bench/run.sh, which starts a local Kratos (sqlite) and the panel. Standard library only.

  bench.py seed    --kratos-admin URL --count N          # batch-create identities up to N in total
  bench.py measure --kratos-admin URL --panel URL ...    # time panel vs raw, print JSON
  bench.py writers --kratos-admin URL --panel URL ...    # N admins saving one field in a loop: lost updates
  bench.py export  --kratos-admin URL --panel URL ...    # CSV export of everyone vs raw keyset paging
  bench.py concurrency --kratos-admin URL --panel URL ... # 1..64 admins in a closed loop, panel vs raw
  bench.py import  --kratos-admin URL --panel URL ...    # import N users through the panel vs N sequential POSTs
"""
import argparse
import http.client
import json
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
import uuid

BATCH = 1000  # Kratos allows 2000 per batch request; 1000 keeps each request short


def connection(base):
    u = urllib.parse.urlparse(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=600)


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    return response.status, response.getheaders(), data


def seed_email(i):
    return f"seed-{i:07d}@bench.example.org"


def count_seeded(state):
    """How many seeds exist, from the state file next to the database (seeds are numbered)."""
    try:
        with open(state) as f:
            return int(f.read().strip() or 0)
    except FileNotFoundError:
        return 0


def seed(args):
    start_index = count_seeded(args.state)
    conn = connection(args.kratos_admin)
    started = time.monotonic()
    i = start_index
    while i < args.count:
        n = min(BATCH, args.count - i)
        identities = [{"create": {"schema_id": "default", "state": "active", "traits": {
            "email": seed_email(i + k), "name": {"first": f"Seed{i + k}", "last": "Bench"}}}} for k in range(n)]
        status, _, data = request(conn, "PATCH", "/admin/identities", json.dumps({"identities": identities}),
                                  {"Content-Type": "application/json"})
        if status != 200:
            sys.exit(f"batch create failed: HTTP {status} {data[:300]!r}")
        errors = [r for r in json.loads(data)["identities"] if r.get("action") != "create"]
        if errors:
            sys.exit(f"batch create refused {len(errors)} entries, e.g. {errors[0]}")
        i += n
        with open(args.state, "w") as f:
            f.write(str(i))
        if (i - start_index) % 10000 == 0 or i == args.count:
            print(f"  seeded {i}/{args.count} ({time.monotonic() - started:.0f}s)", file=sys.stderr, flush=True)
    print(json.dumps({"seeded_before": start_index, "seeded_now": args.count,
                      "seconds": round(time.monotonic() - started, 1)}))


def sign_in(panel, email, password):
    conn = connection(panel)
    status, headers, body = request(conn, "GET", "/login")
    cookies = cookies_from(headers, {})
    token = re.search(rb'name="_csrf"\s+value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"email": email, "password": password, "_csrf": token})
    status, headers, _ = request(conn, "POST", "/login", form, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(cookies)})
    cookies = cookies_from(headers, cookies)
    if status != 302 or "/login" in dict(headers).get("Location", "/login?error"):
        sys.exit(f"panel sign-in failed: HTTP {status} {headers}")
    return cookie_header(cookies)


def cookies_from(headers, cookies):
    cookies = dict(cookies)
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            k, _, v = pair.partition("=")
            cookies[k.strip()] = v.strip()
    return cookies


def cookie_header(cookies):
    return "; ".join(f"{k}={v}" for k, v in cookies.items() if v)


def timed(conn, path, headers, expect=200):
    t0 = time.perf_counter()
    status, _, body = request(conn, "GET", path, headers=headers)
    elapsed = (time.perf_counter() - t0) * 1000
    if status != expect:
        sys.exit(f"GET {path} answered {status}: {body[:300]!r}")
    return elapsed, body


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    f = int(k)
    c = min(f + 1, len(ordered) - 1)
    return ordered[f] + (ordered[c] - ordered[f]) * (k - f)


def measure(args):
    panel_cookie = sign_in(args.panel, args.admin_email, args.admin_password)
    panel = connection(args.panel)
    kratos = connection(args.kratos_admin)
    ph = {"Cookie": panel_cookie, "Accept": "text/html"}
    kh = {"Accept": "application/json"}
    size = args.page_size
    # In v1.3.1 the keyset token is the last id of the previous page (kratos.md 1.2): a token near
    # the top of the UUID space is a page deep in the keyset (about 94% of the way through).
    deep = "f0000000-0000-4000-8000-000000000000"
    seeded = count_seeded(args.state)
    rng = random.Random(42)
    scenarios = {
        "list_page_1": (lambda: f"/identities?size={size}",
                        lambda: f"/admin/identities?page_size={size}"),
        "list_deep_page": (lambda: f"/identities?size={size}&page={deep}",
                           lambda: f"/admin/identities?page_size={size}&page_token={deep}"),
    }
    emails = [seed_email(rng.randrange(seeded)) for _ in range(args.search_requests)]
    results = {}
    for name, (panel_path, raw_path) in scenarios.items():
        results[name] = run(panel, kratos, ph, kh, [panel_path() for _ in range(args.requests)],
                            [raw_path() for _ in range(args.requests)], args.warmup)
    if args.search_requests > 0:
        # warm-up pairs cycle through the same e-mails; the slow sqlite lookup keeps them few there
        results["search_exact_email"] = run(
            panel, kratos, ph, kh,
            ["/identities?" + urllib.parse.urlencode({"q": e, "size": size}) for e in emails],
            ["/admin/identities?" + urllib.parse.urlencode({"credentials_identifier": e}) for e in emails],
            min(args.warmup, args.search_warmup))
    # The floor: the cheapest request each side serves (no Kratos call behind the panel's), i.e. the
    # fixed cost of a request through the panel's stack, to read the search ratio against.
    results["floor_health"] = run(panel, kratos, {"Accept": "application/json"}, kh,
                                  ["/actuator/health/liveness"] * args.requests,
                                  ["/admin/health/alive"] * args.requests, args.warmup)
    print(json.dumps({"identities": seeded, "page_size": size, "requests_per_side": args.requests,
                      "results": results}, indent=2))


def run(panel, kratos, ph, kh, panel_paths, raw_paths, warmup):
    for i in range(warmup):
        timed(panel, panel_paths[i % len(panel_paths)], ph)
        timed(kratos, raw_paths[i % len(raw_paths)], kh)
    p, r = [], []
    # interleaved, so both sides see the same machine conditions
    for panel_path, raw_path in zip(panel_paths, raw_paths):
        p.append(timed(panel, panel_path, ph)[0])
        r.append(timed(kratos, raw_path, kh)[0])
    out = {}
    for label, values in (("panel", p), ("raw", r)):
        out[label] = {"p50_ms": round(statistics.median(values), 2), "p90_ms": round(percentile(values, 90), 2),
                      "p99_ms": round(percentile(values, 99), 2), "max_ms": round(max(values), 2),
                      # in request order, so a slow request can be matched with the panel's logs
                      "samples_ms": [round(v, 1) for v in values]}
    out["ratio_p50"] = round(out["panel"]["p50_ms"] / out["raw"]["p50_ms"], 2)
    out["ratio_p99"] = round(out["panel"]["p99_ms"] / out["raw"]["p99_ms"], 2)
    return out


HIDDEN_ORIGINAL = re.compile(rb'<input type="hidden" name="original\.([^"]+)" value="([^"]*)">')
CSRF_FIELD = re.compile(rb'name="_csrf"\s+value="([^"]+)"')


def unescape(raw):
    import html
    return html.unescape(raw.decode())


def writers(args):
    """N administrators (each its own signed-in session) load the edit form of one identity and save
    the same field with a value only they write, in a loop, for a fixed time. A save reported as saved
    (302) whose form was loaded with a value that another reported save had already replaced is a lost
    update: with unique written values, lost = saved - distinct(loaded values among the saves)."""
    kratos = connection(args.kratos_admin)
    email = f"contended-{uuid.uuid4().hex[:12]}@bench.example.org"
    status, _, data = request(kratos, "POST", "/admin/identities", json.dumps({
        "schema_id": "default", "traits": {"email": email, "name": {"first": "Seed", "last": "Bench"}}}),
        {"Content-Type": "application/json"})
    if status != 201:
        sys.exit(f"creating the contended identity failed: HTTP {status} {data[:300]!r}")
    target = json.loads(data)["id"]
    field = "traits.name.first"
    lock = threading.Lock()
    saved, statuses, latencies = [], {}, []
    deadline = time.monotonic() + args.seconds
    start = threading.Barrier(args.writers)

    def writer(w):
        cookies = dict(pair.split("=", 1) for pair in
                       sign_in(args.panel, args.admin_email, args.admin_password).split("; "))
        conn = connection(args.panel)
        i = 0
        start.wait()
        while time.monotonic() < deadline:
            status, headers, body = request(conn, "GET", f"/identities/{target}/edit",
                                            headers={"Cookie": cookie_header(cookies), "Accept": "text/html"})
            # the page may come with a new CSRF cookie that its form's token belongs to
            cookies = cookies_from(headers, cookies)
            if status != 200:
                with lock:
                    statuses[f"load_{status}"] = statuses.get(f"load_{status}", 0) + 1
                continue
            original = {unescape(k): unescape(v) for k, v in HIDDEN_ORIGINAL.findall(body)}
            token = CSRF_FIELD.search(body).group(1).decode()
            written = f"W{w}n{i}"
            i += 1
            form = [("_csrf", token), ("schema", "default")]
            for name, value in original.items():
                form.append(("original." + name, value))
                if name != "updated_at":
                    form.append((name, written if name == field else value))
            t0 = time.perf_counter()
            status, headers, _ = request(conn, "POST", f"/identities/{target}/edit", urllib.parse.urlencode(form),
                                         {"Cookie": cookie_header(cookies),
                                          "Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"})
            cookies = cookies_from(headers, cookies)
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                statuses[str(status)] = statuses.get(str(status), 0) + 1
                latencies.append(elapsed)
                if status == 302:
                    saved.append((original.get(field), written))

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(args.writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if not saved and "409" not in statuses:
        sys.exit(f"no save went through at all: {statuses}")
    lost = len(saved) - len({loaded for loaded, _ in saved})
    print(json.dumps({"writers": args.writers, "seconds": args.seconds, "saves_attempted": len(latencies),
                      "answers": statuses, "saved": len(saved), "lost_updates": lost,
                      "save_p50_ms": round(statistics.median(latencies), 2) if latencies else None,
                      "save_p99_ms": round(percentile(latencies, 99), 2) if latencies else None}, indent=2))


def next_page_path(headers):
    """The path of Kratos's rel="next" link, or None on the last page."""
    for name, value in headers:
        if name.lower() == "link":
            for part in value.split(","):
                if 'rel="next"' in part:
                    url = part[part.index("<") + 1:part.index(">")]
                    u = urllib.parse.urlparse(url)
                    return u.path + "?" + u.query
    return None


def raw_paging(kratos_admin):
    """Every identity through GET /admin/identities, 250 per page, following the next links."""
    conn = connection(kratos_admin)
    path, identities, pages = "/admin/identities?page_size=250", 0, 0
    t0 = time.perf_counter()
    while path:
        status, headers, body = request(conn, "GET", path, headers={"Accept": "application/json"})
        if status != 200:
            sys.exit(f"GET {path} answered {status}: {body[:300]!r}")
        identities += len(json.loads(body))
        pages += 1
        path = next_page_path(headers)
    return time.perf_counter() - t0, identities, pages


def panel_export(panel, cookie, fmt):
    """The panel's export read to its end: total time, time to first byte, rows, bytes."""
    u = urllib.parse.urlparse(panel)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=3600)
    t0 = time.perf_counter()
    conn.request("GET", f"/identities/export?format={fmt}", headers={"Cookie": cookie})
    response = conn.getresponse()
    if response.status != 200:
        sys.exit(f"export answered {response.status}: {response.read()[:300]!r}")
    first = response.read(1)
    ttfb = time.perf_counter() - t0
    lines, size, tail = first.count(b"\n"), len(first), first
    while True:
        chunk = response.read(65536)
        if not chunk:
            break
        lines += chunk.count(b"\n")
        size += len(chunk)
        tail = (tail + chunk)[-200:]
    if b"incomplete" in tail:
        sys.exit("the export ended with the incomplete marker")
    # CSV: minus the header (line breaks inside quoted cells would count too; seeds have none)
    rows = lines - 1 if fmt == "csv" else lines
    return time.perf_counter() - t0, ttfb, rows, size


def export(args):
    """The CSV (or JSON Lines) export of every identity versus the raw keyset paging of the same data,
    interleaved, args.repeats times each."""
    cookie = sign_in(args.panel, args.admin_email, args.admin_password)
    panel_s, raw_s, ttfb_s, rows, raw_rows, size = [], [], [], 0, 0, 0
    for _ in range(args.repeats):
        seconds, identities, pages = raw_paging(args.kratos_admin)
        raw_s.append(seconds)
        raw_rows = identities
        seconds, ttfb, rows, size = panel_export(args.panel, cookie, args.format)
        panel_s.append(seconds)
        ttfb_s.append(ttfb)
    if rows != raw_rows:
        sys.exit(f"the export has {rows} rows, Kratos listed {raw_rows}")
    print(json.dumps({"identities": raw_rows, "format": args.format, "repeats": args.repeats, "bytes": size,
                      "panel_median_s": round(statistics.median(panel_s), 2),
                      "panel_first_byte_median_s": round(statistics.median(ttfb_s), 3),
                      "raw_median_s": round(statistics.median(raw_s), 2),
                      "ratio": round(statistics.median(panel_s) / statistics.median(raw_s), 2)}, indent=2))


def multipart(fields, files):
    """A multipart/form-data body (standard library only): fields {name: value}, files {name: (filename, bytes)}."""
    boundary = "----bench" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value.encode()
                     + b"\r\n")
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: text/csv\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def csrf_of(body):
    return re.search(rb'name="_csrf"\s+value="([^"]+)"', body).group(1).decode()


def importer(args):
    """Importing args.count identities through the panel (upload, dry run, import, results: what an
    administrator waits for) versus args.count sequential POST /admin/identities from one client."""
    run = uuid.uuid4().hex[:8]
    cookie = sign_in(args.panel, args.admin_email, args.admin_password)
    panel = connection(args.panel)
    rows = ["email,name.first,name.last"] + [f"import-{run}-p{i:06d}@bench.example.org,Imported{i},Bench"
                                             for i in range(args.count)]
    csv = ("\n".join(rows) + "\n").encode()
    status, headers, body = request(panel, "GET", "/identities/import", headers={"Cookie": cookie})
    if status != 200:
        sys.exit(f"GET /identities/import answered {status}")
    t0 = time.perf_counter()
    form, content_type = multipart({"_csrf": csrf_of(body), "action": "preview"}, {"file": ("users.csv", csv)})
    status, _, preview = request(panel, "POST", "/identities/import", form, {"Cookie": cookie, "Content-Type": content_type})
    t_preview = time.perf_counter() - t0
    if status != 200 or f"Create: {args.count:,}".encode() not in preview and f"Create: {args.count}".encode() not in preview:
        sys.exit(f"preview answered {status}: {preview[:600]!r}")
    payload = re.search(rb'name="payload" value="([^"]*)"', preview).group(1).decode()
    # the dry run's verdicts, posted back as the browser does (the import then skips their lookups)
    existing = re.search(rb'name="existing" value="([^"]*)"', preview)
    fields = {"_csrf": csrf_of(preview), "action": "import", "payload": payload}
    if existing:
        fields["existing"] = existing.group(1).decode()
    form, content_type = multipart(fields, {})
    t1 = time.perf_counter()
    status, _, done = request(panel, "POST", "/identities/import", form, {"Cookie": cookie, "Content-Type": content_type})
    t_import = time.perf_counter() - t1
    created = re.search(rb"Created: ([0-9,]+)\.", done)
    if status != 200 or b'id="import-done"' not in done or not created \
            or int(created.group(1).replace(b",", b"")) != args.count:
        sys.exit(f"import answered {status}: {done[-1500:]!r}")
    panel_s = time.perf_counter() - t0

    kratos = connection(args.kratos_admin)
    t2 = time.perf_counter()
    for i in range(args.count):
        body = json.dumps({"schema_id": "default", "traits": {
            "email": f"import-{run}-r{i:06d}@bench.example.org", "name": {"first": f"Raw{i}", "last": "Bench"}}})
        status, _, data = request(kratos, "POST", "/admin/identities", body, {"Content-Type": "application/json"})
        if status != 201:
            sys.exit(f"POST /admin/identities answered {status}: {data[:300]!r}")
    raw_s = time.perf_counter() - t2

    # for the breakdown: the same number through the batch API alone (args.batch per request, args.parallel
    # requests in flight, as the panel sends them, nothing checked),
    # and one exact credentials_identifier lookup per identity (what the dry run asks), sequential
    starts = list(range(0, args.count, args.batch))
    failures = []

    def send_batches(mine):
        own = connection(args.kratos_admin)
        for start in mine:
            identities = [{"create": {"schema_id": "default", "state": "active", "traits": {
                "email": f"import-{run}-b{i:06d}@bench.example.org", "name": {"first": f"Batch{i}", "last": "Bench"}}}}
                for i in range(start, min(args.count, start + args.batch))]
            status, _, data = request(own, "PATCH", "/admin/identities", json.dumps({"identities": identities}),
                                      {"Content-Type": "application/json"})
            if status != 200:
                failures.append(f"PATCH /admin/identities answered {status}: {data[:300]!r}")
                return

    t3 = time.perf_counter()
    senders = [threading.Thread(target=send_batches, args=(starts[k::args.parallel],)) for k in range(args.parallel)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    if failures:
        sys.exit(failures[0])
    batch_s = time.perf_counter() - t3
    t4 = time.perf_counter()
    for i in range(args.count):
        status, _, data = request(kratos, "GET", "/admin/identities?page_size=1&credentials_identifier="
                                  + urllib.parse.quote(f"import-{run}-p{i:06d}@bench.example.org"))
        if status != 200:
            sys.exit(f"lookup answered {status}: {data[:300]!r}")
    lookup_s = time.perf_counter() - t4
    print(json.dumps({"identities": args.count, "panel_total_s": round(panel_s, 1),
                      "panel_preview_s": round(t_preview, 1), "panel_import_s": round(t_import, 1),
                      "raw_sequential_s": round(raw_s, 1), "raw_per_identity_ms": round(raw_s * 1000 / args.count, 2),
                      "ratio": round(panel_s / raw_s, 3),
                      "batch_size": args.batch, "parallel_batches": args.parallel, "raw_batch_only_s": round(batch_s, 1), "ratio_raw_batch_to_sequential": round(batch_s / raw_s, 3),
                      "raw_sequential_lookups_s": round(lookup_s, 1)}, indent=2))


def closed_loop(base, clients, path, seconds):
    """len(clients) threads, each on its own keep-alive connection with its own headers, GET path
    back-to-back until the deadline. Returns throughput, latency percentiles and errors (any answer
    other than 200, or a failed connection, counts as an error and the loop goes on)."""
    lock = threading.Lock()
    latencies, errors = [], {}
    start = threading.Barrier(len(clients) + 1)
    window = {}

    def client(headers):
        conn = connection(base)
        conn.timeout = 30
        mine, mine_errors = [], {}
        start.wait()
        deadline = window["deadline"]
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            try:
                status, _, _ = request(conn, "GET", path, headers=headers)
            except (OSError, http.client.HTTPException) as e:
                status = type(e).__name__
                conn.close()
                conn = connection(base)
            if status == 200:
                mine.append((time.perf_counter() - t0) * 1000)
            else:
                mine_errors[str(status)] = mine_errors.get(str(status), 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for k, v in mine_errors.items():
                errors[k] = errors.get(k, 0) + v

    threads = [threading.Thread(target=client, args=(h,), daemon=True) for h in clients]
    for t in threads:
        t.start()
    window["deadline"] = time.monotonic() + seconds
    t_start = time.monotonic()
    start.wait()
    for t in threads:
        t.join(seconds + 60)  # bounded: a request stuck past its 30 s timeout cannot hold the run
    elapsed = time.monotonic() - t_start
    n_err = sum(errors.values())
    return {"requests": len(latencies), "errors": n_err, "error_kinds": errors,
            "throughput_rps": round(len(latencies) / elapsed, 1),
            "p50_ms": round(percentile(latencies, 50), 2) if latencies else None,
            "p99_ms": round(percentile(latencies, 99), 2) if latencies else None}


def concurrency(args):
    """For each level N: N signed-in administrators (each its own panel session, signed in one after
    another before the run) request the identity list page in a closed loop for args.seconds, then N
    raw clients make the equivalent Kratos admin call for the same time (back to back per level, so
    both sides see the same machine and data). Per level: throughput, p50/p99, errors, ratios."""
    levels = [int(n) for n in args.levels.split()]
    size = args.page_size
    print(f"  signing in {max(levels)} administrator sessions...", file=sys.stderr, flush=True)
    sessions = [{"Cookie": sign_in(args.panel, args.admin_email, args.admin_password), "Accept": "text/html"}
                for _ in range(max(levels))]
    raw_headers = {"Accept": "application/json"}
    panel_path = f"/identities?size={size}"
    raw_path = f"/admin/identities?page_size={size}"
    # warm both sides (JIT, connection pools, database cache) before the first timed level
    closed_loop(args.panel, sessions[:4], panel_path, args.warmup_seconds)
    closed_loop(args.kratos_admin, [raw_headers] * 4, raw_path, args.warmup_seconds)
    results = []
    for n in levels:
        print(f"  {n} concurrent clients, {args.seconds:g} s per side...", file=sys.stderr, flush=True)
        panel = closed_loop(args.panel, sessions[:n], panel_path, args.seconds)
        raw = closed_loop(args.kratos_admin, [raw_headers] * n, raw_path, args.seconds)

        def ratio(a, b):
            return round(a / b, 2) if a is not None and b else None

        results.append({"clients": n, "panel": panel, "raw": raw,
                        "ratio_throughput": ratio(panel["throughput_rps"], raw["throughput_rps"]),
                        "ratio_p50": ratio(panel["p50_ms"], raw["p50_ms"]),
                        "ratio_p99": ratio(panel["p99_ms"], raw["p99_ms"])})
    print(json.dumps({"page_size": size, "seconds_per_side": args.seconds, "sessions": "one per client",
                      "panel_path": panel_path, "raw_path": raw_path, "levels": results}, indent=2))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("seed")
    s.add_argument("--kratos-admin", required=True)
    s.add_argument("--count", type=int, required=True)
    s.add_argument("--state", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--kratos-admin", required=True)
    m.add_argument("--panel", required=True)
    m.add_argument("--admin-email", required=True)
    m.add_argument("--admin-password", required=True)
    m.add_argument("--page-size", type=int, default=100)
    m.add_argument("--requests", type=int, default=300)
    m.add_argument("--warmup", type=int, default=50)
    m.add_argument("--search-requests", type=int, default=0)
    m.add_argument("--search-warmup", type=int, default=2)
    m.add_argument("--state", required=True)
    w = sub.add_parser("writers")
    w.add_argument("--kratos-admin", required=True)
    w.add_argument("--panel", required=True)
    w.add_argument("--admin-email", required=True)
    w.add_argument("--admin-password", required=True)
    w.add_argument("--writers", type=int, default=8)
    w.add_argument("--seconds", type=float, default=60)
    e = sub.add_parser("export")
    e.add_argument("--kratos-admin", required=True)
    e.add_argument("--panel", required=True)
    e.add_argument("--admin-email", required=True)
    e.add_argument("--admin-password", required=True)
    e.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    e.add_argument("--repeats", type=int, default=3)
    c = sub.add_parser("concurrency")
    c.add_argument("--kratos-admin", required=True)
    c.add_argument("--panel", required=True)
    c.add_argument("--admin-email", required=True)
    c.add_argument("--admin-password", required=True)
    c.add_argument("--page-size", type=int, default=100)
    c.add_argument("--levels", default="1 2 4 8 16 32 64")
    c.add_argument("--seconds", type=float, default=15)
    c.add_argument("--warmup-seconds", type=float, default=5)
    i = sub.add_parser("import")
    i.add_argument("--kratos-admin", required=True)
    i.add_argument("--panel", required=True)
    i.add_argument("--admin-email", required=True)
    i.add_argument("--admin-password", required=True)
    i.add_argument("--count", type=int, default=10000)
    i.add_argument("--batch", type=int, default=250)
    i.add_argument("--parallel", type=int, default=2, help="batch requests in flight (the panel's parallel-batches)")
    args = parser.parse_args()
    {"seed": seed, "measure": measure, "writers": writers, "export": export,
     "concurrency": concurrency, "import": importer}[args.command](args)


if __name__ == "__main__":
    main()
