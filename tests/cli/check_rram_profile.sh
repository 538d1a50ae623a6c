#!/usr/bin/env bash
# `edgetwin rram profile` and `edgetwin rram logits` end to end: a script with a CSV matrix and
# random operands runs, writes /rram/profile (checked with h5py when available), prints JSON; bad
# input gives one line on stderr, exit 2 and no file.
set -u
bin="$1"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

printf '# 4x4, diagonally dominant\n4,1,0,0\n1,4,1,0\n0,1,4,1\n0,0,1,4\n' > A.csv
printf '1 2 3 4\n' > b.csv
cat > ops.json <<'JSON'
{ "schema_version": 1, "preset": "pku-hpinv-40nm", "seed": 3,
  "non_idealities": { "prog_sigma": 0.01, "read_sigma": 0.002 },
  "ops": [ { "op": "write_matrix", "label": "A", "matrix": { "file": "A.csv" } },
           { "op": "read_matrix" },
           { "op": "mvm", "label": "x", "x": { "random": { "vectors": 4, "seed": 2 } } },
           { "op": "hp_inv", "label": "b", "b": { "file": "b.csv" }, "lp_array": 4 },
           { "op": "write_matrix", "label": "R", "matrix": { "random": { "rows": 16, "cols": 16, "condition": 2 } } },
           { "op": "hp_inv", "b": { "random": { "seed": 5 } } } ] }
JSON
if ! "$bin" rram profile --ops ops.json -o prof.h5 --json > out.json 2> err.txt; then fail "profile run"; cat err.txt; fi
[ -f prof.h5 ] || fail "no prof.h5"
/usr/bin/python3 - <<'PY' || fail "JSON summary"
import json
d = json.load(open("out.json"))
ops = d["ops"]
assert [o["op"] for o in ops] == ["write_matrix", "read_matrix", "mvm", "hp_inv", "write_matrix", "hp_inv"], ops
assert ops[3]["residual"] <= 1e-6 and ops[5]["residual"] <= 1e-6, ops
assert all(o["time_s"] > 0 and o["energy_J"] > 0 for o in ops)
print("ok: JSON summary, hp_inv iterations", ops[3]["iterations"], ops[5]["iterations"])
PY
if /usr/bin/python3 -c "import h5py" 2>/dev/null; then
  /usr/bin/python3 - <<'PY' || fail "h5py check"
import h5py, json
f = h5py.File("prof.h5", "r")
t = f["rram/profile"][:]
assert len(t) == 6 and t["op"][0] == b"write_matrix", t
assert abs(t["energy_J"][2] - sum(t[c][2] for c in ["dac_J", "array_J", "adc_J", "shift_add_J", "buffer_J", "digital_J", "movement_J", "program_J"])) < 1e-18
r = f["rram/hp_inv_residuals"][:]
assert (r["index"] == 3).sum() == t["iterations"][3]
assert json.loads(f["rram"].attrs["config"])["preset"] == "pku-hpinv-40nm"
assert json.loads(f["rram/profile"].attrs["units"])["time_s"] == "s"
print("ok: h5py /rram/profile", len(t), "rows")
PY
fi
"$bin" rram logits --tokens 4 --trials 2 --values 0,0.3 -o logits.h5 --json > logits.json 2> err.txt || { fail "logits run"; cat err.txt; }
[ -f logits.h5 ] || fail "no logits.h5"

expect_user_error() {  # description, expected substring, args...
  local what="$1" want="$2"; shift 2
  "$bin" "$@" >stdout.txt 2>stderr.txt; local rc=$?
  local lines; lines=$(wc -l < stderr.txt)
  if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || [ -s stdout.txt ] || ! grep -qF -- "$want" stderr.txt || ls bad.h5* >/dev/null 2>&1; then
    fail "$what (rc=$rc, stderr lines=$lines)"; cat stderr.txt
  else
    echo "ok: $what -> $(cat stderr.txt)"
  fi
  rm -f bad.h5*
}
printf '{"schema_version": 1, "ops": [{"op": "write_matrix", "matrix": {"file": "A.csv"}}, {"op": "invert"}]}' > badop.json
printf '{"schema_version": 1, "ops": [{"op": "write_matrix", "matrix": {"file": "A.csv"}}, {"op": "mvm", "x": {"file": "b.csv"}}, {"op": "mvm", "x": {"file": "A.csv"}}, {"op": "hp_inv", "b": {"file": "bad.csv"}}]}' > badcsv.json
printf '1,2\nx,4\n' > bad.csv
printf '{"schema_version": 1, "ops": [{"op": "write_matrix", "matrix": {"random": {"rows": 3, "cols": 2}}}, {"op": "hp_inv", "b": {"random": {}}}]}' > nonsquare.json
printf '{"schema_version": 1, "non_idealities": {"read_sigma": 2}, "ops": [{"op": "read_matrix"}]}' > sigma.json
expect_user_error "unknown op" "ops[1].op: 'invert' (allowed: write_matrix, read_matrix, mvm, hp_inv)" rram profile --ops badop.json --preset neurram -o bad.h5
expect_user_error "bad CSV" "bad.csv: line 2: 'x' is not a finite number" rram profile --ops badcsv.json --preset neurram -o bad.h5
expect_user_error "non-square hp_inv" "ops[1]: hp_inv needs a square matrix" rram profile --ops nonsquare.json --preset pku-hpinv-40nm -o bad.h5
expect_user_error "sigma out of range" "non_idealities.read_sigma" rram profile --ops sigma.json --preset neurram -o bad.h5
expect_user_error "no preset" "preset: no crossbar preset" rram profile --ops nonsquare.json -o bad.h5
expect_user_error "unknown preset" "no crossbar preset 'nope'" rram profile --ops ops.json --preset nope -o bad.h5
expect_user_error "unwritable output" "cannot create result file" rram profile --ops ops.json -o /nonexistent-dir/bad.h5
expect_user_error "unknown knob" "--knob: 'noise' (allowed: read_sigma, prog_sigma, adc_bits)" rram logits --knob noise -o bad.h5
expect_user_error "ADC bits not whole" "--values: ADC bits must be whole numbers" rram logits --knob adc_bits --values 4.5 -o bad.h5
[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all rram CLI checks passed"
