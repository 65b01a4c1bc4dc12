"""The fewest API calls the API's rules allow for a task's data (docs/openapi.yaml).

The rules: contracts come in pages of at most 10 (`count` <= 10), at most 10 suppliers a
call, and the only end-of-data signal is a short page; prices take at most 10 suppliers and
20 NOBB numbers a call and are one unpaged answer without a date filter, and pages over
contracts (contractsPerPage <= 10, stop at an empty page) with one; zones take 10 suppliers.

The data-dependent counts (how many contracts each supplier has under the task's server-side
filters) are read from the simulator through an *oracle* client before the comparison; the
oracle's own calls are not part of any figure.

Each function returns (calls, formula text, exact?). `exact` is False where the figure is a
lower bound that a planner may not be able to reach (documented per case).
"""

import math

PAGE = 10          # contracts per page
SUPPLIERS = 10     # suppliers per call
NOBBS = 20         # NOBB numbers per prices call


def pages_for(n):
    """Pages for n contracts when only a short page ends the data: ceil((n+1)/10) = n//10 + 1."""
    return n // PAGE + 1


def best_batches(counts):
    """Fewest pages for suppliers with these contract counts, split into batches of <= 10.

    A batch with n contracts costs n//10 + 1 pages, so k batches holding N contracts cost
    k + (N - R)/10 where R is the sum of the batches' remainders (n mod 10). Merging batches
    never costs more, so k = ceil(m/10); the best split maximises R. Exact search for k <= 2;
    beyond that R <= min(9k, N) with R = N (mod 10) gives a lower bound.
    """
    m = len(counts)
    if m == 0:
        return 0, True
    k = math.ceil(m / SUPPLIERS)
    total = sum(counts)
    if k == 1:
        return pages_for(total), True
    if k == 2:
        states = {((0, 0), (0, 0))}
        for n in counts:
            grown = set()
            for state in states:
                for i, (size, rest) in enumerate(state):
                    if size < SUPPLIERS:
                        batch = list(state)
                        batch[i] = (size + 1, (rest + n) % PAGE)
                        grown.add(tuple(sorted(batch)))
            states = grown
        best = max(sum(rest for _, rest in state) for state in states)
        return k + (total - best) // PAGE, True
    best = min(9 * k, total)
    best -= (best - total) % PAGE
    return k + (total - best) // PAGE, False


class Oracle:
    """Reads the data the minimum depends on; caches per (supplier, filters)."""

    def __init__(self, client):
        self.client = client
        self._counts = {}

    def contract_count(self, supplier, params):
        from baseline_client import contract_pages
        key = (supplier, tuple(sorted(params.items())))
        if key not in self._counts:
            self._counts[key] = sum(1 for _ in contract_pages(self.client, supplier, params))
        return self._counts[key]

    def price_pages(self, params):
        """Pages of a dated prices request until the empty page (the empty one included)."""
        page = 1
        while self.client.get("/v1/prices", dict(params, contractsPerPage=PAGE, contractPage=page)):
            page += 1
        return page


def has_local_work_before_limit(task):
    return bool(task.get("where") or task.get("sort"))


def minimum(task, oracle):
    kind = task["resource"]
    suppliers = task.get("suppliers") or []
    params = task.get("params", {})
    if kind in ("contracts", "conditions"):
        everything = pages_for(oracle.contract_count(None, params))
        if suppliers:
            counts = [oracle.contract_count(s, params) for s in suppliers]
            batched, exact = best_batches(counts)
            calls = min(batched, everything)
            formula = (f"{len(suppliers)} suppliers, contracts {counts}: sum over batches of <=10 of "
                       f"floor(n/10)+1 = {batched}" + ("" if exact else " (lower bound)")
                       + f"; without a supplier filter {everything}")
            exact = exact or everything <= batched
        else:
            calls, exact = everything, True
            formula = f"all {oracle.contract_count(None, params)} contracts: floor(n/10)+1"
        limit = task.get("limit")
        if limit is not None and not has_local_work_before_limit(task) and not task.get("count"):
            # The first `limit` rows need ceil(limit/10) full pages, if there are that many.
            limited = max(1, math.ceil(limit / PAGE))
            if limited < calls:
                calls, formula = limited, f"limit {limit} with no local filter first: ceil({limit}/10)"
        return calls, formula, exact
    if kind == "prices":
        nobbs = task.get("nobbNumbers") or []
        if "calculationDate" in params or "changedAfterDate" in params:
            total = 0
            for i in range(0, max(len(suppliers), 1), SUPPLIERS):
                batch = dict(params)
                if suppliers:
                    batch["suppliers"] = ",".join(str(s) for s in suppliers[i:i + SUPPLIERS])
                total += oracle.price_pages(batch)
            return total, "dated prices: per batch of <=10 suppliers, contract pages until the empty page", False
        by_supplier = math.ceil(len(suppliers) / SUPPLIERS) if suppliers else None
        by_nobb = math.ceil(len(nobbs) / NOBBS) if nobbs else None
        options = [c for c in (by_supplier, by_nobb) if c]
        return min(options), (f"unpaged: min(ceil({len(suppliers)}/10) by supplier, ceil({len(nobbs)}/20) by NOBB number)"), True
    if kind == "zones":
        return math.ceil(len(suppliers) / SUPPLIERS), f"ceil({len(suppliers)}/10)", True
    raise ValueError(f"no minimum formula for {kind}")
