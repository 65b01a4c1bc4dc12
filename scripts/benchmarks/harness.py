"""Shared pieces of scripts/bench and scripts/drill: simulator processes, running nkq,
comparing rows, tables, the machine. Python 3 standard library only."""

import atexit
import json
import math
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

# Where the simulator serves the API and the token endpoint (docs/openapi.yaml).
API_PREFIX = "/nobbkontrakt"
TOKEN_PATH = "/api/v1/token"
CLIENT_ID = "demo"
CLIENT_SECRET = "demo-secret"
# The exit statuses of the interface contract.
EXIT_STATUSES = {0, 1, 2, 3, 4, 130}

_live = []


def _pdeathsig():
    # The simulator dies with the harness, even when the harness is killed outright.
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class Sim:
    """One `nkq sim` process on a free loopback port; stopped at exit whatever happens."""

    def __init__(self, nkq, *args, label="sim", start_timeout=30):
        self.label = label
        self.args = [str(a) for a in args]
        self.log = tempfile.NamedTemporaryFile(prefix=f"nkq-{label}-", suffix=".log", delete=False)
        self.proc = subprocess.Popen([nkq, "sim", "--port", "0", *self.args], stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, preexec_fn=_pdeathsig)
        _live.append(self)
        pidfile = os.environ.get("BENCH_PIDFILE")
        if pidfile:
            with open(pidfile, "a") as f:
                f.write(f"{self.proc.pid}\n")
        deadline = time.monotonic() + start_timeout
        while True:
            with open(self.log.name, errors="replace") as f:
                first = f.readline()
            m = re.match(r"listening on (http://127\.0\.0\.1:\d+)", first)
            if m and first.endswith("\n"):
                self.url = m.group(1)
                break
            if self.proc.poll() is not None or time.monotonic() > deadline:
                with open(self.log.name, errors="replace") as f:
                    said = f.read()[-500:].strip()
                self.stop()
                raise RuntimeError(f"{label}: nkq sim did not start (status {self.proc.returncode}): {said}")
            time.sleep(0.02)
        self.endpoint = self.url + API_PREFIX
        self.token_url = self.url + TOKEN_PATH

    def target_args(self):
        return ["--endpoint", self.endpoint, "--token-url", self.token_url]

    def stats(self):
        with urllib.request.urlopen(self.url + "/_sim/stats", timeout=10) as r:
            return json.load(r)

    def reset(self):
        req = urllib.request.Request(self.url + "/_sim/reset", data=b"", method="POST")
        urllib.request.urlopen(req, timeout=10).read()

    def client(self, **kw):
        from baseline_client import Client
        return Client(self.endpoint, self.token_url, CLIENT_ID, CLIENT_SECRET, **kw)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self in _live:
            _live.remove(self)
        try:
            os.unlink(self.log.name)
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _stop_all(*_):
    for sim in list(_live):
        sim.stop()


def _on_signal(signum, _frame):
    _stop_all()
    sys.exit(128 + signum)


atexit.register(_stop_all)
for _sig in (signal.SIGTERM, signal.SIGHUP):
    signal.signal(_sig, _on_signal)


def nkq_env():
    env = dict(os.environ, NKQ_CLIENT_ID=CLIENT_ID, NKQ_CLIENT_SECRET=CLIENT_SECRET)
    env.pop("NO_COLOR", None)
    # Every run starts with an empty response cache, as a first run does: a cache folder that
    # cannot be created keeps the cache in memory, for the one process.
    env["XDG_CACHE_HOME"] = "/dev/null"
    return env


class Run:
    """One finished nkq (or other) process."""

    def __init__(self, argv, returncode, stdout, stderr, seconds):
        self.argv, self.returncode, self.stdout, self.stderr, self.seconds = argv, returncode, stdout, stderr, seconds

    @property
    def crashed(self):
        return self.returncode is None or self.returncode < 0 or self.returncode not in EXIT_STATUSES


def run(argv, env=None, timeout=300, stdin_path=None, stdout_path=None):
    """Runs a process with its stdin from /dev/null (or a file); returns a Run, never raises on status."""
    started = time.monotonic()
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    stdout = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
    try:
        p = subprocess.run(argv, env=env, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, timeout=timeout)
        out = p.stdout.decode("utf-8", "replace") if p.stdout is not None else ""
        return Run(argv, p.returncode, out, p.stderr.decode("utf-8", "replace"), time.monotonic() - started)
    except subprocess.TimeoutExpired as e:
        err = (e.stderr or b"").decode("utf-8", "replace") + f"\n[harness] timed out after {timeout} s"
        return Run(argv, None, "", err, time.monotonic() - started)
    finally:
        if stdin_path:
            stdin.close()
        if stdout_path:
            stdout.close()


def timed(argv, env=None, stdout_path=os.devnull, timeout=600):
    """Runs a process under /usr/bin/time with its output to a file; returns (Run, CPU seconds,
    peak RSS KiB). CPU time (user + system, the process and the children it waited for) moves
    less than wall time on a shared machine. /usr/bin/time, not Python's own wait4: a child
    forked from this process starts with its memory counted in the peak."""
    with tempfile.NamedTemporaryFile(prefix="nkq-time-", suffix=".txt") as report:
        r = run(["/usr/bin/time", "-f", "%U %S %M", "-o", report.name, *argv], env=env, timeout=timeout,
                stdout_path=stdout_path)
        fields = open(report.name).read().split()[-3:]
    try:
        user, system, kib = float(fields[0]), float(fields[1]), int(fields[2])
    except (IndexError, ValueError):
        return r, None, None
    return r, round(user + system, 3), kib


_TIMESTAMP = re.compile(r"^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\+00$")


def normalised(value):
    """A value with the spellings that differ between tools made one: numbers by value (rounded to
    6 decimals, integral ones as integers: `12.50`, `12.5`, `12.500000000000002`), DuckDB's UTC
    timestamps (`2024-01-05 10:20:00+00`) as the ISO text the files hold; compared as JSON text."""
    def walk(v):
        if isinstance(v, bool) or v is None:
            return v
        if isinstance(v, (int, float)):
            r = round(float(v), 6)
            return int(r) if r == int(r) and abs(r) < 2 ** 53 else r
        if isinstance(v, str):
            m = _TIMESTAMP.match(v)
            return f"{m.group(1)}T{m.group(2)}Z" if m else v
        if isinstance(v, list):
            return [walk(x) for x in v]
        return {k: walk(x) for k, x in v.items()}
    return json.dumps(walk(value), sort_keys=True, ensure_ascii=False)


def read_stats(path):
    """The --stats-file lines, one object per statement."""
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def json_values(text):
    """Every JSON value in a text (`--format json` prints one array per statement)."""
    decoder = json.JSONDecoder()
    values, i = [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return values
        value, i = decoder.raw_decode(text, i)
        values.append(value)


def ndjson_rows(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def canonical(row):
    # Numbers compare by value: nkq keeps "12.50" as sent, Python writes 12.5.
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def row_difference(expected, actual):
    """(lost, repeated): rows of `expected` missing from `actual`, and rows of `actual` beyond
    `expected` (extra copies or rows that should not be there), as multisets."""
    counts = {}
    for r in expected:
        k = canonical(r)
        counts[k] = counts.get(k, 0) + 1
    extra = 0
    for r in actual:
        k = canonical(r)
        if counts.get(k, 0) > 0:
            counts[k] -= 1
        else:
            extra += 1
    return sum(counts.values()), extra


def median(xs):
    return statistics.median(xs) if xs else None


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt(value, digits=2):
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        if math.isinf(value) or math.isnan(value):
            return str(value)
        return f"{value:.{digits}f}"
    return str(value)


def table(title, headers, rows):
    """Prints a plain-text table; every cell through fmt."""
    cells = [[fmt(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    print("  ".join("-" * w for w in widths))
    for r in cells:
        print("  ".join(c.rjust(w) if _numeric(c) else c.ljust(w) for c, w in zip(r, widths)))
    sys.stdout.flush()


def _numeric(cell):
    return bool(re.fullmatch(r"-?[\d.]+x?", cell))


def machine():
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "kernel": platform.release()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            info["memoryGiB"] = round(kb / 1024 / 1024, 1)
    except OSError:
        pass
    for tool, argv in (("swift", ["swift", "--version"]), ("jq", ["jq", "--version"]), ("curl", ["curl", "--version"])):
        try:
            out = subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout
            first = out.splitlines()[0] if out else None
            info[tool] = " ".join(first.split()[:2]) if tool == "curl" and first else first
        except (OSError, subprocess.TimeoutExpired):
            info[tool] = None
    return info


def git_commit(root):
    try:
        return subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.TimeoutExpired):
        return None


def peak_rss_kib(argv, env=None, stdout_path=os.devnull, timeout=300):
    """Runs argv under /usr/bin/time -v; returns (Run, peak RSS in KiB, None if it failed)."""
    with tempfile.NamedTemporaryFile(prefix="nkq-time-", suffix=".txt") as report:
        r = run(["/usr/bin/time", "-v", "-o", report.name, *argv], env=env, timeout=timeout, stdout_path=stdout_path)
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(report.name).read())
    return r, int(m.group(1)) if m and r.returncode == 0 else None


def write_results(results, out, publish, issues, what):
    """Writes a run's results (scripts/benchmarks/results/*.json), publishes them into docs/performance.md
    when asked, and lists the run's issues; returns the exit status (1 when there are any)."""
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    print(f"\nresults: {os.path.relpath(out, os.getcwd())}  ({results['seconds']} s)")
    if publish:
        import report
        report.main()
    if issues:
        print(f"{len(issues)} {what}:", *issues, sep="\n  ")
        return 1
    return 0
