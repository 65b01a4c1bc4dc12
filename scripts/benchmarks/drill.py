#!/usr/bin/env python3
"""nkq's fault drills.

Drill: the same fixed statements run twice with --format ndjson, once against a clean
simulator and once against one with --fault-rate 0.2, --token-ttl 2, a tight --rate-limit and
a second client (same client id) spending the same quota from another thread. Per statement:
exit status, rows lost and rows repeated against the clean run, 429s and retries nkq
reported, and whether the client secret or a token leaked into the output.

Fault rates (part of `--only faults`): `get contracts | count` fifty times against an API that
fails one call in five, once at one in two, and once against an API that fails every call:
complete with the clean count, complete, and give up within a minute after a bounded number
of calls.

Fuzz: thousands of random and mutated statements in one file, run by one
`nkq -f FILE --continue-on-error --format json` process against a simulator: no crash (exit
status 0..3, no signal), and every `error:` on stderr is followed by its `--> FILE:LINE:COL`.

Hostile input (`--only hostile`, part of the default run): statements made to hurt (chains of
thousands of `and`s, nesting far past the cap, a stage keyword repeated thousands of times, long
malformed lines), each at four sizes (1x, 2x, 4x, 8x `--hostile-size`): no crash, and time that
grows linearly with the size (8x the input may take at most 16x the time, after nkq's start-up).

Prints a summary table; exit status 1 if anything unexpected happened. Run via scripts/drill.
"""

import argparse
import json
import os
import re
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import baseline_client  # noqa: E402
import fuzz  # noqa: E402
import harness as h  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = 7

# The fault-rate cases' statement: every contract, one call a page (342 with seed 7).
RATE_STATEMENT = "get contracts | count"

STATEMENTS = [
    "get contracts where supplier = 10012",
    "get contracts where supplier = 10002",
    "get contracts where supplier = 10003 | select contractId, text",
    "get contracts where supplier = 10004 | select contractId, lastModified",
    "get contracts where supplier in (10001, 10002, 10003, 10004, 10012, 10017, 10020, 10021, 10022, 10023, 10024, 10025) | select contractId",
    "get conditions where supplier in (10012, 10017) | select contractId, conditionId, level, levelValue",
    "get prices where supplier = 10012 | select nobbNumber, supplierParticipantNumber, purchasePrice",
    "get prices where nobb in (" + ", ".join(str(n) for n in range(40000100, 40005000, 100)) + ") | select nobbNumber, supplierParticipantNumber",
    "get zones where supplier in (10012, 10017, 10020)",
    "get contracts where supplier = 10017 | count",
]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class QuotaSpender(threading.Thread):
    """The second client: the same client id, one call at a time, no retries, bounded."""

    def __init__(self, sim, per_second, max_calls, max_seconds):
        super().__init__(daemon=True)
        self.client = sim.client(retry_sleep=0, max_tries=1, timeout=10)
        self.pause = 1.0 / per_second
        self.max_calls, self.max_seconds = max_calls, max_seconds
        self.stop_event = threading.Event()
        self.ok = self.refused = 0

    def run(self):
        deadline = time.monotonic() + self.max_seconds
        while not self.stop_event.is_set() and self.client.calls < self.max_calls and time.monotonic() < deadline:
            try:
                self.client.get("/v1/contracts", {"suppliers": 10012, "count": 10, "page": 1})
                self.ok += 1
            except (baseline_client.APIError, OSError, ValueError):
                self.refused += 1
            self.stop_event.wait(self.pause)

    def stop(self):
        self.stop_event.set()
        self.join(15)


class Drill:
    def __init__(self, args):
        self.args = args
        self.nkq = os.path.abspath(args.nkq)
        self.work = os.path.abspath(args.work)
        os.makedirs(self.work, exist_ok=True)
        self.env = h.nkq_env()
        self.unexpected = []
        self.started = time.monotonic()
        self.results = {"machine": h.machine(), "commit": h.git_commit(ROOT),
                        "startedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}

    def flag(self, text):
        text = " | ".join(line.strip() for line in text.splitlines() if line.strip())
        print(f"UNEXPECTED: {text}", file=sys.stderr)
        self.unexpected.append(text)

    def statement(self, sim, text, timeout=None):
        stats_path = os.path.join(self.work, "drill-stats.ndjson")
        if os.path.exists(stats_path):
            os.unlink(stats_path)
        r = h.run([self.nkq, "-c", text, "--format", "ndjson", "--stats-file", stats_path, *sim.target_args()],
                  env=self.env, timeout=timeout or self.args.statement_timeout)
        stats = h.read_stats(stats_path)
        return r, (stats[-1] if stats else None)

    @staticmethod
    def leaks(r):
        """The client secret or a bearer token in what nkq printed."""
        text = r.stdout + r.stderr
        return h.CLIENT_SECRET in text or bool(re.search(r"Bearer\s+[A-Za-z0-9._~+/=-]{8,}", text))

    # ------------------------------------------------------------------ faults

    def faults(self):
        clean_runs = []
        with h.Sim(self.nkq, "--seed", SEED, "--rate-limit", "100000/1", label="clean") as clean:
            for text in STATEMENTS:
                r, _ = self.statement(clean, text)
                if r.returncode != 0:
                    self.flag(f"clean run failed (exit {r.returncode}): {text[:60]}: {r.stderr.strip()[:200]}")
                clean_runs.append(r)
        limit = self.args.rate_limit
        rows = []
        with h.Sim(self.nkq, "--seed", SEED, "--fault-rate", self.args.fault_rate, "--token-ttl", 2,
                   "--rate-limit", limit, "--latency", 5, label="faulty") as faulty:
            spender = QuotaSpender(faulty, per_second=self.args.spender_rate, max_calls=5000, max_seconds=400)
            spender.start()
            try:
                for text, ref in zip(STATEMENTS, clean_runs):
                    if time.monotonic() - self.started > self.args.budget:
                        self.flag(f"skipped, over the time budget of {self.args.budget:.0f} s: {text[:60]}")
                        continue
                    r, stats = self.statement(faulty, text)
                    rows.append(self.judge(text, ref, r, stats))
            finally:
                spender.stop()
            sim_stats = faulty.stats()
        h.table(f"Drill: fault-rate {self.args.fault_rate}, token-ttl 2 s, rate-limit {limit}, second client "
                f"({spender.ok} calls answered, {spender.refused} refused)",
                ["statement", "exit", "expected", "rows", "lost", "repeated", "calls", "retries", "429s", "crash", "leak"],
                [[x["statement"][:48], x["exit"], x["expectedExit"], x["rows"], x["lost"], x["repeated"], x["calls"],
                  x["retries"], x["throttled"], "YES" if x["crash"] else "no", "YES" if x["leak"] else "no"] for x in rows])
        tokens = sim_stats.get("byPath", {}).get(h.TOKEN_PATH)
        print(f"  simulator saw: {json.dumps(sim_stats.get('byStatus', {}))}; token requests (both clients): {tokens}")
        self.results["faults"] = {"statements": rows, "simulator": sim_stats, "rateLimit": limit,
                                  "faultRate": self.args.fault_rate,
                                  "secondClient": {"answered": spender.ok, "refused": spender.refused}}
        self.fault_rates()

    def fault_rates(self):
        """One long statement (every contract, one call a page) against an API that fails a
        share of its calls: at 0.2 it completes every time with the clean count, at 0.5 it
        still completes, at 1.0 (down) it gives up within a minute after a bounded number of
        calls, exit 1, naming the request."""
        text = RATE_STATEMENT
        with h.Sim(self.nkq, "--seed", SEED, "--rate-limit", "100000/1", label="rates-clean") as clean:
            r, stats = self.statement(clean, text)
        if r.returncode != 0:
            self.flag(f"fault rates: the clean run failed (exit {r.returncode}): {r.stderr.strip()[:200]}")
            return
        count = h.ndjson_rows(r.stdout)[0]["count"]
        cases = {"clean": {"runs": [self.rate_run(r, stats, count)]}}
        for rate, runs in ((0.2, self.args.fault_runs), (0.5, 1), (1.0, 1)):
            with h.Sim(self.nkq, "--seed", SEED, "--rate-limit", "100000/1", "--fault-rate", rate,
                       label=f"rates-{rate}") as sim:
                results = []
                for _ in range(runs):
                    # A long statement on a faulty API takes a while; only the API down must end in 60 s.
                    r, stats = self.statement(sim, text, timeout=self.args.rate_timeout)
                    results.append(self.rate_run(r, stats, count))
                cases[str(rate)] = {"runs": results, "simulator": sim.stats().get("byStatus", {})}
        for rate in ("0.2", "0.5"):
            bad = [x for x in cases[rate]["runs"] if x["exit"] != 0 or x["count"] != count]
            if bad:
                self.flag(f"fault rate {rate}: {len(bad)} of {len(cases[rate]['runs'])} runs did not complete with "
                          f"{count}: {bad[0]['exit']}, {bad[0]['stderr'][:200]}")
        down = cases["1.0"]["runs"][0]
        if down["exit"] != 1 or down["seconds"] >= 60 or not down["stderr"] or (down["calls"] or 0) > 100:
            self.flag(f"fault rate 1.0: exit {down['exit']} after {down['seconds']} s and {down['calls']} calls: "
                      f"{down['stderr'][:200]}")
        table = []
        for rate, case in cases.items():
            runs = case["runs"]
            done = [x for x in runs if x["exit"] == 0 and x["count"] == count]
            table.append([rate, len(runs), len(done), ",".join(sorted({str(x["exit"]) for x in runs})),
                          h.median([x["calls"] or 0 for x in runs]), h.median([x["retries"] or 0 for x in runs]),
                          max(x["seconds"] for x in runs)])
        h.table(f"Fault rates: `{text}`, clean count {count}",
                ["fault rate", "runs", "complete, clean count", "exits", "calls (median)", "retries (median)", "slowest (s)"],
                table)
        print(f"  the API down: {down['stderr'][:300]}")
        self.results["faultRates"] = {"statement": text, "count": count, "cases": cases}

    @staticmethod
    def rate_run(r, stats, count):
        try:
            got = h.ndjson_rows(r.stdout)
            value = got[0]["count"] if got else None
        except (json.JSONDecodeError, KeyError, IndexError):
            value = None
        return {"exit": r.returncode, "count": value, "calls": stats.get("calls") if stats else None,
                "retries": stats.get("retries") if stats else None, "seconds": round(r.seconds, 2),
                "stderr": r.stderr.strip()[-400:]}

    def judge(self, text, ref, r, stats):
        ref_rows = h.ndjson_rows(ref.stdout) if ref.returncode == 0 else None
        try:
            got = h.ndjson_rows(r.stdout)
        except json.JSONDecodeError:
            got = None
            self.flag(f"output is not NDJSON: {text[:60]}")
        lost = repeated = None
        if ref_rows is not None and got is not None:
            lost, repeated = h.row_difference(ref_rows, got)
        row = {"statement": text, "exit": r.returncode, "expectedExit": 0, "rows": len(got) if got is not None else None,
               "lost": lost, "repeated": repeated, "crash": r.crashed, "leak": self.leaks(r),
               "calls": stats.get("calls") if stats else None, "retries": stats.get("retries") if stats else None,
               "throttled": stats.get("throttled") if stats else None, "complete": stats.get("complete") if stats else None,
               "stderr": r.stderr.strip()[-400:]}
        if r.crashed:
            self.flag(f"crash or status outside the contract ({r.returncode}): {text[:60]}: {r.stderr.strip()[-300:]}")
        elif r.returncode == 0:
            if lost or repeated:
                self.flag(f"exit 0 but {lost} rows lost, {repeated} repeated: {text[:60]}")
        elif r.returncode == 1 and r.stderr.strip():
            # Gave up after its retries: allowed, as long as it said so and printed no repeats.
            row["expectedExit"] = "0 (1: gave up, said why)"
            if repeated:
                self.flag(f"exit 1 with {repeated} repeated rows: {text[:60]}")
        else:
            self.flag(f"exit {r.returncode}: {text[:60]}: {r.stderr.strip()[-300:]}")
        if row["leak"]:
            self.flag(f"the client secret appears in nkq's output: {text[:60]}")
        return row

    # ------------------------------------------------------------------ fuzz

    @staticmethod
    def json_answers(text):
        """(JSON values, other lines, first broken JSON line or None) of `--format json` output.
        Lines that do not start like JSON (explain's plan text) are counted, not judged; a line
        that starts like JSON but does not parse is output that was cut or interleaved."""
        decoder = json.JSONDecoder()
        values = others = 0
        i = 0
        while i < len(text):
            if text[i].isspace():
                i += 1
                continue
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            if text[i] in "[{":
                try:
                    _, i = decoder.raw_decode(text, i)
                    values += 1
                    continue
                except json.JSONDecodeError:
                    return values, others, text[i:end]
            others += 1
            i = end
        return values, others, None

    def fuzz(self):
        texts = fuzz.statements(self.args.fuzz_count, seed=self.args.fuzz_seed)
        path = os.path.join(self.work, "fuzz.nkq")
        with open(path, "w") as f:
            f.write("\n".join(texts) + "\n")
        with h.Sim(self.nkq, "--seed", SEED, "--rate-limit", "100000/1", label="fuzz") as sim:
            r = h.run([self.nkq, "-f", path, "--continue-on-error", "--format", "json", "--max-calls",
                       str(self.args.fuzz_max_calls), *sim.target_args()],
                      env=self.env, timeout=self.args.fuzz_timeout)
            calls = sim.stats().get("total")
        stderr = ANSI.sub("", r.stderr)
        lines = stderr.splitlines()
        errors, unplaced, long_messages = 0, [], []
        place = re.compile(r"^\s*--> " + re.escape(path) + r":\d+:\d+\s*$")
        for i, line in enumerate(lines):
            if not line.startswith("error"):
                continue
            errors += 1
            # The place follows the message; a message that quotes a multi-line token runs on.
            j = i + 1
            while j < len(lines) and not lines[j].startswith(("error", "warning")) and not place.match(lines[j]):
                j += 1
            if j < len(lines) and place.match(lines[j]):
                if j - i > 1:
                    long_messages.append(line[:120])
            else:
                unplaced.append(line[:200])
        crashed = r.returncode is None or r.returncode < 0 or r.returncode not in (0, 1, 2, 3)
        answered, text_lines, broken = self.json_answers(r.stdout)
        if broken:
            self.flag(f"fuzz: a JSON answer on standard output is broken: {broken[:200]!r}")
        signs = [s for s in ("Fatal error", "Stack dump", "Segmentation fault", "Illegal instruction", "Aborted")
                 if s in stderr]
        out = {"statements": len(texts), "exit": r.returncode, "seconds": round(r.seconds, 1), "errors": errors,
               "errorsWithoutPosition": len(unplaced), "examplesWithoutPosition": list(dict.fromkeys(unplaced))[:5],
               "multiLineMessages": len(long_messages), "examplesMultiLine": long_messages[:3],
               "crashSigns": signs, "simulatorCalls": calls, "outputBytes": len(r.stdout), "answered": answered,
               "otherOutputLines": text_lines}
        if crashed or signs:
            self.flag(f"fuzz: nkq crashed (status {r.returncode}, {signs}): {stderr.strip()[-500:]}")
        if unplaced:
            self.flag(f"fuzz: {len(unplaced)} of {errors} errors without FILE:LINE:COL, e.g. "
                      f"{list(dict.fromkeys(unplaced))[:3]}")
        if long_messages:
            print(f"  note: {len(long_messages)} error messages run over several lines before their place "
                  f"(a quoted token with line breaks), e.g. {long_messages[0]!r}")
        if errors == 0 and not crashed:
            self.flag("fuzz: no error reported at all: the fuzz file is not reaching the parser")
        if self.leaks(r):
            self.flag("fuzz: the client secret appears in nkq's output")
        h.table(f"Fuzz: {len(texts)} statements in one `nkq -f … --continue-on-error` (seed {self.args.fuzz_seed})",
                ["exit", "seconds", "answered", "other lines", "errors", "without position", "crash signs", "sim calls"],
                [[r.returncode, r.seconds, answered, text_lines, errors, len(unplaced), ", ".join(signs) or "none", calls]])
        self.results["fuzz"] = out

    # ------------------------------------------------------------------ hostile input

    def hostile(self):
        base = self.args.hostile_size
        sizes = [base, 2 * base, 4 * base, 8 * base]
        path = os.path.join(self.work, "hostile.nkq")

        def timed(text):
            with open(path, "w") as f:
                f.write(text + "\n")
            return h.run([self.nkq, "-f", path, "--format", "json"], env=self.env, timeout=self.args.fuzz_timeout)

        # Start-up, so that what is left is the work on the statement.
        startup = h.median([timed("let a = 1").seconds for _ in range(3)])
        rows, out = [], {"startupSeconds": round(startup, 3), "sizes": sizes, "shapes": {}}
        for name, _ in fuzz.hostile(1):
            runs = [timed(dict(fuzz.hostile(n))[name]) for n in sizes]
            net = [max(r.seconds - startup, 0.005) for r in runs]
            growth = net[-1] / net[0]
            statuses = [r.returncode for r in runs]
            out["shapes"][name] = {"seconds": [round(r.seconds, 3) for r in runs], "exit": statuses,
                                   "growth8x": round(growth, 1)}
            rows.append([name, *[round(r.seconds, 2) for r in runs], round(growth, 1), ",".join(map(str, statuses))])
            for r, n in zip(runs, sizes):
                if r.returncode is None or r.returncode < 0 or r.returncode not in (0, 1, 2, 3):
                    self.flag(f"hostile: {name} at size {n}: exit {r.returncode}: {r.stderr.strip()[-300:]}")
            # Linear work gives 8; allow twice that for noise, but not quadratic (64).
            if growth > 16 and net[-1] > 0.5:
                self.flag(f"hostile: {name}: 8x the input took {growth:.1f}x the time ({net[0]:.2f} s -> {net[-1]:.2f} s)")
        h.table(f"Hostile input: seconds at sizes {sizes} (start-up {startup:.2f} s), and growth from 1x to 8x",
                ["shape", *[f"{n}" for n in sizes], "growth 8x", "exit"], rows)
        self.results["hostile"] = out


    # ------------------------------------------------------------------ resume

    def resume(self):
        """SIGINT a long statement once some pages are cached, rerun it in a new process:
        the rerun's calls plus the first run's equal one clean run's, give or take the calls
        in flight at the interrupt."""
        import shutil
        import signal
        import subprocess
        import tempfile
        text = "get contracts | select contractId"
        cache = tempfile.mkdtemp(prefix="nkq-drill-cache-")
        env = dict(self.env, XDG_CACHE_HOME=cache)
        stats_path = os.path.join(self.work, "resume-stats.ndjson")
        if os.path.exists(stats_path):
            os.unlink(stats_path)
        try:
            with h.Sim(self.nkq, "--seed", SEED, "--latency", 10, "--rate-limit", "100000/60", label="resume") as sim:
                argv = [self.nkq, "-c", text, "--format", "ndjson", "--stats-file", stats_path, *sim.target_args()]
                first = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                folder = os.path.join(cache, "nkq")
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    pages = [n for n in os.listdir(folder) if n.endswith(".page")] if os.path.isdir(folder) else []
                    if len(pages) >= self.args.resume_after:
                        break
                    time.sleep(0.02)
                first.send_signal(signal.SIGINT)
                _, err = first.communicate(timeout=60)
                rerun = h.run(argv, env=env, timeout=300)
                clean = h.run(argv + ["--no-cache"], env=env, timeout=300)
            stats = h.read_stats(stats_path)
            if len(stats) != 3:
                self.flag(f"resume: expected 3 stats lines, got {len(stats)}: {err.decode(errors='replace')[:200]}")
                return
            a, b, c = stats
            inflight = a["calls"] + b["calls"] - c["calls"]
            note = next((line for line in err.decode(errors="replace").splitlines() if "interrupted" in line), "")
            if first.returncode != 130 or rerun.returncode != 0 or clean.returncode != 0:
                self.flag(f"resume: exits {first.returncode}, {rerun.returncode}, {clean.returncode}")
            if rerun.stdout != clean.stdout:
                self.flag("resume: the resumed run's rows differ from a clean run's")
            if not 0 <= inflight <= self.args.concurrency_slack:
                self.flag(f"resume: first {a['calls']} + rerun {b['calls']} calls vs clean {c['calls']}")
            h.table("Resume across processes: SIGINT, then the same statement in a new process",
                    ["run", "exit", "calls", "cacheHits", "rows"],
                    [["interrupted", first.returncode, a["calls"], a["cacheHits"], a["rows"]],
                     ["rerun", rerun.returncode, b["calls"], b["cacheHits"], b["rows"]],
                     ["clean (--no-cache)", clean.returncode, c["calls"], c["cacheHits"], c["rows"]]])
            print(f"  interrupted + rerun - clean = {inflight} call(s) paid twice (in flight at the interrupt)")
            print(f"  {note}")
            self.results["resume"] = {"interrupted": a, "rerun": b, "clean": c, "paidTwice": inflight, "note": note,
                                      "exits": [first.returncode, rerun.returncode, clean.returncode]}
        finally:
            shutil.rmtree(cache, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nkq", default=os.path.join(ROOT, ".build", "release", "nkq"))
    ap.add_argument("--work", default=os.path.join(ROOT, ".build-bench"))
    ap.add_argument("--out", default=os.path.join(HERE, "results", "drill-latest.json"))
    ap.add_argument("--only", default="faults,resume,fuzz,hostile")
    ap.add_argument("--fault-rate", default="0.2")
    ap.add_argument("--fault-runs", type=int, default=50, help="runs of the long statement at fault rate 0.2")
    ap.add_argument("--rate-timeout", type=float, default=300, help="seconds one run of the fault-rate cases may take")
    ap.add_argument("--rate-limit", default="10/1")
    ap.add_argument("--spender-rate", type=float, default=4.0, help="second client's calls per second")
    ap.add_argument("--statement-timeout", type=float, default=60)
    ap.add_argument("--budget", type=float, default=300, help="seconds for the fault part; later statements are skipped")
    ap.add_argument("--resume-after", type=int, default=40, help="pages cached before the SIGINT")
    ap.add_argument("--concurrency-slack", type=int, default=1, help="calls a resume may pay twice")
    ap.add_argument("--fuzz-count", type=int, default=3000)
    ap.add_argument("--fuzz-seed", type=int, default=8)
    ap.add_argument("--fuzz-max-calls", type=int, default=20)
    ap.add_argument("--fuzz-timeout", type=float, default=240)
    ap.add_argument("--hostile-size", type=int, default=2000, help="units of the smallest hostile statement")
    ap.add_argument("--publish", action="store_true", help="also write the numbers into docs/performance.md")
    args = ap.parse_args()
    drill = Drill(args)
    started = time.monotonic()
    for part in args.only.split(","):
        try:
            getattr(drill, part.strip())()
        except Exception as e:
            drill.flag(f"{part}: {type(e).__name__}: {e}")
    drill.results["seconds"] = round(time.monotonic() - started, 1)
    drill.results["unexpected"] = drill.unexpected
    status = h.write_results(drill.results, args.out, args.publish, drill.unexpected, "unexpected")
    if status == 0:
        print("drill: nothing unexpected")
    return status


if __name__ == "__main__":
    sys.exit(main())
