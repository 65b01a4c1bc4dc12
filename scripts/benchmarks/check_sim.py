#!/usr/bin/env python3
"""Checks the harness against a real `nkq sim`: the baseline client, the oracle and the
minimum-call arithmetic, the simulator controls the benchmarks read, and the rate-limit and
fault behaviour the drill relies on. `python3 scripts/benchmarks/check_sim.py --nkq .build/debug/nkq`.

Runs in about 15 seconds; exit status 1 if a check fails.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import baseline_client as bc  # noqa: E402
import harness as h  # noqa: E402
import mincalls  # noqa: E402

failures = []


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail else ""))
    if not ok:
        failures.append(name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nkq", default=".build/debug/nkq")
    args = ap.parse_args()
    nkq = os.path.abspath(args.nkq)

    with h.Sim(nkq, "--seed", 42, "--rate-limit", "100000/1", label="check") as sim:
        check("sim prints its URL first", sim.url.startswith("http://127.0.0.1:"), sim.url)
        sim.reset()
        client = sim.client()
        oracle = mincalls.Oracle(sim.client())
        counts = {s: oracle.contract_count(s, {}) for s in (10001, 10002, 10003, 10004, 10012, 10017)}
        check("dataset's fixed suppliers", [counts[s] for s in (10001, 10002, 10003, 10004)] == [0, 10, 20, 120],
              str(counts))
        for s in (10001, 10002, 10003, 10004, 10012):
            before = client.calls
            rows = list(bc.fetch_contracts(client, {"suppliers": [s]}))
            made = client.calls - before
            check(f"baseline pages for {s} = floor(n/10)+1", made == mincalls.pages_for(len(rows)) and len(rows) == counts[s],
                  f"{made} calls, {len(rows)} rows")
            check(f"rows of {s} are {s}'s", all(r.get("ownerParticipantNumber") == s for r in rows))
        stats = sim.stats()
        check("_sim/stats counts the calls", stats.get("total", 0) >= client.calls + oracle.client.calls,
              f"total {stats.get('total')}, harness {client.calls + oracle.client.calls}; byStatus {stats.get('byStatus')}")
        # One batch of five suppliers: one chain of pages over their sum.
        five = [10002, 10003, 10004, 10012, 10017]
        before = client.calls
        batch = []
        page = 1
        while True:
            got = client.get("/v1/contracts", {"suppliers": ",".join(map(str, five)), "count": 10, "page": page})
            batch += got
            if len(got) < 10:
                break
            page += 1
        check("a batch's pages = floor(sum/10)+1", client.calls - before == mincalls.pages_for(sum(counts[s] for s in five)),
              f"{client.calls - before} calls for {len(batch)} contracts")
        check("a batch returns each contract once", len({r['contractId'] for r in batch}) == len(batch) == sum(counts[s] for s in five))
        dated = oracle.contract_count(10012, {"from": "2024-01-01"})
        check("from filter narrows or keeps", dated <= counts[10012], f"{dated} of {counts[10012]}")
        everything = oracle.contract_count(None, {})
        check("all contracts without a supplier filter", everything >= sum(counts.values()), f"{everything} contracts")
        prices = client.get("/v1/prices", {"suppliers": 10012})
        check("prices by supplier answer unpaged", isinstance(prices, list) and len(prices) > 0, f"{len(prices)} rows")
        nobbs = client.get("/v1/prices", {"nobbNumbers": ",".join(str(n) for n in range(40000001, 40000021))})
        check("prices by 20 NOBB numbers", isinstance(nobbs, list), f"{len(nobbs)} rows")
        zones = client.get("/v1/zones", {"suppliers": "10012,10017"})
        check("zones for two suppliers", isinstance(zones, list), f"{len(zones)} rows")
        try:
            client.get("/v1/prices", {"nobbNumbers": ",".join(str(n) for n in range(40000001, 40000022))})
            check("21 NOBB numbers refused with 400", False)
        except bc.APIError as e:
            check("21 NOBB numbers refused with 400", e.status == 400, str(e)[:80])
        for name, task in (("suite task with where/sort/limit/select",
                            {"resource": "contracts", "suppliers": [10012, 10017], "params": {"from": "2024-01-01"},
                             "where": [["approved", ">=", "2024-01-01"]], "sort": [["contractId", "desc"]],
                             "limit": 5, "select": ["contractId", "text"]}),
                           ("conditions task", {"resource": "conditions", "suppliers": [10012],
                                                "where": [["level", "=", "item"]]})):
            rows = bc.run_task(client, task)
            check(name, isinstance(rows, list), f"{len(rows)} rows, first {str(rows[:1])[:100]}")

    # The rate limit: the naive client sleeps through 429s; the simulator counts them.
    with h.Sim(nkq, "--seed", 42, "--rate-limit", "5/1", label="check-limit") as sim:
        client = sim.client()
        started = time.monotonic()
        for _ in range(12):
            client.get("/v1/zones", {"suppliers": 10012})
        took = time.monotonic() - started
        by_status = sim.stats().get("byStatus", {})
        check("429s under 5/1 reach the baseline and the stats", client.throttled > 0 and int(by_status.get("429", 0)) == client.throttled,
              f"baseline saw {client.throttled}, sim served {by_status.get('429')}, {took:.1f} s")

    # Faults and short tokens: the naive client still gets every page.
    with h.Sim(nkq, "--seed", 42, "--fault-rate", "0.2", "--token-ttl", "1", "--rate-limit", "100000/1",
               label="check-faults") as sim:
        client = sim.client(retry_sleep=0.05)
        rows = list(bc.fetch_contracts(client, {"suppliers": [10004]}))
        time.sleep(1.2)
        rows += list(bc.fetch_contracts(client, {"suppliers": [10002]}))
        check("faults: every row still arrives", len(rows) == 130, f"{len(rows)} rows, {client.server_errors} 5xx, "
              f"{client.token_calls} tokens")
        check("faults: the simulator served 5xx", client.server_errors > 0)
        check("short token: renewed", client.token_calls >= 2)

    print(f"\n{len(failures)} failed" if failures else "\nall checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
