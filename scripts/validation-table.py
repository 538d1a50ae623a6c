#!/usr/bin/env python3
"""Prints the README's validation table from `build/bench/validate --json` (read on stdin)."""
import json
import sys


def cell(s):
    if s["n"] == 0 and s["refused"] == 0:
        return "-"
    extra = f", {s['refused']} refused" if s["refused"] else ""
    return f"{100 * s['mape']:.1f} % (n={s['n']}{extra})"


def main():
    d = json.load(sys.stdin)
    print(f"{d['n_rows']} rows: {d['n_train']} train, {d['n_test']} test "
          f"({100 * d['n_test'] / d['n_rows']:.0f} %); band coverage of the test rows "
          f"{100 * d['band_test_coverage']['share']:.0f} % of {d['band_test_coverage']['rows']}.")
    print()
    print("| rows | metric | train MAPE | test MAPE |")
    print("|---|---|---:|---:|")
    for b in d["overall"] + d["by_family_runtime"]:
        key = "all" if b["key"] == "all" else f"`{b['key']}`"
        print(f"| {key} | {b['metric_class']} | {cell(b['train'])} | {cell(b['test'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
