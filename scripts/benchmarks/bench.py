#!/usr/bin/env python3
"""nkq's benchmarks, each side by side with a baseline from the same run.

1 calls    the suite (scripts/benchmarks/suite.json): nkq's calls, the API's minimum, the baseline client's
2 quota    one statement of >= 100 calls under 20 calls / 2 s: wall time vs the time the limit imposes, 429s
3 local    where, select, sort | limit, group by, count over 200,000 and 1,000,000 NDJSON and CSV rows:
           nkq vs DuckDB (read_json / read_csv) and jq (NDJSON only), the rows of all three compared
4 startup  a one-call statement with -c vs curl doing the token request and the call
5 memory   peak RSS of --format ndjson for 1,000,000 rows vs 1,000 rows (and jq -c .)
6 swift    the Swift micro-benchmarks of Sources/nkq-bench (release), each reported, failures too

Run through scripts/bench, which builds nkq in release first. Prints one table per benchmark
and writes everything to scripts/benchmarks/results/latest.json. Exit status 1 when a check failed (rows
differ from the baseline's, nkq failed, a benchmark could not run).
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import baseline_client  # noqa: E402
import datagen  # noqa: E402
import harness as h  # noqa: E402
import mincalls  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = 42
# A limit far above anything the benchmarks send, where the rate limit is not the subject.
OPEN_LIMIT = "100000/1"


class Bench:
    def __init__(self, args):
        self.args = args
        self.nkq = os.path.abspath(args.nkq)
        self.work = os.path.abspath(args.work)
        os.makedirs(self.work, exist_ok=True)
        self.problems = []
        self.results = {"machine": h.machine(), "commit": h.git_commit(ROOT),
                        "startedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "benchmarks": {}}
        self.env = h.nkq_env()

    def problem(self, text):
        text = " | ".join(line.strip() for line in text.splitlines() if line.strip())
        print(f"PROBLEM: {text}", file=sys.stderr)
        self.problems.append(text)

    def nkq_statement(self, sim, statement, fmt="json", extra=(), timeout=300):
        """Runs one statement in its own process; returns (Run, stats of the statement or None)."""
        stats_path = os.path.join(self.work, "stats.ndjson")
        if os.path.exists(stats_path):
            os.unlink(stats_path)
        argv = [self.nkq, "-c", statement, "--format", fmt, "--stats-file", stats_path, *extra]
        if sim is not None:
            argv += sim.target_args()
        r = h.run(argv, env=self.env, timeout=timeout)
        stats = h.read_stats(stats_path)
        return r, (stats[-1] if stats else None)

    # ------------------------------------------------------------------ 1: calls

    def calls(self):
        suite = json.load(open(os.path.join(HERE, "suite.json")))
        rows_out = []
        with h.Sim(self.nkq, "--seed", SEED, "--rate-limit", OPEN_LIMIT, label="calls") as sim:
            oracle = mincalls.Oracle(sim.client())
            for item in suite:
                task = item["task"]
                r, stats = self.nkq_statement(sim, item["statement"], extra=["--no-cache"])
                nkq_rows = None
                if r.returncode != 0 or stats is None:
                    self.problem(f"calls/{item['name']}: nkq exit {r.returncode}: {r.stderr.strip()[:300]}")
                else:
                    try:
                        values = h.json_values(r.stdout)
                        nkq_rows = values[0] if values else []
                    except json.JSONDecodeError as e:
                        self.problem(f"calls/{item['name']}: nkq's output is not JSON ({e}): {r.stdout[:200]}")
                client = sim.client()
                base_rows = baseline_client.run_task(client, task)
                minimum, formula, exact = mincalls.minimum(task, oracle)
                same = None
                if nkq_rows is not None:
                    lost, extra = h.row_difference(base_rows, nkq_rows)
                    same = lost == 0 and extra == 0
                    if not same:
                        self.problem(f"calls/{item['name']}: nkq's rows differ from the baseline's "
                                     f"({lost} missing, {extra} extra)")
                nkq_calls = stats["calls"] if stats else None
                if nkq_calls is not None and exact and nkq_calls < minimum:
                    self.problem(f"calls/{item['name']}: nkq made {nkq_calls} calls, below the computed minimum "
                                 f"{minimum}: the formula or the counting is wrong")
                rows_out.append({
                    "name": item["name"], "statement": item["statement"], "nkqCalls": nkq_calls,
                    "minimumCalls": minimum, "minimumExact": exact, "minimumFormula": formula,
                    "baselineCalls": client.calls, "nkqRows": len(nkq_rows) if nkq_rows is not None else None,
                    "baselineRows": len(base_rows), "sameRows": same,
                    "nkqOverMinimum": h.ratio(nkq_calls, minimum), "baselineOverNkq": h.ratio(client.calls, nkq_calls),
                })
        h.table("1. Calls (nkq vs the API's minimum vs the baseline client)",
                ["statement", "nkq", "minimum", "baseline", "nkq/min", "baseline/nkq", "rows (baseline)", "same rows"],
                [[x["name"], x["nkqCalls"], f"{x['minimumCalls']}" + ("" if x["minimumExact"] else "*"),
                  x["baselineCalls"], x["nkqOverMinimum"], x["baselineOverNkq"], x["baselineRows"], x["sameRows"]]
                 for x in rows_out])
        # A total over some statements only would compare unlike sums: None unless all are there.
        totals = {k: (None if any(x[k] is None for x in rows_out) else sum(x[k] for x in rows_out))
                  for k in ("nkqCalls", "minimumCalls", "baselineCalls")}
        print(f"  total: nkq {totals['nkqCalls']}, minimum {totals['minimumCalls']}, baseline {totals['baselineCalls']}"
              f" (baseline/nkq {h.fmt(h.ratio(totals['baselineCalls'], totals['nkqCalls']))});"
              "  * = lower bound, see docs/performance.md")
        self.results["benchmarks"]["calls"] = {"statements": rows_out, "totals": totals}

    # ------------------------------------------------------------------ 2: quota

    QUOTA_LIMIT, QUOTA_WINDOW = 20, 2

    QUOTA_NOBBS = list(range(40000001, 40002001))

    def quota_statement(self):
        """2,000 NOBB numbers: 100 calls of 20 for nkq and for the baseline alike, so that only
        the waiting differs (the baseline's one-item-a-call habit would be 2,000 calls)."""
        statement = "get prices where nobb in (" + ", ".join(map(str, self.QUOTA_NOBBS)) + ") | count"
        return statement, {"resource": "prices", "nobbNumbers": self.QUOTA_NOBBS, "count": True}

    def quota_bound(self, calls):
        """The least wall time a fixed window of 20 calls per 2 s allows for `calls` calls on a
        fresh simulator, however the windows fall (the nominal figure).

        Each window takes 20 calls, so ceil(calls/20) windows are needed and all but the last
        are waited out: (ceil(calls/20) - 1) * 2 s. The simulator starts a window on the whole
        second before its first call, so the first window can be up to 1 s short: minus 1 s.
        """
        if not calls:
            return None
        return max(0, (math.ceil(calls / self.QUOTA_LIMIT) - 1) * self.QUOTA_WINDOW - 1)

    def quota_imposed(self, calls, left, reset_at, launched):
        """The seconds the limit imposes on one run: from `launched` until the window that takes
        the last of `calls` opens, when `left` calls fit in the window that ends at `reset_at`
        (UNIX seconds) and each window after it takes 20 and lasts 2 s."""
        if calls <= left:
            return 0.0
        windows_after = math.ceil((calls - left) / self.QUOTA_LIMIT)
        return max(0.0, reset_at + (windows_after - 1) * self.QUOTA_WINDOW - launched)

    def open_window(self, sim):
        """Opens the client's window with one call of the bench's own, so that the run's windows
        fall on a known grid: returns (calls left in it, its reset in UNIX seconds, the call's
        round trip in seconds)."""
        client = sim.client()
        client.fetch_token()
        req = urllib.request.Request(sim.endpoint + "/v1/zones?suppliers=10012",
                                     headers={"Authorization": "Bearer " + client.token, "Accept": "application/json"})
        started = time.monotonic()
        with urllib.request.urlopen(req, timeout=30) as resp:
            resp.read()
            headers = resp.headers
        return int(headers["x-ratelimit-remaining"]), int(headers["x-ratelimit-reset"]), time.monotonic() - started

    def quota(self):
        statement, task = self.quota_statement()
        limit = f"{self.QUOTA_LIMIT}/{self.QUOTA_WINDOW}"
        shown = f"get prices where nobb in ({self.QUOTA_NOBBS[0]}, …, {self.QUOTA_NOBBS[-1]}) | count"
        out = {"statement": shown, "rateLimit": limit}
        needed = math.ceil(len(task["nobbNumbers"]) / mincalls.NOBBS)
        # Each side gets its own simulator, its window opened by one call of the bench just before
        # it starts, so that neither starts in a window the other spent and the time the limit
        # imposes on the run is known to the millisecond (a fresh window's first second is cut
        # short by however far into its second the first call falls).
        with h.Sim(self.nkq, "--seed", SEED, "--rate-limit", limit, label="quota-nkq") as sim:
            left, reset_at, round_trip = self.open_window(sim)
            launched = time.time()
            r, stats = self.nkq_statement(sim, statement, extra=["--no-cache"], timeout=240)
            by_status = sim.stats().get("byStatus", {})
        if r.returncode != 0 or stats is None:
            self.problem(f"quota: nkq exit {r.returncode}: {r.stderr.strip()[:300]}")
        ok = r.returncode == 0 and stats is not None
        calls = stats["calls"] if stats else None
        served_429 = int(by_status.get("429", 0))
        imposed = self.quota_imposed(needed, left, reset_at, launched)
        goal = 1.05 * imposed + round_trip
        nkq_seconds = round(r.seconds, 3) if ok else None
        out.update({"nkqCalls": calls, "nkqWallSeconds": nkq_seconds, "neededCalls": needed,
                    "nkqElapsedSeconds": stats.get("elapsedSeconds") if stats else None,
                    "nkqWaitedSeconds": stats.get("waitedSeconds") if stats else None,
                    "nkq429Served": served_429, "nkqThrottledReported": stats.get("throttled") if stats else None,
                    "lowerBoundSeconds": self.quota_bound(needed), "firstWindowLeft": left,
                    "imposedSeconds": round(imposed, 3), "roundTripSeconds": round(round_trip, 4),
                    "goalSeconds": round(goal, 3), "nkqWithinGoal": ok and r.seconds <= goal})
        with h.Sim(self.nkq, "--seed", SEED, "--rate-limit", limit, label="quota-baseline") as sim:
            base_left, base_reset, _ = self.open_window(sim)
            client = sim.client()
            launched = time.time()
            started = time.monotonic()
            base_rows = 0
            for i in range(0, len(task["nobbNumbers"]), 20):
                base_rows += len(client.get("/v1/prices", {"nobbNumbers": ",".join(map(str, task["nobbNumbers"][i:i + 20]))}))
            base_seconds = time.monotonic() - started
            base_429 = int(sim.stats().get("byStatus", {}).get("429", 0))
        base_imposed = self.quota_imposed(needed, base_left, base_reset, launched)
        out.update({"baselineCalls": client.calls, "baselineWallSeconds": round(base_seconds, 3),
                    "baseline429Served": base_429, "baselineRows": base_rows,
                    "baselineImposedSeconds": round(base_imposed, 3)})
        try:
            nkq_rows = h.json_values(r.stdout)[0] if ok and r.stdout.strip() else None
        except json.JSONDecodeError as e:
            nkq_rows = None
            self.problem(f"quota: nkq's output is not JSON ({e})")
        nkq_count = nkq_rows[0].get("count") if nkq_rows and isinstance(nkq_rows[0], dict) else None
        out["nkqRows"] = nkq_count
        if nkq_count is not None and nkq_count != base_rows:
            self.problem(f"quota: nkq counted {nkq_count} rows, the baseline got {base_rows}")
        if served_429:
            self.problem(f"quota: the simulator served nkq {served_429} 429s (goal 0)")
        if ok and r.seconds > goal:
            self.problem(f"quota: nkq took {r.seconds:.2f} s, over the goal of 1.05 x {imposed:.2f} s + {round_trip * 1000:.1f} ms")
        h.table(f"2. Quota ({limit}): {out['statement']}",
                ["", "nkq", "baseline", "baseline/nkq"],
                [["calls", calls, client.calls, h.ratio(client.calls, calls)],
                 ["wall seconds", nkq_seconds, base_seconds, h.ratio(base_seconds, nkq_seconds)],
                 ["429s served", served_429 if ok else None, base_429, None],
                 [f"seconds the limit imposes ({needed} calls)", round(imposed, 3), round(base_imposed, 3), None],
                 ["wall / imposed", h.ratio(nkq_seconds, imposed), h.ratio(base_seconds, base_imposed), None],
                 ["goal: 1.05 x imposed + a round trip", round(goal, 3), None, None]])
        self.results["benchmarks"]["quota"] = out

    # ------------------------------------------------------------------ 3: local work

    # Each case: nkq's stages after `get file 'FILE'`, DuckDB's query over SRC (`read_json` or
    # `read_csv` of the file), jq's filter over the NDJSON file (jq cannot read CSV), and
    # whether the statement defines the order of its rows (otherwise rows compare as sets).
    LOCAL_CASES = {
        "where": {
            "nkq": "where amount >= 900 and supplier != 10001",
            "sql": "SELECT * FROM SRC WHERE amount >= 900 AND supplier <> 10001",
            "jq": "jq -c 'select(.amount >= 900 and .supplier != 10001)' FILE",
            "ordered": False},
        "select": {
            "nkq": "select id, supplier, amount",
            "sql": "SELECT id, supplier, amount FROM SRC",
            "jq": "jq -c '{id, supplier, amount}' FILE",
            "ordered": False},
        "top": {
            "nkq": "where amount >= 900 and supplier != 10001 | sort amount desc, id asc | select id, supplier, amount "
                   "| limit 10",
            "sql": "SELECT id, supplier, amount FROM SRC WHERE amount >= 900 AND supplier <> 10001 "
                   "ORDER BY amount DESC, id ASC LIMIT 10",
            # jq filters while streaming and sorts only the survivors: the fastest way to write it in jq.
            "jq": "jq -c 'select(.amount >= 900 and .supplier != 10001)' FILE "
                  "| jq -c -s 'sort_by(-.amount, .id) | .[:10][] | {id, supplier, amount}'",
            "ordered": True},
        "group": {
            "nkq": "group by supplier with count() as n, sum(amount) as total",
            # Exact sums, as nkq's are (DuckDB reads the amounts as DOUBLE).
            "sql": "SELECT supplier, count(*) AS n, sum(amount::DECIMAL(18, 2)) AS total FROM SRC GROUP BY supplier",
            "jq": "jq -c -n 'reduce inputs as $r ({}; .[$r.supplier | tostring] |= (.n += 1 | .total += $r.amount)) "
                  "| to_entries[] | {supplier: (.key | tonumber), n: .value.n, total: .value.total}' FILE",
            "ordered": False},
        "count": {
            "nkq": "where amount >= 500 | count",
            "sql": "SELECT count(*) AS count FROM SRC WHERE amount >= 500",
            "jq": "jq -c -n 'reduce (inputs | select(.amount >= 500)) as $r (0; . + 1) | {count: .}' FILE",
            "ordered": True},
    }
    LOCAL_LAYOUTS = ("ndjson", "csv")
    DUCKDB_READERS = {"ndjson": "read_json", "csv": "read_csv"}
    DUCKDB_SCRIPT = "import sys, duckdb; duckdb.execute(sys.argv[1])"

    def duckdb_python(self):
        """The virtual environment's Python with the duckdb package (scripts/bench installs it)."""
        python = os.path.join(ROOT, ".build-bench", "venv", "bin", "python")
        if not os.access(python, os.X_OK):
            return None
        r = h.run([python, "-c", "import duckdb; print(duckdb.__version__)"], timeout=120)
        if r.returncode != 0:
            return None
        self.results["machine"]["duckdb"] = r.stdout.strip()
        return python

    def local_commands(self, case, layout, path, out, python):
        """(nkq argv, DuckDB argv or None, jq argv or None) for one case over one file."""
        spec = self.LOCAL_CASES[case]
        nkq = [self.nkq, "-c", f"get file '{path}' | {spec['nkq']}", "--format", "ndjson"]
        duck = None
        if python:
            source = f"{self.DUCKDB_READERS[layout]}('{path}')"
            query = spec["sql"].replace("SRC", source)
            duck = [python, "-c", self.DUCKDB_SCRIPT, f"COPY ({query}) TO '{out}' (FORMAT json)"]
        jq = None
        if layout == "ndjson":
            jq = ["bash", "-o", "pipefail", "-c", spec["jq"].replace("FILE", f"'{path}'")]
        return nkq, duck, jq

    def local_side(self, label, argv, runs, out, writes_file=False):
        """Runs one side `runs` times; returns (median wall s, median CPU s, peak RSS KiB, rows) or None."""
        walls, cpus, peaks, rows = [], [], [], None
        for _ in range(runs):
            if os.path.exists(out):
                os.unlink(out)
            r, cpu, kib = h.timed(argv, env=self.env, stdout_path=os.devnull if writes_file else out, timeout=600)
            if r.returncode != 0:
                self.problem(f"local/{label}: exit {r.returncode}: {r.stderr.strip()[-300:]}")
                return None
            walls.append(r.seconds)
            if cpu is not None:
                cpus.append(cpu)
                peaks.append(kib)
        try:
            with open(out) as f:
                rows = h.ndjson_rows(f.read())
        except (OSError, json.JSONDecodeError) as e:
            self.problem(f"local/{label}: the output is not NDJSON ({e})")
            return None
        return h.median(walls), h.median(cpus), max(peaks) if peaks else None, rows

    def local(self):
        python = self.duckdb_python()
        if python is None:
            self.problem("local: DuckDB is missing: scripts/bench installs it into .build-bench/venv")
        cases = [c for c in self.args.local_cases if c in self.LOCAL_CASES]
        load = [round(os.getloadavg()[0], 1)]
        out = []
        for layout in self.LOCAL_LAYOUTS:
            for n in self.args.local_rows:
                path = datagen.rows_file(self.work, n, layout)
                runs = self.args.runs if n <= 200_000 else 1
                for case in cases:
                    label = f"{case}/{layout}/{n}"
                    outs = {side: os.path.join(self.work, f"out-{side}.ndjson") for side in ("nkq", "duckdb", "jq")}
                    nkq, duck, jq = self.local_commands(case, layout, path, outs["duckdb"], python)
                    sides = {"nkq": self.local_side(f"{label}/nkq", nkq, runs, outs["nkq"])}
                    sides["duckdb"] = duck and self.local_side(f"{label}/duckdb", duck, runs, outs["duckdb"], writes_file=True)
                    sides["jq"] = jq and self.local_side(f"{label}/jq", jq, runs, outs["jq"])
                    ordered = self.LOCAL_CASES[case]["ordered"]
                    reference = [h.normalised(r) for r in sides["duckdb"][3]] if sides["duckdb"] else None
                    same = {}
                    for side in ("nkq", "jq"):
                        if not sides[side] or reference is None:
                            same[side] = None
                            continue
                        mine = [h.normalised(r) for r in sides[side][3]]
                        same[side] = mine == reference if ordered else sorted(mine) == sorted(reference)
                        if not same[side]:
                            self.problem(f"local/{label}: {side}'s rows differ from DuckDB's "
                                         f"({len(mine)} vs {len(reference)} rows)")
                    def part(side, i):
                        return sides[side][i] if sides[side] else None
                    x = {"case": case, "layout": layout, "rows": n, "runs": runs,
                         "outputRows": len(reference) if reference is not None else None,
                         "nkqSeconds": part("nkq", 0), "duckdbSeconds": part("duckdb", 0), "jqSeconds": part("jq", 0),
                         "nkqCPUSeconds": part("nkq", 1), "duckdbCPUSeconds": part("duckdb", 1), "jqCPUSeconds": part("jq", 1),
                         "nkqPeakKiB": part("nkq", 2), "duckdbPeakKiB": part("duckdb", 2), "jqPeakKiB": part("jq", 2),
                         "nkqSameAsDuckdb": same["nkq"], "jqSameAsDuckdb": same["jq"]}
                    x["nkqOverDuckdb"] = h.ratio(x["nkqSeconds"], x["duckdbSeconds"])
                    x["jqOverDuckdb"] = h.ratio(x["jqSeconds"], x["duckdbSeconds"])
                    out.append(x)
                    print(f"  {label}: nkq {h.fmt(x['nkqSeconds'])} s, DuckDB {h.fmt(x['duckdbSeconds'])} s, "
                          f"jq {h.fmt(x['jqSeconds'])} s", file=sys.stderr)
        h.table("3. Local work: nkq, DuckDB and jq over the same file (median wall seconds; jq reads NDJSON only)",
                ["case", "file", "rows", "nkq s", "DuckDB s", "jq s", "nkq/DuckDB", "jq/DuckDB", "nkq CPU s",
                 "nkq peak KiB", "same rows"],
                [[x["case"], x["layout"], x["rows"], x["nkqSeconds"], x["duckdbSeconds"], x["jqSeconds"], x["nkqOverDuckdb"],
                  x["jqOverDuckdb"], x["nkqCPUSeconds"], x["nkqPeakKiB"],
                  x["nkqSameAsDuckdb"] and x["jqSameAsDuckdb"] in (True, None)] for x in out])
        load.append(round(os.getloadavg()[0], 1))
        self.results["benchmarks"]["local"] = {
            "cases": {c: {k: v for k, v in self.LOCAL_CASES[c].items()} for c in cases}, "results": out,
            "loadAverage": load, "duckdb": self.results["machine"].get("duckdb")}

    # ------------------------------------------------------------------ 4: start-up

    STARTUP_STATEMENT = "get zones where supplier = 10012"
    CURL_SCRIPT = r'''
set -euo pipefail
answer=$(curl -sf -X POST --data-urlencode grant_type=client_credentials \
  --data-urlencode "client_id=$NKQ_CLIENT_ID" --data-urlencode "client_secret=$NKQ_CLIENT_SECRET" "$TOKEN_URL")
[[ $answer =~ \"access_token\"[[:space:]]*:[[:space:]]*\"([^\"]+)\" ]]
curl -sf -H "Authorization: Bearer ${BASH_REMATCH[1]}" "$ENDPOINT/v1/zones?suppliers=10012"
'''

    def startup(self):
        runs = max(self.args.runs * 3, 5)
        with h.Sim(self.nkq, "--seed", SEED, "--rate-limit", OPEN_LIMIT, label="startup") as sim:
            env = dict(self.env, TOKEN_URL=sim.token_url, ENDPOINT=sim.endpoint)
            nkq_argv = [self.nkq, "-c", self.STARTUP_STATEMENT, "--format", "json", *sim.target_args()]
            curl_argv = ["bash", "-c", self.CURL_SCRIPT]
            tool = "hyperfine" if shutil.which("hyperfine") else "python timing loop"
            nkq_times, curl_times = [], []
            nkq_out = curl_out = None
            for _ in range(runs):  # interleaved, so drift hits both sides alike
                for argv, times, side in ((nkq_argv, nkq_times, "nkq"), (curl_argv, curl_times, "curl")):
                    if times is None:
                        continue
                    r = h.run(argv, env=env, timeout=60)
                    if r.returncode != 0:
                        self.problem(f"startup: {side} exit {r.returncode}: {r.stderr.strip()[:200]}")
                        if side == "nkq":
                            nkq_times = None
                        else:
                            curl_times = None
                        continue
                    times.append(r.seconds)
                    if side == "nkq":
                        nkq_out = r.stdout
                    else:
                        curl_out = r.stdout
            nkq_times, curl_times = nkq_times or [], curl_times or []
            if tool == "hyperfine" and nkq_times:
                nkq_times, curl_times = self.hyperfine(nkq_argv, curl_argv, env, runs) or (nkq_times, curl_times)
        same = None
        if nkq_out is not None and curl_out is not None:
            try:
                nkq_rows = h.json_values(nkq_out)
                same = [h.canonical(x) for x in (nkq_rows[0] if nkq_rows else [])] == \
                    [h.canonical(x) for x in json.loads(curl_out)]
            except json.JSONDecodeError as e:
                same = False
                self.problem(f"startup: output is not JSON ({e})")
            if not same:
                self.problem("startup: nkq's rows differ from curl's")
        out = {"statement": self.STARTUP_STATEMENT, "runs": len(nkq_times), "timing": tool,
               "nkqMedianSeconds": h.median(nkq_times), "curlMedianSeconds": h.median(curl_times),
               "nkqOverCurl": h.ratio(h.median(nkq_times), h.median(curl_times)), "sameRows": same}
        h.table(f"4. Start-up: one call with -c vs curl (token + call), median of {max(len(nkq_times), len(curl_times))} ({tool})",
                ["", "nkq", "curl", "nkq/curl", "same rows"],
                [["milliseconds", ms(out["nkqMedianSeconds"]), ms(out["curlMedianSeconds"]), out["nkqOverCurl"], same]])
        self.results["benchmarks"]["startup"] = out

    def hyperfine(self, nkq_argv, curl_argv, env, runs):
        """The same comparison through hyperfine, when it is installed; None if it fails."""
        import shlex
        export = os.path.join(self.work, "hyperfine.json")
        script = os.path.join(self.work, "curl-startup.sh")
        with open(script, "w") as f:
            f.write(self.CURL_SCRIPT)
        commands = [shlex.join(nkq_argv), shlex.join(["bash", script])]
        r = h.run(["hyperfine", "-N", "--warmup", "2", "--runs", str(runs), "--export-json", export, *commands],
                  env=env, timeout=300)
        if r.returncode != 0:
            return None
        data = json.load(open(export))["results"]
        return data[0]["times"], data[1]["times"]

    # ------------------------------------------------------------------ 5: memory

    def memory(self):
        out = {}
        for n in (1_000, 1_000_000):
            path = datagen.rows_file(self.work, n)
            r, kib = h.peak_rss_kib([self.nkq, "-c", f"get file '{path}'", "--format", "ndjson"], env=self.env)
            if r.returncode != 0 or kib is None:
                self.problem(f"memory/{n}: nkq exit {r.returncode}: {r.stderr.strip()[-300:]}")
            out[f"nkq{n}"] = kib
        path = datagen.rows_file(self.work, 1_000_000)
        j, jq_kib = h.peak_rss_kib(["jq", "-c", ".", path])
        out["jq1000000"] = jq_kib
        out["nkqRatio"] = h.ratio(out["nkq1000000"], out["nkq1000"])
        h.table("5. Memory: peak RSS (KiB) of --format ndjson from a file source",
                ["rows", "nkq KiB", "jq -c . KiB", "jq/nkq"],
                [[1_000, out["nkq1000"], None, None],
                 [1_000_000, out["nkq1000000"], jq_kib, h.ratio(jq_kib, out["nkq1000000"])],
                 ["1M / 1k", out["nkqRatio"], None, None]])
        self.results["benchmarks"]["memory"] = out

    # ------------------------------------------------------------------ 6: Swift micro-benchmarks

    SWIFT_BENCHES = ("output", "parse", "local")

    def swift(self):
        """Runs `nkq-bench NAME` for each micro-benchmark; scripts/bench built it in release
        next to nkq (the same build, so no second compile of the dependencies)."""
        binary = os.path.join(os.path.dirname(self.nkq), "nkq-bench")
        out = []
        if not os.access(binary, os.X_OK):
            self.problem(f"swift: {binary} is missing; build it with `swift build -c release --product nkq-bench`")
        else:
            for name in self.SWIFT_BENCHES:
                r = h.run([binary, name], env=dict(os.environ, BENCH_WORK=self.work), timeout=300)
                status = "ok" if r.returncode == 0 else f"exit {r.returncode}"
                if r.returncode != 0:
                    self.problem(f"swift/{name}: {status}: {r.stderr.strip()[-300:]}")
                out.append({"name": name, "status": status, "seconds": round(r.seconds, 3), "output": r.stdout.strip()})
        print("\n6. Swift micro-benchmarks (Sources/nkq-bench, release)")
        for x in out:
            print(f"-- nkq-bench {x['name']}: {x['status']} in {x['seconds']:.1f} s")
            if x.get("output"):
                print("   " + x["output"].replace("\n", "\n   "))
        self.results["benchmarks"]["swift"] = {"programs": out}


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


STEPS = {"1": "calls", "2": "quota", "3": "local", "4": "startup", "5": "memory", "6": "swift"}


def carry_over(results, path):
    """Keeps the earlier results of the benchmarks this run left out (`--only`), each still
    marked with the commit and date it ran at, so that a partial run does not erase the rest."""
    try:
        with open(path) as f:
            earlier = json.load(f)
    except (OSError, ValueError):
        return
    for name, result in (earlier.get("benchmarks") or {}).items():
        if name in results["benchmarks"] or not isinstance(result, dict):
            continue
        result.setdefault("ran", {"commit": earlier.get("commit"), "startedAt": earlier.get("startedAt")})
        results["benchmarks"][name] = result
        results["problems"] += [p for p in earlier.get("problems") or [] if p.split(":")[0].split("/")[0] == name]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nkq", default=os.path.join(ROOT, ".build", "release", "nkq"))
    ap.add_argument("--only", default="1,2,3,4,5,6", help="comma-separated benchmark numbers")
    ap.add_argument("--work", default=os.path.join(ROOT, ".build-bench"), help="generated files (kept for reuse)")
    ap.add_argument("--out", default=os.path.join(HERE, "results", "latest.json"))
    ap.add_argument("--runs", type=int, default=3, help="runs per timing (start-up uses 3x)")
    ap.add_argument("--local-rows", type=lambda s: [int(x) for x in s.split(",")], default=[200_000, 1_000_000])
    ap.add_argument("--local-cases", type=lambda s: s.split(","), default=list(Bench.LOCAL_CASES),
                    help="benchmark 3's cases: " + ",".join(Bench.LOCAL_CASES))
    ap.add_argument("--publish", action="store_true", help="also write the numbers into docs/performance.md")
    args = ap.parse_args()
    bench = Bench(args)
    started = time.monotonic()
    for number in args.only.split(","):
        name = STEPS[number.strip()]
        step_started = time.monotonic()
        try:
            getattr(bench, name)()
        except Exception as e:  # one broken benchmark must not hide the others' numbers
            bench.problem(f"{name}: {type(e).__name__}: {e}")
        took = round(time.monotonic() - step_started, 1)
        if isinstance(bench.results["benchmarks"].get(name), dict):
            bench.results["benchmarks"][name]["seconds"] = took
        print(f"  ({name} took {took} s)")
    bench.results["seconds"] = round(time.monotonic() - started, 1)
    bench.results["problems"] = bench.problems
    for result in bench.results["benchmarks"].values():
        if isinstance(result, dict):
            result["ran"] = {"commit": bench.results["commit"], "startedAt": bench.results["startedAt"]}
    carry_over(bench.results, args.out)
    return h.write_results(bench.results, args.out, args.publish, bench.problems, "problem(s)")


if __name__ == "__main__":
    sys.exit(main())
