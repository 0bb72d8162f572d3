"""What tf_ops.py and onnx_ops.py share: running one saved model through
kiln-run on saved feeds, comparing with the peer's results, and the case
loop with its one-line report per case."""
import os
import subprocess
import sys

import numpy as np


def close(got, want, rtol, rms_fraction, peer):
    """"" when `got` matches `want` within rtol (plus rms_fraction of the
    expected output's RMS, for elements that cancel to near zero)."""
    if got.shape != want.shape:
        return f"shape {got.shape}, {peer} {want.shape}"
    a64, b64 = got.astype(np.float64), want.astype(np.float64)
    rms = float(np.sqrt(np.mean(np.square(b64)))) if want.size else 0.0
    bound = rtol * np.abs(b64) + max(1e-6, rms_fraction * rms)
    if not np.all(np.abs(a64 - b64) <= bound):
        return f"max abs error {float(np.max(np.abs(a64 - b64))):.3g}"
    return ""


def run_kiln(kiln_run, workdir, name, model, feeds, outs):
    """Runs kiln-run on `model` with `feeds` (name -> array); returns the
    fetched arrays in `outs` order, or the last line of its error."""
    command = [kiln_run, model]
    for feed, value in feeds.items():
        path = os.path.join(workdir, f"{name}_{feed}.npy")
        np.save(path, value)
        command += ["--feed", f"{feed}={path}"]
    # Tensor names ("gradients/x_grad/Mul:0") made file names.
    paths = [os.path.join(workdir, f"{name}_{o}.npy".replace("/", "_").replace(":", "_"))
             for o in outs]
    for o, path in zip(outs, paths):
        command += ["--fetch", o, "--out", f"{o}={path}"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        return (result.stderr.strip().splitlines() or ["kiln-run failed"])[-1]
    return [np.load(path) for path in paths]


def compare_outputs(outs, got, expected, rtol, rms_fraction, peer):
    if isinstance(got, str):
        return got
    for o, have, want in zip(outs, got, expected):
        difference = close(have, np.asarray(want), rtol, rms_fraction, peer)
        if difference:
            return f"{o}: {difference}"
    return ""


def main(cases, run, label, peer):
    """argv: KILN_RUN WORKDIR [CASE...]; run(kiln_run, workdir, case, rng)
    returns "" or what differs."""
    kiln_run, workdir, only = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(workdir, exist_ok=True)
    failures = 0
    selected = [c for c in cases if not only or c["name"] in only]
    for c in selected:
        message = run(kiln_run, workdir, c, np.random.RandomState(len(c["name"])))
        print(("PASS " if not message else "FAIL ") + c["name"] +
              ("" if not message else ": " + message), flush=True)
        failures += bool(message)
    print(f"{label}: {len(selected) - failures} of {len(selected)} match {peer}")
    sys.exit(1 if failures else 0)
