"""Random and mutated nkq statements for the fuzz run of scripts/drill.

`statements(n, seed)` returns n statement texts, one line each: a third built from the
grammar (valid or nearly), a third mutations of valid seeds (a character dropped, inserted or
swapped, a token doubled or dropped, a number blown up, a date made impossible, a field
misspelled, cut short), a third token soup. Fixed seed: the same file every run.
Statements are single lines; a mutation may open a string or a parenthesis that runs into
the next lines, which is itself a case worth feeding the statement splitter.
"""

import random

RESOURCES = ["contracts", "conditions", "prices", "zones", "orderprices"]
FIELDS = {
    "contracts": ["contractId", "text", "approved", "from", "to", "supplier", "ownerParticipantNumber", "lastModified",
                  "conditions"],
    "conditions": ["conditionId", "name", "active", "level", "levelValue", "contractId", "supplier", "elements",
                   "quantity.unit", "zoneId"],
    "prices": ["nobbNumber", "nobb", "supplier", "priceUnit", "currency", "purchasePrice.value", "indexPrice.value"],
    "zones": ["supplier", "supplierParticipantNumber", "zones"],
    "orderprices": ["gtin", "participantNo", "supplier", "nobbNo", "purchasePrice"],
}
OPS = ["=", "!=", "<", "<=", ">", ">="]
SEEDS = [
    "get contracts where supplier in (10012, 10017) and approved >= 2024-01-01 | select contractId, text | sort approved desc | limit 5",
    "get contracts where supplier = 10002 | count",
    "get conditions where supplier = 10012 and level = 'item' | select contractId, conditionId, levelValue",
    "get prices where supplier = 10012 | select nobbNumber, purchasePrice.value | sort nobbNumber | limit 3",
    "get prices where nobb in (40000001, 40000002, 40000003) | group by supplier with count(), avg(purchasePrice.value) as avg",
    "get zones where supplier in (10012, 10017) | flatten zones | select supplier, zones.name",
    "get contracts where supplier = 10003 | flatten conditions | distinct conditions.level",
    "get contracts where supplier = 10012 and text contains 'a' or supplier = 10017 and to is null | count",
    "get conditions where supplier = 10017 and not active = true | select conditionId",
    "get contracts where supplier = 10012 and text matches '^[A-Z]' | select text | limit 2",
    "let s = (10012, 10017)",
    "get contracts where supplier in $s | count",
    "explain get contracts where supplier in (10001, 10002, 10003)",
    "get contracts where supplier = 10012 and lastModified >= today - 365d | select contractId",
    "get orderprices where supplier = 10012 and gtin in ('7020000000017') and deliveryPostalCode = '0150'",
    "get file 'no/such/file.ndjson' | count",
]
SOUP = ["get", "where", "select", "sort", "limit", "flatten", "distinct", "count", "group", "by", "with", "and", "or",
        "not", "in", "is", "null", "contains", "matches", "asc", "desc", "as", "let", "explain", "file", "stdin",
        "|", "(", ")", ",", ";", "=", "!=", "<", ">=", "'x'", '"y"', "$p", "*", ".", "-", "today", "now", "30d",
        "2024-02-30", "2024-13-01", "1e309", "99999999999999999999999", "-0", "0.5", "æøå", "\\", "#", "`", "@", "\t"]
INSERTS = list("|(),'\"=<>!$.#;-*/\\{}[]:") + ["æ", "\u00a0", "\u200b", "0", "9", "x", " "]
STRANGE_NUMBERS = ["99999999999999999999999999", "-1", "0", "1.5", "1e400", "0x10", "00012"]
STRANGE_DATES = ["2024-02-30", "2023-02-29", "2024-13-01", "0000-01-01", "9999-12-31", "2024-1-1", "today - 99999y"]


def grammar_statement(rng):
    resource = rng.choice(RESOURCES + ["nothing"])
    fields = FIELDS.get(resource, ["a", "b"])
    parts = [f"get {resource}"]
    conditions = []
    for _ in range(rng.randint(0, 3)):
        field = rng.choice(fields + ["supplier"])
        form = rng.random()
        if form < 0.4:
            conditions.append(f"{field} {rng.choice(OPS)} {rng.choice(['10012', '10017', '1', '2024-01-01', chr(39) + 'item' + chr(39), 'true', 'null'])}")
        elif form < 0.7:
            conditions.append(f"{field} {rng.choice(['in', 'not in'])} ({', '.join(str(rng.randint(10001, 10030)) for _ in range(rng.randint(0, 4)))})")
        elif form < 0.85:
            conditions.append(f"{field} {rng.choice(['contains', 'matches'])} '{rng.choice(['a', '^A', '(', '[x'])}'")
        else:
            conditions.append(f"{field} is {rng.choice(['', 'not '])}null")
    if conditions:
        parts.append("where " + f" {rng.choice(['and', 'or'])} ".join(conditions))
    for _ in range(rng.randint(0, 3)):
        stage = rng.choice(["select", "sort", "limit", "flatten", "distinct", "count", "group"])
        if stage == "select":
            parts.append("| select " + ", ".join(rng.sample(fields, rng.randint(1, min(3, len(fields))))))
        elif stage == "sort":
            parts.append(f"| sort {rng.choice(fields)} {rng.choice(['asc', 'desc', ''])}")
        elif stage == "limit":
            parts.append(f"| limit {rng.choice(['0', '1', '5', '-1', 'x', '100000000000'])}")
        elif stage == "flatten":
            parts.append(f"| flatten {rng.choice(fields)}")
        elif stage == "distinct":
            parts.append("| distinct " + rng.choice(["", rng.choice(fields)]))
        elif stage == "count":
            parts.append("| count")
        else:
            parts.append(f"| group by {rng.choice(fields)} with {rng.choice(['count()', 'sum(x)', 'avg(' + rng.choice(fields) + ')', 'max()'])}")
    return " ".join(parts)


def mutate(text, rng):
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(9)
        tokens = text.split(" ")
        if kind == 0 and text:
            i = rng.randrange(len(text))
            text = text[:i] + text[i + 1:]
        elif kind == 1:
            i = rng.randrange(len(text) + 1)
            text = text[:i] + rng.choice(INSERTS) + text[i:]
        elif kind == 2 and len(tokens) > 1:
            i = rng.randrange(len(tokens) - 1)
            tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
            text = " ".join(tokens)
        elif kind == 3:
            i = rng.randrange(len(tokens))
            tokens.insert(i, tokens[i])
            text = " ".join(tokens)
        elif kind == 4 and len(tokens) > 1:
            del tokens[rng.randrange(len(tokens))]
            text = " ".join(tokens)
        elif kind == 5:
            text = " ".join(rng.choice(STRANGE_NUMBERS) if t.strip("(),").isdigit() and rng.random() < 0.5 else t
                            for t in tokens)
        elif kind == 6:
            text = text.replace("2024-01-01", rng.choice(STRANGE_DATES))
        elif kind == 7:
            i = rng.randrange(len(tokens))
            if tokens[i].isalpha():
                tokens[i] = tokens[i][:-1] + rng.choice("xzq") if len(tokens[i]) > 2 else tokens[i] + "x"
            text = " ".join(tokens)
        elif kind == 8 and text:
            text = text[: rng.randrange(len(text))]
    return text


def soup(rng):
    return " ".join(rng.choice(SOUP) for _ in range(rng.randint(1, 14)))


def statements(n, seed=8):
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        pick = rng.random()
        if pick < 1 / 3:
            text = grammar_statement(rng)
        elif pick < 2 / 3:
            text = mutate(rng.choice(SEEDS), rng)
        else:
            text = soup(rng)
        # One statement per line: a line break inside the text would only shift positions.
        text = text.replace("\n", " ").replace("\r", " ")
        if text.lstrip().startswith("."):
            continue  # a dot-command (.output FILE, .quit) is the shell's, not the language's
        out.append(text)
    return out


def hostile(size, seed=8):
    """Statements made to hurt, each `size` units long, as (name, text) pairs: long chains of
    `and`/`or` (must run), nesting far past nkq's cap of 64 levels (one error at the cap), a
    stage keyword repeated (one error each), a long line of token soup and one of characters
    the lexer cannot read. They read `stdin` (empty in the drill), so no API is called. nkq's
    time on each must grow linearly with `size`."""
    rng = random.Random(seed)
    return [
        ("and chain", "get stdin where " + " and ".join(f"a != {i}" for i in range(size))),
        ("or chain", "get stdin where " + " or ".join(f"a = {i}" for i in range(size))),
        ("nested groups", "get stdin where " + "(" * size + "a = 1" + ")" * size),
        ("nots", "get stdin where " + "not " * size + "a = 1"),
        ("unclosed groups", "get stdin where " + "(" * size),
        ("nested lists", "get stdin where a in " + "(" * size + "1" + ")" * size),
        ("| where repeated", "get stdin " + "| where " * size),
        ("token soup line", "get stdin where " + " ".join(rng.choice([s for s in SOUP if s not in (";", "\t")])
                                                          for _ in range(size))),
        ("unreadable characters", "get stdin where a = " + "@" * size),
    ]
