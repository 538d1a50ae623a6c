#!/usr/bin/python3
"""Drive the twin from Python: one design point, then a small sweep as a pandas DataFrame.

    PYTHONPATH=build/python /usr/bin/python3 examples/python_api.py
(after scripts/setup.sh, plain `python3 examples/python_api.py` finds the package too).
"""
import edgetwin

# One point, as `edgetwin run --json` reports it, with the validation corpus's 80 % band.
r = edgetwin.run(platform="rpi5-8gb", model="tinyllama-1.1b", quant="Q4_0", n_prompt=128, n_gen=32)
lo, hi = r["band"]["decode_tok_s"]
print(f"TinyLlama Q4_0 on a Raspberry Pi 5: {r['decode_tok_s']:.2f} tok/s decode (likely {lo:.1f}-{hi:.1f})")

# A sweep given as a dict: quantization x threads; one DataFrame row per design point.
scenario = {
    "schema_version": 1,
    "name": "python-example",
    "workload": {"model": "tinyllama-1.1b", "quant": "Q4_0", "n_prompt": 64, "n_gen": 16},
    "hardware": {"platform": "rpi5-8gb"},
    "sweep": {"mode": "grid", "axes": {"workload.quant": ["Q4_0", "Q8_0"], "runtime.threads": [1, 4]}},
}
df = edgetwin.sweep(scenario)
print(df[["quant", "threads", "decode_tok_s", "energy_per_token_J"]].to_string(index=False))

# Checks a reader can trust: four points, all simulated; Q4_0 moves fewer bytes than Q8_0 per token
# (4.5 vs 8.5 bits per weight), so on the same threads it decodes faster; more threads never slow decode.
assert len(df) == 4 and (df["status"] == "ok").all()
q = df.set_index(["quant", "threads"])["decode_tok_s"]
assert q["Q4_0", 4] > q["Q8_0", 4] and q["Q4_0", 4] >= q["Q4_0", 1], q
