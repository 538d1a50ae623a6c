"""edgetwin from Python: simulate design points and sweeps, load results as pandas DataFrames.

    import edgetwin
    r = edgetwin.run(platform="rpi5-8gb", model="tinyllama-1.1b", quant="Q4_0")
    r["decode_tok_s"], r["band"]["decode_tok_s"]
    df = edgetwin.sweep("scenarios/sweep-rpi5-quant-freq.json")   # one row per design point
    df = edgetwin.load("sweep-rpi5.h5")                            # /points of any result file

run() takes the CLI's run flags as keywords (platform, model, quant, runtime, kv_type, n_prompt, n_gen,
batch, ctx, freq, power_mode, threads, gpu_layers, fidelity, calibration) and returns the summary
that `edgetwin run --json` prints. A bad setting raises ValueError with the CLI's one-line message.
"""
import json
import os
import tempfile

from . import _edgetwin

__all__ = ["run", "sweep", "load", "__version__"]
__version__ = _edgetwin.version()


def run(**settings):
    """Simulate one design point; returns the summary as a dict."""
    return json.loads(_edgetwin.run_json(json.dumps(settings)))


def load(path):
    """The /points table of a result file as a DataFrame (one row per design point)."""
    import pandas
    return pandas.read_hdf(path, "points")


def sweep(scenario, jobs=1, output=None):
    """Run a scenario's sweep section (a file path or a dict) and return its /points as a DataFrame.

    The result file is `output` if given (an earlier sweep result there is replaced; any other file,
    a device or a link is refused with ValueError), else a temporary file."""
    with tempfile.TemporaryDirectory(prefix="edgetwin-") as tmp:
        path = scenario
        if isinstance(scenario, dict):
            path = os.path.join(tmp, "scenario.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(scenario, f)
        out = output if output is not None else os.path.join(tmp, "sweep.h5")
        _edgetwin.sweep_file(os.fspath(path), os.fspath(out), int(jobs))
        return load(out)
