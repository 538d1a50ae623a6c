#!/usr/bin/python3
"""Checks an edgetwin result file (HDF5, schema_version 1) with h5py alone, as a user would read it.

Usage: /usr/bin/python3 check_results.py RESULT.h5 [--expect-json SUMMARY.json] [--ignore KEY ...]

Without --expect-json it checks the layout: root attributes, the /points table and its columns,
and for every row its /runs/<run> group and tables. With --expect-json it also compares the
/points row (and the run's memory and alerts tables) having the same config_hash against the
output of `edgetwin run --json` (one summary object, a list of them, or {"runs": [...]}), numbers
with a relative tolerance of 1e-9. Exits 1 listing every problem found.
Run it with Debian's /usr/bin/python3: that is the interpreter with h5py.
"""
import argparse
import json
import math
import sys

import h5py
import numpy as np

SCHEMA_VERSION = 1
ROOT_STRING_ATTRS = ["edgetwin_version", "git_commit", "created_utc"]
POINT_STRINGS = ["config_hash", "platform", "runtime", "model", "quant", "fidelity", "status", "error",
                 "bottleneck", "run"]
POINT_INTS = ["n_prompt", "n_gen", "batch", "ctx", "threads"]
POINT_FLOATS = ["clock_hz", "ttft_s", "prefill_tok_s", "decode_tok_s", "latency_p50_s", "latency_p95_s",
                "latency_p99_s", "decode_tok_s_lo", "decode_tok_s_hi", "prefill_tok_s_lo", "prefill_tok_s_hi", "total_s", "energy_J", "energy_per_token_J", "avg_power_W",
                "peak_temperature_C", "peak_memory_B", "share_matmul", "share_attention", "share_norm",
                "share_elementwise", "share_embedding", "sim_wall_s"]
RUN_TABLES = {
    "ops": ["name", "phase", "kind", "layer", "calls", "time_s", "compute_s", "memory_s", "overhead_s", "macs",
            "flops", "energy_J", "bound"],
    "timeline": ["t_s", "phase", "token", "latency_s", "power_W", "temperature_C", "clock_hz"],
    "memory": ["level", "capacity_B", "used_B", "weights_B", "kv_B", "activations_B", "read_B", "write_B"],
    "alerts": ["t_s", "kind", "message"],
    "rails": ["rail", "energy_J", "avg_power_W"],
}
REL_TOL = 1e-9
# Host timing differs between two runs of the same point; compare it only when asked.
DEFAULT_IGNORED = ["sim_wall_s"]


class Checker:
    def __init__(self):
        self.problems = []

    def fail(self, msg):
        self.problems.append(msg)

    def expect(self, cond, msg):
        if not cond:
            self.fail(msg)
        return cond


def text(v):
    """Fixed-length strings come back as bytes, variable-length ones as str."""
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode("utf-8")
    return str(v)


def json_attr(ck, obj, name, where):
    if not ck.expect(name in obj.attrs, f"{where}: missing attribute '{name}'"):
        return None
    try:
        return json.loads(text(obj.attrs[name]))
    except ValueError as e:
        ck.fail(f"{where}: attribute '{name}' is not JSON: {e}")
        return None


def check_table(ck, ds, where, required):
    if not ck.expect(isinstance(ds, h5py.Dataset), f"{where}: not a dataset"):
        return False
    ok = ck.expect(ds.ndim == 1 and ds.dtype.names is not None, f"{where}: not a 1-D compound table")
    ok = ck.expect(ds.maxshape == (None,), f"{where}: maxshape {ds.maxshape}, want (None,)") and ok
    ok = ck.expect(ds.chunks is not None, f"{where}: not chunked") and ok
    ok = ck.expect(ds.compression == "gzip", f"{where}: compression {ds.compression}, want gzip") and ok
    if ds.dtype.names is None:
        return False
    for col in required:
        ok = ck.expect(col in ds.dtype.names, f"{where}: missing column '{col}'") and ok
    for name in ds.dtype.names:
        # Array-valued members would stop pd.DataFrame(ds[:]); every column must be a scalar.
        ok = ck.expect(ds.dtype.fields[name][0].shape == (), f"{where}: column '{name}' is not a scalar") and ok
    for attr in ("units", "descriptions"):
        mapping = json_attr(ck, ds, attr, where)
        if isinstance(mapping, dict):
            missing = [c for c in ds.dtype.names if c not in mapping]
            ok = ck.expect(not missing, f"{where}: attribute '{attr}' lacks {missing}") and ok
        else:
            ok = False
    return ok


def check_points(ck, f):
    if not ck.expect("points" in f, "/points: missing"):
        return None
    ds = f["points"]
    if not check_table(ck, ds, "/points", POINT_STRINGS + POINT_INTS + POINT_FLOATS):
        return None
    for col in POINT_STRINGS:
        ck.expect(ds.dtype[col].kind == "S", f"/points: column '{col}' is {ds.dtype[col]}, want a fixed string")
    for col in POINT_INTS:
        ck.expect(ds.dtype[col] == np.dtype("<i4"), f"/points: column '{col}' is {ds.dtype[col]}, want int32")
    for col in POINT_FLOATS:
        ck.expect(ds.dtype[col] == np.dtype("<f8"), f"/points: column '{col}' is {ds.dtype[col]}, want float64")
    return ds[:]


def check_run(ck, f, row, i):
    run, status = text(row["run"]), text(row["status"])
    where = f"/runs/{run} (row {i})"
    ck.expect(status in ("ok", "error"), f"/points row {i}: status '{status}'")
    if not ck.expect(run in f.get("runs", {}), f"{where}: missing"):
        return
    g = f["runs"][run]
    json_attr(ck, g, "config", where)
    ck.expect(text(g.attrs.get("config_hash", "")) == text(row["config_hash"]), f"{where}: config_hash differs")
    levels = json_attr(ck, g, "memory_levels", where)
    if status == "error":
        ck.expect(text(row["error"]) != "", f"/points row {i}: status error without error text")
        ck.expect(math.isnan(row["ttft_s"]), f"/points row {i}: failed point has a ttft_s")
        ck.expect("error" in g.attrs, f"{where}: failed point without error attribute")
        return
    ck.expect(text(row["error"]) == "", f"/points row {i}: status ok with error text")
    for name, cols in RUN_TABLES.items():
        if ck.expect(name in g, f"{where}: missing table '{name}'"):
            check_table(ck, g[name], f"{where}/{name}", cols)
    if "ops" in g and isinstance(levels, list):
        names = g["ops"].dtype.names or ()
        per_level = [n for n in names if n.startswith("read_B_") or n.startswith("write_B_")]
        ck.expect(len(per_level) == 2 * len(levels),
                  f"{where}/ops: {len(per_level)} read_B_/write_B_ columns for {len(levels)} memory levels")
        ck.expect(json_attr(ck, g["ops"], "memory_levels", f"{where}/ops") == levels,
                  f"{where}/ops: memory_levels differs from the group's")


def same(a, b):
    """JSON value a against file value b: numbers within REL_TOL, NaN equal to null/NaN."""
    if a is None:
        return isinstance(b, float) and math.isnan(b)
    if isinstance(a, str):
        return a == text(b)
    if isinstance(a, bool) or not isinstance(a, (int, float)):
        return False
    b = float(b)
    if math.isnan(b) or math.isnan(float(a)):
        return math.isnan(b) and math.isnan(float(a))
    return math.isclose(float(a), b, rel_tol=REL_TOL, abs_tol=0.0)


def compare_table(ck, rows, expected, where):
    if not ck.expect(len(rows) == len(expected), f"{where}: {len(rows)} rows, JSON has {len(expected)}"):
        return
    for k, (row, exp) in enumerate(zip(rows, expected)):
        for key, val in exp.items():
            if key not in row.dtype.names:
                ck.fail(f"{where}[{k}]: JSON key '{key}' has no column")
            elif not same(val, row[key]):
                ck.fail(f"{where}[{k}].{key}: file {row[key]!r}, JSON {val!r}")


def compare_summary(ck, f, points, summary, ignored):
    h = summary.get("config_hash")
    matches = [i for i, r in enumerate(points) if text(r["config_hash"]) == h]
    if not ck.expect(len(matches) >= 1, f"--expect-json: no /points row with config_hash {h!r}"):
        return
    i = matches[-1]  # the latest row of a repeated point
    row = points[i]
    names = points.dtype.names
    for key, val in summary.items():
        if key in ignored:
            continue
        if key == "op_class_share":
            for cls, share in val.items():
                col = "share_" + cls
                if ck.expect(col in names, f"/points: no column {col} for op_class_share.{cls}"):
                    ck.expect(same(share, row[col]), f"row {i} {col}: file {row[col]!r}, JSON {share!r}")
        elif key in ("memory", "alerts"):
            g = f["runs"][text(row["run"])]
            if ck.expect(key in g, f"/runs/{text(row['run'])}: no table '{key}'"):
                compare_table(ck, g[key][:], val, f"/runs/{text(row['run'])}/{key}")
        elif key == "band":
            # run --json's corpus band [lo, hi] per rate = the /points columns <rate>_lo / <rate>_hi
            for rate in ("decode_tok_s", "prefill_tok_s"):
                if rate in val and ck.expect(rate + "_lo" in names, f"/points: no column {rate}_lo"):
                    ck.expect(same(val[rate][0], row[rate + "_lo"]) and same(val[rate][1], row[rate + "_hi"]),
                              f"row {i} {rate} band: file [{row[rate + '_lo']!r}, {row[rate + '_hi']!r}], JSON {val[rate]!r}")
        elif key == "rail_power_W":
            g = f["runs"][text(row["run"])]
            if ck.expect("rails" in g, f"/runs/{text(row['run'])}: no table 'rails'"):
                stored = {text(r["rail"]): r["avg_power_W"] for r in g["rails"][:]}
                ck.expect(set(stored) == set(val), f"rails: file {sorted(stored)}, JSON {sorted(val)}")
                for rail, watts in val.items():
                    if rail in stored:
                        ck.expect(same(watts, stored[rail]), f"rail {rail}: file {stored[rail]!r}, JSON {watts!r}")
        elif key in names:
            ck.expect(same(val, row[key]), f"row {i} {key}: file {row[key]!r}, JSON {val!r}")
        else:
            print(f"check_results: note: JSON key '{key}' has no /points column, not compared", file=sys.stderr)


def summaries_of(doc):
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and isinstance(doc.get("runs"), list):
        return doc["runs"]
    return [doc]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("h5file")
    ap.add_argument("--expect-json", metavar="FILE", help="summary JSON from `edgetwin run --json`")
    ap.add_argument("--ignore", metavar="KEY", action="append", default=None,
                    help=f"JSON key not to compare (default: {', '.join(DEFAULT_IGNORED)})")
    args = ap.parse_args()
    ignored = set(DEFAULT_IGNORED if args.ignore is None else args.ignore)

    ck = Checker()
    try:
        f = h5py.File(args.h5file, "r")
    except OSError as e:
        print(f"check_results: {args.h5file}: cannot open: {e}", file=sys.stderr)
        return 1
    with f:
        ver = f.attrs.get("schema_version")
        ck.expect(ver is not None and np.issubdtype(np.asarray(ver).dtype, np.integer) and int(ver) == SCHEMA_VERSION,
                  f"root: schema_version {ver!r}, want integer {SCHEMA_VERSION}")
        for a in ROOT_STRING_ATTRS:
            ck.expect(isinstance(f.attrs.get(a), str) and f.attrs.get(a) != "",
                      f"root: attribute '{a}' missing or not a non-empty string")
        if "scenario" in f.attrs:
            json_attr(ck, f, "scenario", "root")
        ck.expect(isinstance(f.get("runs"), h5py.Group), "/runs: missing group")
        points = check_points(ck, f)
        if points is not None:
            for i, row in enumerate(points):
                check_run(ck, f, row, i)
            if args.expect_json:
                with open(args.expect_json, encoding="utf-8") as jf:
                    doc = json.load(jf)
                for summary in summaries_of(doc):
                    compare_summary(ck, f, points, summary, ignored)

    if ck.problems:
        print(f"check_results: {args.h5file}: {len(ck.problems)} problem(s):", file=sys.stderr)
        for p in ck.problems:
            print("  " + p, file=sys.stderr)
        return 1
    n = 0 if points is None else len(points)
    print(f"check_results: {args.h5file}: OK ({n} points)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
