#!/usr/bin/python3
"""Compares the /points tables of two result files as sets of rows keyed by config_hash,
ignoring sim_wall_s (host time). Exit 1 with the differences listed. Usage: compare_points.py A B"""
import math
import sys

import h5py


def rows(path):
    with h5py.File(path, "r") as f:
        pts = f["points"][:]
        names = [n for n in pts.dtype.names if n not in ("sim_wall_s", "run")]
        out = {}
        for r in pts:
            key = r["config_hash"].decode()
            out[key] = {n: r[n] for n in names}
        return out


def same(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


a, b = rows(sys.argv[1]), rows(sys.argv[2])
problems = []
if a.keys() != b.keys():
    problems.append(f"different points: only in A {sorted(a.keys() - b.keys())[:5]}, only in B {sorted(b.keys() - a.keys())[:5]}")
for k in a.keys() & b.keys():
    for n, v in a[k].items():
        if not same(v, b[k][n]):
            problems.append(f"{k}.{n}: {v} != {b[k][n]}")
if problems:
    print("\n".join(problems[:20]))
    sys.exit(1)
print(f"{len(a)} rows identical")
