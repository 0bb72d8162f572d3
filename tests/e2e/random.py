"""E2E: random_uniform, random_normal and truncated_normal. Values are
kiln's own counter-based stream, so they are checked by what they must
satisfy: bounds, the first two moments of each distribution (with
tolerances of about 6 standard errors), the two-sigma cut of the truncated
normal, independence of neighbouring elements, reproducibility for fixed
seeds, and distinct streams for distinct seeds or unseeded ops."""
import math
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import read_npy  # noqa: E402

# Standard deviation of a standard normal truncated at +-2.
TRUNCATED_STD = 0.8796256610


def run(kiln_run, workdir, name, body, results):
    path = os.path.join(workdir, name + ".mlir")
    types = ", ".join(t for _, t in results)
    with open(path, "w") as f:
        f.write(f"func.func @main() -> ({types}) {{\n{body}\n"
                f"  return {', '.join(v for v, _ in results)} : {types}\n}}\n")
    outs = []
    args = [kiln_run, path]
    if "--target" in sys.argv:
        args.append("--target=" + sys.argv[sys.argv.index("--target") + 1])
    for i in range(len(results)):
        out = os.path.join(workdir, f"{name}.result{i}.npy")
        args += ["--out", f"result{i}={out}"]
        outs.append(out)
    subprocess.run(args, check=True)
    return [read_npy(o) for o in outs]


def moments(t):
    n = len(t.data)
    mean = sum(t.data) / n
    var = sum((x - mean) ** 2 for x in t.data) / n
    return mean, math.sqrt(var)


def lag_correlation(t):
    x = t.data
    mean, std = moments(t)
    cov = sum((x[i] - mean) * (x[i + 1] - mean) for i in range(len(x) - 1)) / (len(x) - 1)
    return cov / (std * std)


failures = []


def check(cond, what):
    print(("PASS " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def main():
    kiln_run, workdir = sys.argv[sys.argv.index("--kiln-run") + 1], sys.argv[sys.argv.index("--workdir") + 1]
    os.makedirs(workdir, exist_ok=True)
    n = 200 * 301  # not a multiple of any vector width
    shape = "tensor<200x301xf32>"
    body = f"""
  %0 = kiln.random_uniform {{seed = 7 : i64, minval = -1.0 : f64, maxval = 3.0 : f64}} : {shape}
  %1 = kiln.random_normal {{seed = 7 : i64, seed2 = 1 : i64, mean = 0.5 : f64, stddev = 2.0 : f64}} : {shape}
  %2 = kiln.truncated_normal {{seed = 7 : i64, seed2 = 2 : i64, mean = -1.0 : f64, stddev = 0.1 : f64}} : {shape}
  %3 = kiln.random_normal : tensor<300x201xf64>
  %4 = kiln.random_normal : tensor<300x201xf64>
  %5 = kiln.random_uniform {{seed = 7 : i64, minval = -1.0 : f64, maxval = 3.0 : f64}} : {shape}"""
    results = [("%0", shape), ("%1", shape), ("%2", shape), ("%3", "tensor<300x201xf64>"),
               ("%4", "tensor<300x201xf64>"), ("%5", shape)]
    u, g, t, d1, d2, u_again = run(kiln_run, workdir, "random", body, results)
    se = 1 / math.sqrt(n)

    mean, std = moments(u)
    check(min(u.data) >= -1 and max(u.data) < 3, "uniform values in [-1, 3)")
    check(abs(mean - 1) < 6 * se * 4 / math.sqrt(12) and abs(std - 4 / math.sqrt(12)) < 0.02,
          "uniform mean %.4f std %.4f (want 1, %.4f)" % (mean, std, 4 / math.sqrt(12)))
    mean, std = moments(g)
    check(abs(mean - 0.5) < 6 * se * 2 and abs(std - 2) < 0.03,
          "normal mean %.4f std %.4f (want 0.5, 2)" % (mean, std))
    mean, std = moments(t)
    check(min(t.data) >= -1.2 - 1e-6 and max(t.data) <= -0.8 + 1e-6,
          "truncated normal within mean +- 2 stddev")
    check(abs(mean + 1) < 6 * se * 0.1 and abs(std - 0.1 * TRUNCATED_STD) < 0.002,
          "truncated normal mean %.4f std %.4f (want -1, %.4f)" % (mean, std, 0.1 * TRUNCATED_STD))
    mean, std = moments(d1)
    check(abs(mean) < 6 / math.sqrt(len(d1.data)) and abs(std - 1) < 0.02,
          "f64 normal mean %.4f std %.4f" % (mean, std))
    check(all(abs(lag_correlation(x)) < 6 * se for x in (u, g, t, d1)),
          "neighbouring elements uncorrelated")
    check(u.data == u_again.data, "same seeds, same tensor")
    check(d1.data != d2.data, "unseeded ops draw distinct streams")
    check(abs(sum(a * b for a, b in zip(d1.data, d2.data)) / len(d1.data)) < 6 / math.sqrt(len(d1.data)),
          "distinct streams uncorrelated")
    # A second compile gives the same unseeded values (reproducible runs).
    again = run(kiln_run, workdir, "random-again", body, results)
    check(again[3].data == d1.data, "unseeded values reproducible across compiles")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
