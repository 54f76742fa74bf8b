"""The crates' criterion benchmarks, run with a short measurement and read
back from criterion's own estimates, so that BENCHMARKS.md carries the
in-process figures the stage issues state their targets in.

Every `[[bench]]` of every workspace crate is run (`cargo bench -p CRATE
--bench NAME`); a bench that fails to build or run is reported as such, not
skipped silently.
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


def run_all(root, target_dir, quick=False, log=print, env_extra=None):
    crit_dir = os.path.join(target_dir, "criterion")
    results = []
    found = benches(root)
    env = {**os.environ, "CARGO_TARGET_DIR": target_dir, **(env_extra or {})}
    # Build every bench in one cargo call (parallel, and a broken bench of
    # one crate shows up as that bench's failure below).
    crates = sorted({c for c, _, _ in found})
    t = time.time()
    args = ["cargo", "bench", "-q", "--no-run"]
    for c in crates:
        args += ["-p", c]
    for n in sorted({n for _, n, _ in found}):
        args += ["--bench", n]
    log("  " + " ".join(args))
    subprocess.run(args, cwd=root, capture_output=True, text=True, env=env)
    log(f"  built in {time.time() - t:.0f} s")
    for crate, name, path in found:
        shutil.rmtree(crit_dir, ignore_errors=True)
        args = ["cargo", "bench", "-q", "-p", crate, "--bench", name, "--", "--warm-up-time", "1",
                "--measurement-time", "2" if quick else "4", "--noplot"]
        log(f"  cargo bench -p {crate} --bench {name}")
        t = time.time()
        # One core, and the benches that can measure their thread's CPU time
        # do (crates/arabic/benches/tokenize.rs): the machine may be busy.
        env = {**os.environ, "CARGO_TARGET_DIR": target_dir, "RAYON_NUM_THREADS": "1", "MARSAD_BENCH_CLOCK": "cpu",
               **(env_extra or {})}
        p = subprocess.run(args, cwd=root, capture_output=True, text=True, env=env)
        entry = {"crate": crate, "bench": name, "path": f"{path}/benches/{name}.rs", "seconds": time.time() - t}
        # What the bench printed about its own input and output check.
        entry["stderr_notes"] = [l for l in p.stderr.splitlines()
                                 if re.search(r"MB|tokens|entities|articles|documents|load", l)
                                 and not l.startswith(("warning", "   Compiling"))][:6]
        if p.returncode != 0:
            entry["error"] = failure(p.stderr)
        entry["rows"] = read_estimates(crit_dir) or plain_rows(name, p.stdout)
        entry["stdout"] = p.stdout.strip().splitlines()[-3:]
        if p.returncode == 0 and not entry["rows"]:
            entry["error"] = "ran but measured nothing (no criterion group)"
        for r in entry["rows"]:
            log(f"    {r['id']}: {r['median_ms']:.2f} ms" + (f", {r['mb_s']:.1f} MB/s" if "mb_s" in r else ""))
        results.append(entry)
    return results
