#!/usr/bin/env python3
"""Checks of the harness's own arithmetic and comparisons: `python3 scripts/benchmarks/test_bench.py`.

The parts that talk to the simulator (baseline client, oracle) are checked by
`scripts/benchmarks/check_sim.py` against a running `nkq sim`.
"""

import itertools
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import baseline_client as bc  # noqa: E402
import datagen  # noqa: E402
import drill  # noqa: E402
import fuzz  # noqa: E402
import harness as h  # noqa: E402
import mincalls  # noqa: E402
import report  # noqa: E402


def brute_force(counts):
    """Fewest pages over every split of the suppliers into ceil(m/10) batches of <= 10."""
    m = len(counts)
    k = -(-m // 10)
    best = None
    for assignment in itertools.product(range(k), repeat=m):
        sizes = [assignment.count(b) for b in range(k)]
        if max(sizes) > 10:
            continue
        cost = sum(mincalls.pages_for(sum(c for c, b in zip(counts, assignment) if b == g)) for g in range(k))
        best = cost if best is None else min(best, cost)
    return best


class MinimumCalls(unittest.TestCase):
    def test_pages_for_short_page_stop(self):
        # 0 contracts: one empty page; 10: a full page and an empty one; 120: 12 full + 1 empty.
        self.assertEqual([mincalls.pages_for(n) for n in (0, 1, 9, 10, 11, 20, 120)], [1, 1, 1, 2, 2, 3, 13])

    def test_one_batch_is_the_total(self):
        self.assertEqual(mincalls.best_batches([10, 20, 120, 7, 3]), (mincalls.pages_for(160), True))
        self.assertEqual(mincalls.best_batches([]), (0, True))

    def test_two_batches_match_brute_force(self):
        rng = random.Random(1)
        for _ in range(25):
            counts = [rng.choice([0, 1, 3, 5, 9, 10, 11, 19, 20, 37]) for _ in range(rng.randint(11, 13))]
            calls, exact = mincalls.best_batches(counts)
            self.assertTrue(exact)
            self.assertEqual(calls, brute_force(counts), counts)

    def test_two_batches_gain_from_a_good_split(self):
        # Batches in list order: [9, 9, 1×8] = 26 → 3 pages, [1] → 1: 4 in all.
        # Better: [9, 1×9] = 18 → 2 pages, [9] → 1: 3.
        counts = [9, 9] + [1] * 9
        in_order = sum(mincalls.pages_for(sum(counts[i:i + 10])) for i in range(0, 11, 10))
        self.assertEqual(in_order, 4)
        self.assertEqual(mincalls.best_batches(counts), (3, True))

    def test_bound_beyond_two_batches_never_exceeds_a_real_split(self):
        rng = random.Random(2)
        for _ in range(50):
            counts = [rng.randint(0, 40) for _ in range(rng.randint(21, 40))]
            bound, exact = mincalls.best_batches(counts)
            self.assertFalse(exact)
            order = counts[:]
            rng.shuffle(order)
            in_order = sum(mincalls.pages_for(sum(order[i:i + 10])) for i in range(0, len(order), 10))
            self.assertLessEqual(bound, in_order)
            self.assertGreaterEqual(bound, -(-len(counts) // 10))


class LocalWork(unittest.TestCase):
    rows = [{"id": 3, "approved": "2024-03-01T10:00:00Z", "level": "item", "p": {"v": 2}},
            {"id": 1, "approved": "2023-12-31T23:59:59Z", "level": "supplier", "p": {"v": 5}},
            {"id": 2, "approved": None, "level": "item", "p": None}]

    def test_where_compares_timestamps_with_dates_by_day(self):
        kept = [r["id"] for r in self.rows if bc.matches(r, ["approved", ">=", "2024-01-01"])]
        self.assertEqual(kept, [3])
        kept = [r["id"] for r in self.rows if bc.matches(r, ["approved", "<", "2024-01-01"])]
        self.assertEqual(kept, [1])

    def test_where_operators(self):
        ids = lambda c: [r["id"] for r in self.rows if bc.matches(r, c)]  # noqa: E731
        self.assertEqual(ids(["level", "=", "item"]), [3, 2])
        self.assertEqual(ids(["level", "!=", "item"]), [1])
        self.assertEqual(ids(["id", "in", [1, 2]]), [1, 2])
        self.assertEqual(ids(["p.v", ">", 3]), [1])
        self.assertEqual(ids(["approved", "is null", None]), [2])
        self.assertEqual(ids(["level", "contains", "SUPP"]), [1])

    def test_sort_desc_then_select_then_limit(self):
        rows = bc.sort_rows([dict(r) for r in self.rows], [["id", "desc"]])
        self.assertEqual([r["id"] for r in rows], [3, 2, 1])
        rows = bc.sort_rows([dict(r) for r in self.rows], [["approved", "asc"]])
        self.assertEqual([r["id"] for r in rows], [2, 1, 3])  # null first ascending

    def test_row_difference_counts_lost_and_repeated(self):
        a, b, c = {"x": 1}, {"x": 2.50}, {"x": 3}
        self.assertEqual(h.row_difference([a, b, c], [c, b, a]), (0, 0))
        self.assertEqual(h.row_difference([a, b, c], [a, a, b]), (1, 1))
        self.assertEqual(h.row_difference([a], []), (1, 0))
        # Key order and number spelling do not matter.
        self.assertEqual(h.row_difference([{"a": 1, "b": 2.5}], [{"b": 2.50, "a": 1}]), (0, 0))

    def test_normalised_makes_tool_spellings_one(self):
        # nkq keeps "900.50", DuckDB writes 900.5, jq's float sums carry noise; DuckDB writes UTC
        # timestamps its own way.
        self.assertEqual(h.normalised({"a": 900.50, "t": "2024-01-05 10:20:00+00"}),
                         h.normalised({"t": "2024-01-05T10:20:00Z", "a": 900.5}))
        self.assertEqual(h.normalised({"s": 1234.5600000000002}), h.normalised({"s": 1234.56}))
        self.assertEqual(h.normalised({"n": 3.0}), h.normalised({"n": 3}))
        self.assertNotEqual(h.normalised({"n": 3.01}), h.normalised({"n": 3}))
        self.assertNotEqual(h.normalised({"b": True}), h.normalised({"b": 1}))

    def test_json_values_reads_one_array_per_statement(self):
        self.assertEqual(h.json_values('[{"a":1}]\n[]\n[1, 2]\n'), [[{"a": 1}], [], [1, 2]])
        self.assertEqual(h.json_values(""), [])


class Generators(unittest.TestCase):
    def test_rows_are_deterministic_json(self):
        import json
        first = [json.loads(datagen.row(i)) for i in range(1, 200)]
        self.assertEqual(first, [json.loads(datagen.row(i)) for i in range(1, 200)])
        self.assertTrue(all(10001 <= r["supplier"] <= 10240 and 0 <= r["amount"] < 1000 for r in first))
        self.assertGreater(sum(r["amount"] >= 900 for r in first), 5)

    def test_csv_rows_hold_the_ndjson_rows(self):
        import csv
        import io
        import json
        text = datagen.CSV_HEADER + "".join(datagen.csv_row(i) for i in range(1, 50))
        for i, r in enumerate(csv.DictReader(io.StringIO(text)), start=1):
            j = json.loads(datagen.row(i))
            self.assertEqual((int(r["id"]), int(r["supplier"]), float(r["amount"]), r["tags"]),
                             (j["id"], j["supplier"], j["amount"], ";".join(j["tags"])))

    def test_fuzz_is_reproducible_and_one_line_each(self):
        a = fuzz.statements(500, seed=3)
        self.assertEqual(a, fuzz.statements(500, seed=3))
        self.assertEqual(len(a), 500)
        self.assertTrue(all("\n" not in s for s in a))
        self.assertGreater(len(set(a)), 400)


class OutputChecks(unittest.TestCase):
    def test_fuzz_output_judges_only_json_looking_lines(self):
        self.assertEqual(drill.Drill.json_answers('[1]\n[]\n'), (2, 0, None))
        self.assertEqual(drill.Drill.json_answers('[1]\nplan: 2 calls\n  GET /v1/x\n[]'), (2, 2, None))
        self.assertEqual(drill.Drill.json_answers('[{"a":1}\n[2]\n'), (0, 0, '[{"a":1}'))
        self.assertEqual(drill.Drill.json_answers('[1][2]'), (2, 0, None))

    def test_leak_check_finds_secret_and_bearer_tokens(self):
        run = lambda out, err="": h.Run([], 0, out, err, 0)  # noqa: E731
        self.assertTrue(drill.Drill.leaks(run("x demo-secret y")))
        self.assertTrue(drill.Drill.leaks(run("", "Authorization: Bearer eyJhbGciOi.abc")))
        self.assertFalse(drill.Drill.leaks(run("a Bearer token expired", "")))

    def test_report_tables_escape_pipes(self):
        self.assertIn("`a \\| b`", report.rows(["s"], [["`a | b`"]]))
        self.assertIn("| – |", report.rows(["x"], [[None]]))

    def test_quota_bound(self):
        bench = object.__new__(__import__("bench").Bench)
        self.assertEqual(bench.quota_bound(100), 7)    # 5 windows: 4 waited out, first up to 1 s short
        self.assertEqual(bench.quota_bound(101), 9)
        self.assertEqual(bench.quota_bound(20), 0)
        self.assertIsNone(bench.quota_bound(0))

    def test_quota_imposed(self):
        bench = object.__new__(__import__("bench").Bench)
        # 19 left until 102.0, then windows of 20 open at 102, 104, 106 and 108: the 100th call's.
        self.assertEqual(bench.quota_imposed(100, 19, 102, 100.5), 9.5)
        self.assertEqual(bench.quota_imposed(19, 19, 102, 100.5), 0)
        self.assertEqual(bench.quota_imposed(20, 19, 102, 100.5), 1.5)


if __name__ == "__main__":
    unittest.main()
