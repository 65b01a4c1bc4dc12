"""Deterministic NDJSON files of contract-like rows for the local-work and memory benchmarks.

Row i: {"id": i, "supplier": 10001..10240, "amount": 0.00..999.99, "text": "...",
"approved": "2024-MM-DDT..Z", "tags": [...]} — about 150 bytes a row. The same n always gives
the same file, so files are made once and reused (named by row count and format version).
"""

import os

VERSION = 1


def row(i):
    # A multiplicative hash spreads ids over suppliers and amounts without a random module.
    x = (i * 2654435761) % 4294967296
    supplier = 10001 + x % 240
    cents = (x >> 8) % 100000
    month = 1 + (x >> 4) % 12
    day = 1 + (x >> 12) % 28
    return ('{"id":%d,"supplier":%d,"amount":%d.%02d,"text":"Avtale %d for kunde %d","approved":'
            '"2024-%02d-%02dT%02d:%02d:00Z","active":%s,"tags":["n%d","k%d"]}\n'
            % (i, supplier, cents // 100, cents % 100, i % 997, x % 5003, month, day, x % 24, x % 60,
               "true" if x % 3 else "false", x % 7, x % 11))


def rows_file(directory, n):
    path = os.path.join(directory, f"rows-v{VERSION}-{n}.ndjson")
    if os.path.exists(path):
        return path
    partial = path + ".partial"
    with open(partial, "w") as f:
        chunk = []
        for i in range(1, n + 1):
            chunk.append(row(i))
            if len(chunk) == 10000:
                f.write("".join(chunk))
                chunk = []
        f.write("".join(chunk))
    os.replace(partial, path)
    return path
