"""Deterministic row files of contract-like rows for the local-work and memory benchmarks.

Row i: {"id": i, "supplier": 10001..10240, "amount": 0.00..999.99, "text": "...",
"approved": "2024-MM-DDT..Z", "active": bool, "tags": [...], "currency", "unit", "note"} —
about 200 bytes a row. The same rows as NDJSON or as CSV (a header row, the tags joined with
`;`, nothing quoted). The same n always gives the same file, so files are made once and reused
(named by row count, layout and format version).
"""

import os

VERSION = 2

CSV_HEADER = "id,supplier,amount,text,approved,active,tags,currency,unit,note\n"


def fields(i):
    # A multiplicative hash spreads ids over suppliers and amounts without a random module.
    x = (i * 2654435761) % 4294967296
    supplier = 10001 + x % 240
    cents = (x >> 8) % 100000
    month = 1 + (x >> 4) % 12
    day = 1 + (x >> 12) % 28
    return {"id": i, "supplier": supplier, "amount": "%d.%02d" % (cents // 100, cents % 100),
            "text": "Avtale %d for kunde %d" % (i % 997, x % 5003),
            "approved": "2024-%02d-%02dT%02d:%02d:00Z" % (month, day, x % 24, x % 60),
            "active": "true" if x % 3 else "false", "tags": ["n%d" % (x % 7), "k%d" % (x % 11)],
            "unit": ("stk", "m", "kg", "pk")[x % 4],
            "note": "Levering innen %d dager fra lager %d" % (1 + x % 30, x % 17)}


def row(i):
    f = fields(i)
    return ('{"id":%d,"supplier":%d,"amount":%s,"text":"%s","approved":"%s","active":%s,'
            '"tags":["%s","%s"],"currency":"NOK","unit":"%s","note":"%s"}\n'
            % (f["id"], f["supplier"], f["amount"], f["text"], f["approved"], f["active"], f["tags"][0],
               f["tags"][1], f["unit"], f["note"]))


def csv_row(i):
    f = fields(i)
    return "%d,%d,%s,%s,%s,%s,%s,NOK,%s,%s\n" % (
        f["id"], f["supplier"], f["amount"], f["text"], f["approved"], f["active"], ";".join(f["tags"]),
        f["unit"], f["note"])


def rows_file(directory, n, layout="ndjson"):
    """The file of n rows in `layout` (`ndjson` or `csv`), made when missing."""
    path = os.path.join(directory, f"rows-v{VERSION}-{n}.{layout}")
    if os.path.exists(path):
        return path
    line = row if layout == "ndjson" else csv_row
    partial = path + ".partial"
    with open(partial, "w") as f:
        if layout == "csv":
            f.write(CSV_HEADER)
        chunk = []
        for i in range(1, n + 1):
            chunk.append(line(i))
            if len(chunk) == 10000:
                f.write("".join(chunk))
                chunk = []
        f.write("".join(chunk))
    os.replace(partial, path)
    return path
