#!/usr/bin/env python3
"""Writes the numbers of the last runs into docs/performance.md.

Reads scripts/benchmarks/results/latest.json (scripts/bench) and
scripts/benchmarks/results/drill-latest.json (scripts/drill) and replaces the text between
each `<!-- results: NAME -->` and `<!-- end results -->` marker pair in docs/performance.md.
A section whose results this checkout does not have keeps what the document says. `scripts/bench --publish` and `scripts/drill --publish` call it.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DOC = os.path.join(ROOT, "docs", "performance.md")
PENDING = {"bench": "pending: run scripts/bench", "drill": "pending: run scripts/drill"}


def load(name):
    path = os.path.join(HERE, "results", name)
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def cell(value, digits=2, suffix=""):
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return f"{value:.{digits}f}{suffix}"
    if isinstance(value, int) and abs(value) >= 10000:
        return f"{value:,}{suffix}"
    return f"{value}{suffix}"


def rows(headers, body):
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    # A `|` inside a cell (statements have pipes) would split it, even inside backticks.
    out += ["| " + " | ".join((cell(c) if not isinstance(c, str) else c).replace("|", "\\|") for c in r) + " |"
            for r in body]
    return "\n".join(out)


def machine(b):
    m = b["machine"]
    return rows(["", ""], [
        ["CPU", m.get("cpu") or "–"], ["Cores (`nproc`)", str(m.get("nproc"))],
        ["Memory", f"{m.get('memoryGiB')} GiB"], ["Swift", m.get("swift") or "–"],
        ["jq, curl", f"{m.get('jq')}; {m.get('curl')}"], ["Kernel, Python", f"{m.get('kernel')}, {m.get('python')}"],
        ["Commit, date", f"`{b.get('commit')}`, {b.get('startedAt')}"],
        ["Run took", f"{b.get('seconds')} s"],
    ])


def calls(b):
    c = b["benchmarks"]["calls"]
    body = [[f"`{x['name']}`", x["nkqCalls"], f"{x['minimumCalls']}" + ("" if x["minimumExact"] else "*"),
             x["baselineCalls"], x["nkqOverMinimum"], x["baselineOverNkq"], x["baselineRows"], x["sameRows"]]
            for x in c["statements"]]
    t = c["totals"]
    body.append(["**total**", t["nkqCalls"], t["minimumCalls"], t["baselineCalls"],
                 t["nkqCalls"] / t["minimumCalls"] if t["nkqCalls"] and t["minimumCalls"] else None,
                 t["baselineCalls"] / t["nkqCalls"] if t["nkqCalls"] and t["baselineCalls"] else None, "", ""])
    text = rows(["statement", "nkq calls", "minimum", "baseline calls", "nkq/min", "baseline/nkq", "rows (baseline)",
                 "rows equal"], body)
    text += "\n\n`*` = lower bound. Minimum per statement:\n\n"
    text += "\n".join(f"- `{x['name']}`: {x['minimumFormula']}" for x in c["statements"])
    return text


def quota(b):
    q = b["benchmarks"]["quota"]
    return (f"Statement: `{q['statement']}` under `--rate-limit {q['rateLimit']}`.\n\n" + rows(
        ["", "nkq", "baseline"],
        [["calls", q.get("nkqCalls"), q.get("baselineCalls")],
         ["wall seconds", q.get("nkqWallSeconds"), q.get("baselineWallSeconds")],
         [f"seconds the limit imposes ({q.get('neededCalls')} calls, {q.get('firstWindowLeft')} left in the first window)",
          q.get("imposedSeconds"), q.get("baselineImposedSeconds")],
         ["goal: 1.05 × imposed + one round trip", q.get("goalSeconds"), None],
         ["within the goal", q.get("nkqWithinGoal"), None],
         ["429s served", q.get("nkq429Served"), q.get("baseline429Served")],
         ["seconds waiting (nkq's stats)", q.get("nkqWaitedSeconds"), None],
         ["rows", q.get("nkqRows"), q.get("baselineRows")]]))


def local(b):
    x = b["benchmarks"]["local"]
    def same(r):
        if r["nkqSameAsDuckdb"] is None:
            return None
        return r["nkqSameAsDuckdb"] and r["jqSameAsDuckdb"] in (True, None)
    def mib(kib):
        return None if kib is None else kib / 1024
    body = [[f"`{r['case']}`", r["layout"], f"{r['rows']:,}", r["nkqSeconds"], r["duckdbSeconds"],
             r["jqSeconds"] if r["layout"] == "ndjson" else "n/a", r["nkqOverDuckdb"],
             r["jqOverDuckdb"] if r["layout"] == "ndjson" else "n/a", r["nkqCPUSeconds"], r["duckdbCPUSeconds"],
             mib(r["nkqPeakKiB"]), mib(r["duckdbPeakKiB"]), same(r), r["runs"]] for r in x["results"]]
    text = rows(["case", "file", "rows", "nkq s", "DuckDB s", "jq s", "nkq/DuckDB", "jq/DuckDB", "nkq CPU s",
                 "DuckDB CPU s", "nkq peak MiB", "DuckDB peak MiB", "same rows", "runs"], body)
    load = x.get("loadAverage")
    ran = x.get("ran") or {}
    text += (f"\n\nRun at commit `{ran.get('commit') or b.get('commit')}`, {ran.get('startedAt') or b.get('startedAt')}, "
             f"DuckDB {x.get('duckdb') or '?'}"
             + (f"; load average {load[0]} at the start and {load[-1]} at the end on {b['machine'].get('nproc')} cores"
                if load else "") + ".")
    text += "\n\nStatements (after `get file 'FILE' |`; DuckDB's over `read_json('FILE')` or `read_csv('FILE')`):\n\n"
    text += "\n".join(f"- `{name}`: `{c['nkq']}`; DuckDB: `{c['sql']}`" for name, c in x["cases"].items())
    return text


def startup(b):
    s = b["benchmarks"]["startup"]
    def ms(x):
        return None if x is None else f"{x * 1000:.1f}"
    return rows(["", "nkq", "curl", "nkq/curl", "rows equal"],
                [[f"median milliseconds of {s['runs']} ({s['timing']})", ms(s["nkqMedianSeconds"]),
                  ms(s["curlMedianSeconds"]), s["nkqOverCurl"], s["sameRows"]]])


def memory(b):
    m = b["benchmarks"]["memory"]
    return rows(["rows", "nkq peak RSS KiB", "jq -c . peak RSS KiB"],
                [["1,000", m.get("nkq1000"), None], ["1,000,000", m.get("nkq1000000"), m.get("jq1000000")],
                 ["ratio 1M / 1k", m.get("nkqRatio"), None]])


def swift(b):
    out = []
    for x in b["benchmarks"]["swift"]["programs"]:
        out.append(f"**nkq-bench {x['name']}**: {x['status']}" + (f" ({x['seconds']:.1f} s)" if "seconds" in x else ""))
        if x.get("output"):
            out.append("```\n" + x["output"][-3000:] + "\n```")
    return "\n\n".join(out)


def problems(b):
    p = b.get("problems") or []
    return "None: every check of the run passed." if not p else "\n".join(f"- {x}" for x in p)


def faults(d):
    f = d["faults"]
    body = [[f"`{x['statement'][:70]}`", x["exit"], str(x["expectedExit"]), x["rows"], x["lost"], x["repeated"],
             x["calls"], x["retries"], x["throttled"], "**yes**" if x["crash"] else "no", "**yes**" if x["leak"] else "no"]
            for x in f["statements"]]
    second = f.get("secondClient", {})
    return (f"Fault rate {f['faultRate']}, token TTL 2 s, rate limit {f['rateLimit']}, second client: "
            f"{second.get('answered')} calls answered, {second.get('refused')} refused. Simulator's statuses: "
            f"`{json.dumps(f['simulator'].get('byStatus', {}))}`, token requests (both clients): "
            f"{f['simulator'].get('byPath', {}).get('/api/v1/token')}.\n\n"
            + rows(["statement", "exit", "expected", "rows", "lost", "repeated", "calls", "retries", "429s", "crash", "leak"],
                   body))


def fault_rates(d):
    f = d["faultRates"]
    body = []
    for rate, case in f["cases"].items():
        runs = case["runs"]
        done = sum(1 for x in runs if x["exit"] == 0 and x["count"] == f["count"])
        calls = sorted(x["calls"] or 0 for x in runs)
        body.append([rate, len(runs), done, ", ".join(sorted({str(x["exit"]) for x in runs})),
                     f"{calls[0]}–{calls[-1]}" if calls[0] != calls[-1] else calls[0],
                     max(x["retries"] or 0 for x in runs), max(x["seconds"] for x in runs)])
    down = f["cases"].get("1.0", {}).get("runs", [{}])[0]
    said = (down.get("stderr") or "").splitlines()
    return (f"`{f['statement']}`, clean count {f['count']}, one simulator per fault rate (`--rate-limit 100000/1`), "
            f"`--format ndjson`.\n\n"
            + rows(["fault rate", "runs", "complete with the clean count", "exit", "calls", "retries (most)", "slowest (s)"],
                   body)
            + (f"\n\nThe API down (1.0) ends with: `{said[0]}`" if said else ""))


def resume(d):
    r = d["resume"]
    exits = r.get("exits") or ["—"] * 3
    body = [[name, exit, r[key]["calls"], r[key]["cacheHits"], r[key]["rows"]]
            for (name, key), exit in zip((("interrupted", "interrupted"), ("rerun", "rerun"), ("clean (`--no-cache`)", "clean")),
                                         exits)]
    return (rows(["run", "exit", "calls", "cacheHits", "rows"], body)
            + f"\n\n{r['interrupted']['calls']} + {r['rerun']['calls']} − {r['clean']['calls']} = {r['paidTwice']} "
              f"call(s) paid twice (in flight at the interrupt). The interrupted run's note: `{r['note'].strip()}`")


def fuzz(d):
    z = d["fuzz"]
    text = rows(["statements", "exit", "seconds", "answered (JSON arrays)", "errors reported", "without position",
                 "crash signs", "simulator calls"],
                [[z["statements"], z["exit"], z["seconds"], z.get("answered"), z["errors"], z["errorsWithoutPosition"],
                  ", ".join(z["crashSigns"]) or "none", z["simulatorCalls"]]])
    if z.get("multiLineMessages"):
        text += (f"\n\n{z['multiLineMessages']} error messages run over several lines before their place, e.g. "
                 f"`{z['examplesMultiLine'][0]}`")
    if z.get("examplesWithoutPosition"):
        text += "\n\nErrors without a position, e.g.:\n\n" + "\n".join(f"- `{e}`" for e in z["examplesWithoutPosition"])
    return text


def hostile(d):
    z = d["hostile"]
    sizes = z["sizes"]
    text = rows(["shape", *[f"{n} units (s)" for n in sizes], "8x input: x time", "exit"],
                [[name, *v["seconds"], v["growth8x"], ",".join(map(str, v["exit"]))] for name, v in z["shapes"].items()])
    return text + f"\n\nStart-up (subtracted before the growth is computed): {z['startupSeconds']} s."


def drill_unexpected(d):
    u = d.get("unexpected") or []
    return "Nothing unexpected." if not u else "\n".join(f"- {x}" for x in u)


SECTIONS = {
    "machine": ("bench", machine, None), "calls": ("bench", calls, "calls"), "quota": ("bench", quota, "quota"),
    "local": ("bench", local, "local"), "startup": ("bench", startup, "startup"), "memory": ("bench", memory, "memory"),
    "swift": ("bench", swift, "swift"), "problems": ("bench", problems, None),
    "faults": ("drill", faults, "faults"), "fault-rates": ("drill", fault_rates, "faultRates"),
    "resume": ("drill", resume, "resume"), "fuzz": ("drill", fuzz, "fuzz"),
    "hostile": ("drill", hostile, "hostile"), "drill-unexpected": ("drill", drill_unexpected, None),
}


def render(name, sources):
    """The section's new text; None keeps what the document says (results of that kind were not
    written in this checkout: they are not committed, the document is their record)."""
    kind, fn, key = SECTIONS[name]
    data = sources[kind]
    if data is None:
        return None
    if key is not None and key not in (data.get("benchmarks", data)):
        return None
    try:
        text = fn(data)
        ran = (data.get("benchmarks", {}).get(key) or {}).get("ran") if kind == "bench" and key else None
        if ran and ran.get("commit") != data.get("commit"):
            text += f"\n\n_From an earlier run: commit `{ran.get('commit')}`, {ran.get('startedAt')}._"
        return text
    except (KeyError, TypeError, ZeroDivisionError) as e:
        return f"{PENDING[kind]} (the last results could not be read: {type(e).__name__}: {e})"


def main():
    sources = {"bench": load("latest.json"), "drill": load("drill-latest.json")}
    with open(DOC) as f:
        text = f.read()
    pattern = re.compile(r"(<!-- results: ([\w-]+) -->\n)(.*?)(<!-- end results -->)", re.S)
    def section(m):
        new = render(m.group(2), sources)
        return m.group(0) if new is None else m.group(1) + new + "\n" + m.group(4)

    text, n = pattern.subn(section, text)
    with open(DOC, "w") as f:
        f.write(text)
    print(f"report: {n} sections of {os.path.relpath(DOC)} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
