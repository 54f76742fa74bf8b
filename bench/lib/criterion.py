"""The crates' criterion benchmarks, run with a short measurement and read
back from criterion's own estimates, so that BENCHMARKS.md carries the
in-process figures the stage issues state their targets in.

Every `[[bench]]` of every workspace crate is run: bench/run builds them in
its one release build and lists the executables, which run here directly
with `--bench` (what `cargo bench -p CRATE --bench NAME` does, without cargo
checking the build again); a bench that fails to build or run is reported as
such, not skipped silently.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import time


def benches(root):
    out = []
    for toml in sorted(glob.glob(os.path.join(root, "crates", "*", "Cargo.toml"))):
        text = open(toml, encoding="utf-8").read()
        m = re.search(r'^name\s*=\s*"([^"]+)"', text, re.M)
        if not m:
            continue
        crate = m.group(1)
        for block in re.findall(r"\[\[bench\]\]([^\[]*)", text):
            n = re.search(r'name\s*=\s*"([^"]+)"', block)
            if n:
                out.append((crate, n.group(1), os.path.relpath(os.path.dirname(toml), root)))
    return out


def read_estimates(crit_dir):
    rows = []
    for est in sorted(glob.glob(os.path.join(crit_dir, "**", "new", "estimates.json"), recursive=True)):
        d = os.path.dirname(est)
        try:
            e = json.load(open(est))
            b = json.load(open(os.path.join(d, "benchmark.json")))
        except (OSError, ValueError):
            continue
        ns = e["median"]["point_estimate"]
        lo, hi = e["median"]["confidence_interval"]["lower_bound"], e["median"]["confidence_interval"]["upper_bound"]
        tp = b.get("throughput") or {}
        row = {"id": b.get("full_id") or b.get("title"), "median_ms": ns / 1e6, "ci_ms": (lo / 1e6, hi / 1e6)}
        if "Bytes" in tp:
            row["mb_s"] = tp["Bytes"] / ns * 1e3
        elif "BytesDecimal" in tp:
            row["mb_s"] = tp["BytesDecimal"] / ns * 1e3
        elif "Elements" in tp:
            row["elements_s"] = tp["Elements"] / ns * 1e9
        rows.append(row)
    return rows


def failure(stderr):
    """The panic message (what the bench asserted), else the last line."""
    lines = stderr.strip().splitlines()
    for i, l in enumerate(lines):
        if "panicked at" in l:
            msg = lines[i + 1].strip() if i + 1 < len(lines) else ""
            return f"{l.strip()} {msg}"[-300:]
    return (lines or ["failed"])[-1][-300:]


def plain_rows(name, stdout):
    """A bench with its own main (not criterion) prints its figures: the
    search-latency bench prints `p50 X  p90 X  p99 X  max X` in ms."""
    m = re.search(r"p50 ([\d.]+)\s+p90 ([\d.]+)\s+p99 ([\d.]+)\s+max ([\d.]+)", stdout)
    if not m:
        return []
    p50, p90, p99, mx = map(float, m.groups())
    return [{"id": f"{name} (p50; p90 {p90:.2f}, p99 {p99:.2f}, max {mx:.2f} ms)", "median_ms": p50,
             "ci_ms": (p50, p50), "p99_ms": p99}]


def bench_bins(target_dir, root):
    """The bench executables bench/run's one cargo build listed
    (bench/out/bench-bins.json: name -> executable), or None."""
    path = os.path.join(root, "bench", "out", "bench-bins.json")
    try:
        d = json.load(open(path))
    except (OSError, ValueError):
        return None
    return None if "error" in d else d


# Short measurements: every bench measures ANT-sized work per iteration (tens
# of milliseconds to over a second) with 10 or 20 samples, so criterion's own
# minimum (one iteration per sample when an iteration is long) already gives
# a tight median; longer measurement buys nothing but minutes.
WARM_UP_S, MEASURE_S = "0.5", "2"
TIMEOUT_S = 240


def run_all(root, target_dir, quick=False, log=print, env_extra=None):
    crit_dir = os.path.join(target_dir, "criterion")
    results = []
    found = benches(root)
    bins = bench_bins(target_dir, root)
    if bins is None:
        # Not built by bench/run (--no-build, or the bench build failed):
        # build them now, in one cargo call.
        env = {**os.environ, "CARGO_TARGET_DIR": target_dir, **(env_extra or {})}
        crates = sorted({c for c, _, _ in found})
        t = time.time()
        args = ["cargo", "bench", "-q", "--no-run", "--message-format=json-render-diagnostics"]
        for c in crates:
            args += ["-p", c]
        for n in sorted({n for _, n, _ in found}):
            args += ["--bench", n]
        log("  " + " ".join(args))
        p = subprocess.run(args, cwd=root, capture_output=True, text=True, env=env)
        bins = {}
        for line in p.stdout.splitlines():
            try:
                m = json.loads(line)
            except ValueError:
                continue
            if m.get("reason") == "compiler-artifact" and "bench" in m["target"]["kind"] and m.get("executable"):
                bins[m["target"]["name"]] = {"executable": m["executable"], "src": m["target"]["src_path"]}
        log(f"  built in {time.time() - t:.0f} s")
    for crate, name, path in found:
        shutil.rmtree(crit_dir, ignore_errors=True)
        entry = {"crate": crate, "bench": name, "path": f"{path}/benches/{name}.rs"}
        exe = (bins.get(name) or {}).get("executable")
        # Two crates may both have a bench of this name: match the source.
        src = (bins.get(name) or {}).get("src", "")
        if not exe or not src.endswith(entry["path"]):
            entry.update(error="not built (the cargo build of the benches failed: see bench/out/build.json)", rows=[],
                         seconds=0.0, stderr_notes=[], stdout=[])
            results.append(entry)
            log(f"  {entry['path']}: not built")
            continue
        # `--bench` is what `cargo bench` passes: the benches read their
        # full-size input only then (as a test they read a small one).
        args = [exe, "--bench", "--warm-up-time", WARM_UP_S, "--measurement-time", "1" if quick else MEASURE_S,
                "--noplot"]
        log(f"  {entry['path']}")
        t = time.time()
        # One core, and the benches that can measure their thread's CPU time
        # do (MARSAD_BENCH_CLOCK=cpu): the machine may be busy.
        env = {**os.environ, "CARGO_TARGET_DIR": target_dir, "CRITERION_HOME": crit_dir, "RAYON_NUM_THREADS": "1",
               "MARSAD_BENCH_CLOCK": "cpu", **(env_extra or {})}
        try:
            p = subprocess.run(args, cwd=os.path.join(root, path), capture_output=True, text=True, env=env,
                               timeout=TIMEOUT_S)
            code, stdout, stderr = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            code = -1
            stdout = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            stderr = f"killed after {TIMEOUT_S} s"
        entry["seconds"] = time.time() - t
        # What the bench printed about its own input and output check.
        entry["stderr_notes"] = [l for l in stderr.splitlines()
                                 if re.search(r"MB|tokens|entities|articles|documents|load", l)
                                 and not l.startswith(("warning", "   Compiling", "Benchmarking"))][:6]
        if code != 0:
            entry["error"] = failure(stderr)
        entry["rows"] = read_estimates(crit_dir) or plain_rows(name, stdout)
        entry["stdout"] = stdout.strip().splitlines()[-3:]
        if code == 0 and not entry["rows"]:
            entry["error"] = "ran but measured nothing (no criterion group)"
        for r in entry["rows"]:
            log(f"    {r['id']}: {r['median_ms']:.2f} ms" + (f", {r['mb_s']:.1f} MB/s" if "mb_s" in r else ""))
        log(f"    ({entry['seconds']:.0f} s)")
        results.append(entry)
    return results
