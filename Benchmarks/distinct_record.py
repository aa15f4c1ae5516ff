#!/usr/bin/env python3
"""Writes a case record of SIZE bytes in which (almost) no sentence repeats:
the labelled sets' sentences, cycled, each paragraph opening with a case
number of its own ("Case 10482:"), so a per-run
cache of identical sentences cannot make `make bench-language` fast.

    distinct_record.py SIZE OUTPUT TSV...
"""
import sys

size, output, sets = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
sentences = []
for name in sets:
    for line in open(name, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(parts) < 2:
            continue
        sentences.append(parts[-1])
written, case, index = 0, 10000, 0
with open(output, "w", encoding="utf-8") as out:
    while written < size:
        case += 1
        # Four sentences a paragraph, each made distinct by its case number.
        lines = [f"Case {case}{'abcd'[n]}: {sentences[(index + n) % len(sentences)]}" for n in range(4)]
        index += 4
        text = " ".join(lines) + "\n\n"
        out.write(text)
        written += len(text.encode("utf-8"))
