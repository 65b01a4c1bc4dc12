#!/usr/bin/env python3
"""The baseline: a NOBB Kontrakt client written the way users write one.

One supplier at a time (and one NOBB number at a time), every page in turn until a short
page, a fixed one-second sleep on 429 or 5xx and then the same call again, a new token on
401. Python 3 standard library only (urllib, json).

It runs one *task* (a JSON object, see scripts/benchmarks/README.md) and writes the task's rows as NDJSON,
plus a JSON line of counters:

    NKQ_CLIENT_ID=demo NKQ_CLIENT_SECRET=demo-secret \\
    scripts/benchmarks/baseline_client.py --endpoint http://127.0.0.1:PORT/nobbkontrakt \\
        --token-url http://127.0.0.1:PORT/api/v1/token \\
        --task '{"resource": "contracts", "suppliers": [10012, 10017]}' --out rows.ndjson

Counters: calls (every API request sent, 429s and retries included; token requests not),
throttled (429s received), serverErrors (5xx received), tokenCalls, sleptSeconds, rows,
elapsedSeconds.
"""

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

PAGE_SIZE = 10
PRICE_CONTRACTS_PER_PAGE = 10


class APIError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body[:200]}")
        self.status = status


class Client:
    """Token, GET/POST with the naive retry, and counters."""

    def __init__(self, endpoint, token_url, client_id, client_secret, retry_sleep=1.0, max_tries=200, timeout=30):
        self.endpoint = endpoint.rstrip("/")
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.retry_sleep = retry_sleep
        self.max_tries = max_tries
        self.timeout = timeout
        self.token = None
        self.calls = 0
        self.throttled = 0
        self.server_errors = 0
        self.token_calls = 0
        self.slept = 0.0

    def fetch_token(self):
        form = urllib.parse.urlencode({
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }).encode()
        req = urllib.request.Request(self.token_url, data=form, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.token_calls += 1
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:
            self.token = json.load(resp)["access_token"]

    def request(self, method, path, params=None, body=None):
        """One API call, repeated after a fixed sleep on 429/5xx; returns the decoded body."""
        url = self.endpoint + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = json.dumps(body).encode() if body is not None else None
        renewed = False
        for _ in range(self.max_tries):
            try:
                if self.token is None:
                    self.fetch_token()  # its failures take the same sleep-and-retry
                headers = {"Authorization": "Bearer " + self.token, "Accept": "application/json"}
                if data is not None:
                    headers["Content-Type"] = "application/json"
                req = urllib.request.Request(url, data=data, method=method, headers=headers)
                self.calls += 1
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    return json.load(resp)
            except urllib.error.HTTPError as e:
                text = e.read().decode("utf-8", "replace")
                if e.code == 401 and not renewed:
                    self.token = None
                    renewed = True
                    continue
                if e.code == 429 or e.code >= 500:
                    if e.code == 429:
                        self.throttled += 1
                    else:
                        self.server_errors += 1
                    time.sleep(self.retry_sleep)
                    self.slept += self.retry_sleep
                    continue
                raise APIError(e.code, text) from None
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                self.server_errors += 1
                time.sleep(self.retry_sleep)
                self.slept += self.retry_sleep
        raise APIError(0, f"gave up after {self.max_tries} tries: {url}")

    def get(self, path, params=None):
        return self.request("GET", path, params)

    def counters(self):
        return {"calls": self.calls, "throttled": self.throttled, "serverErrors": self.server_errors,
                "tokenCalls": self.token_calls, "sleptSeconds": round(self.slept, 3)}


# ---------------------------------------------------------------- fetching, the user's way

def contract_pages(client, supplier, extra):
    """Every page of one supplier's contracts (or all contracts when supplier is None)."""
    page = 1
    while True:
        params = {"count": PAGE_SIZE, "page": page}
        if supplier is not None:
            params["suppliers"] = supplier
        params.update(extra)
        rows = client.get("/v1/contracts", params)
        yield from rows
        if len(rows) < PAGE_SIZE:
            return
        page += 1


def fetch_contracts(client, task):
    extra = task.get("params", {})
    for supplier in task.get("suppliers") or [None]:
        yield from contract_pages(client, supplier, extra)


def fetch_conditions(client, task):
    for contract in fetch_contracts(client, task):
        for condition in contract.get("conditions") or []:
            row = {"contractId": contract.get("contractId"),
                   "supplier": contract.get("ownerParticipantNumber")}
            row.update(condition)
            yield row


def fetch_prices(client, task):
    extra = dict(task.get("params", {}))
    dated = "calculationDate" in extra or "changedAfterDate" in extra
    keys = [("suppliers", s) for s in task.get("suppliers") or []]
    if task.get("nobbNumbers"):
        # With both lists the user loops over items and keeps the suppliers as a filter.
        if keys:
            extra["suppliers"] = ",".join(str(s) for s in task["suppliers"])
        keys = [("nobbNumbers", n) for n in task["nobbNumbers"]]
    for name, value in keys:
        params = dict(extra, **{name: value})
        if not dated:
            yield from client.get("/v1/prices", params)
            continue
        page = 1
        while True:
            rows = client.get("/v1/prices", dict(params, contractsPerPage=PRICE_CONTRACTS_PER_PAGE, contractPage=page))
            if not rows:
                break
            yield from rows
            page += 1


def fetch_zones(client, task):
    for supplier in task.get("suppliers") or []:
        yield from client.get("/v1/zones", {"suppliers": supplier})


FETCHERS = {"contracts": fetch_contracts, "conditions": fetch_conditions,
            "prices": fetch_prices, "zones": fetch_zones}


# ---------------------------------------------------------------- local work, the user's way

def lookup(row, path):
    value = row
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def comparable(value, operand):
    """Timestamps compare with a date operand by their date part."""
    if isinstance(value, str) and isinstance(operand, str) and len(operand) == 10 and len(value) > 10 and value[4:5] == "-":
        return value[:10]
    return value


def matches(row, condition):
    field, op, operand = condition
    value = lookup(row, field)
    if op == "is null":
        return value is None
    if op == "is not null":
        return value is not None
    if op == "in":
        return value in operand
    if op == "contains":
        return isinstance(value, str) and operand.lower() in value.lower()
    if value is None:
        return op == "!=" and operand is not None
    value = comparable(value, operand)
    try:
        return {"=": value == operand, "!=": value != operand, "<": value < operand, "<=": value <= operand,
                ">": value > operand, ">=": value >= operand}[op]
    except TypeError:
        return False


def sort_rows(rows, keys):
    # Stable sorts, last key first; nulls sort first ascending.
    for field, direction in reversed(keys):
        def key(row, field=field):
            value = lookup(row, field)
            return (value is not None, 0 if value is None else value)
        rows.sort(key=key, reverse=(direction == "desc"))
    return rows


def run_task(client, task):
    rows = [r for r in FETCHERS[task["resource"]](client, task)
            if all(matches(r, c) for c in task.get("where", []))]
    if task.get("sort"):
        sort_rows(rows, task["sort"])
    if task.get("limit") is not None:
        rows = rows[: task["limit"]]
    if task.get("select"):
        rows = [{f: lookup(r, f) for f in task["select"]} for r in rows]
    if task.get("count"):
        rows = [{"count": len(rows)}]
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint", required=True, help="API base, e.g. http://127.0.0.1:PORT/nobbkontrakt")
    ap.add_argument("--token-url", required=True)
    ap.add_argument("--task", required=True, help="task as JSON text, or @FILE")
    ap.add_argument("--out", default="-", help="NDJSON rows (default stdout)")
    ap.add_argument("--stats", help="append the counters as one JSON line to this file")
    args = ap.parse_args(argv)
    task_text = open(args.task[1:]).read() if args.task.startswith("@") else args.task
    task = json.loads(task_text)
    client = Client(args.endpoint, args.token_url, os.environ.get("NKQ_CLIENT_ID", "demo"),
                    os.environ.get("NKQ_CLIENT_SECRET", "demo-secret"))
    started = time.monotonic()
    try:
        rows = run_task(client, task)
    except APIError as e:
        print(f"baseline: {e}", file=sys.stderr)
        return 1
    counters = dict(client.counters(), rows=len(rows), elapsedSeconds=round(time.monotonic() - started, 3))
    out = sys.stdout if args.out == "-" else open(args.out, "w")
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()
    if args.stats:
        with open(args.stats, "a") as f:
            f.write(json.dumps(counters) + "\n")
    else:
        print(json.dumps(counters), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
