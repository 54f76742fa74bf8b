"""Interleaved timing of whole processes: the measuring instrument of bench/run.

hyperfine runs all repetitions of one command before the next command, so on a
shared, busy machine one tool can be measured during a quiet minute and its peer
during a compile. Here every round runs each tool once, in an order rotated per
round, so all tools see the same conditions and their *ratios* stay meaningful
even when the absolute figures move. Each run records wall time, CPU time
(user + system, from wait4, which is what a single-threaded tool consumes
whatever the machine's load) and peak resident memory.
"""
import os
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Cmd:
    """One tool's command for a stage."""

    name: str
    argv: list
    # Checks a finished run; gets the captured stdout, returns the output count
    # (raises AssertionError when the output is wrong).
    check: object
    env: dict = field(default_factory=dict)
    # The same tool on a tiny input: its start-up (interpreter, imports, model
    # load) measured in the same rounds, to be subtracted.
    startup_argv: list = None
    startup_check: object = None
    # Runs before every timed run (e.g. removing a store ingest writes into).
    before: object = None
    # Exit codes that still mean a finished run (the check decides the rest):
    # `marsad ingest` exits 1 when it rejected some documents.
    ok_codes: tuple = (0,)
    # The work this tool's input holds (MB, words, pages), when the tool runs
    # on its own part of the stage's input (the slowest peers read a leading
    # part); None: the stage's whole input.
    work: float = None


@dataclass
class Runs:
    wall: list = field(default_factory=list)
    cpu: list = field(default_factory=list)
    rss_mb: list = field(default_factory=list)
    count: object = None
    stdout: str = ""
    error: str = None


# No single run may hold the whole benchmark hostage: a run longer than this
# is killed and reported as failed.
TIMEOUT_S = 300


def run_once(argv, env, timeout=TIMEOUT_S):
    """Runs one process; returns (exit code, stdout, stderr, wall s, CPU s, peak RSS MB).

    Output goes to temporary files, not pipes, so the child is reaped with
    wait4 and its own rusage (CPU time and peak memory of this run alone) is
    read directly."""
    full_env = dict(os.environ)
    full_env.update(env)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        p = subprocess.Popen(argv, env=full_env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        timer = threading.Timer(timeout, p.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(p.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return p.returncode, stdout, stderr, wall, cpu, usage.ru_maxrss / 1024


def measure(cmds, rounds, warmup=1, log=print):
    """Runs every command `warmup + rounds` times, interleaved; returns
    ({name: Runs}, {name: Runs of the start-up variant})."""
    results = {c.name: Runs() for c in cmds}
    startups = {c.name: Runs() for c in cmds if c.startup_argv}
    jobs = []
    for c in cmds:
        jobs.append((c, False))
        if c.startup_argv:
            jobs.append((c, True))
    for r in range(warmup + rounds):
        shift = r % len(jobs)
        order = jobs[shift:] + jobs[:shift]
        for c, is_startup in order:
            target = startups[c.name] if is_startup else results[c.name]
            if target.error:
                continue
            if c.before:
                c.before()
            argv = c.startup_argv if is_startup else c.argv
            check = (c.startup_check or c.check) if is_startup else c.check
            code, out, err, wall, cpu, rss = run_once(argv, c.env)
            label = f"{c.name}{' (start-up)' if is_startup else ''}"
            if code not in c.ok_codes:
                target.error = f"exit {code}: {err.strip()[-400:]}"
                log(f"    {label}: FAILED {target.error}")
                continue
            try:
                count = check(out)
            except Exception as e:  # a wrong output fails that tool, not the whole run
                target.error = f"output check failed: {e}"
                log(f"    {label}: {target.error}")
                continue
            if target.count is not None and count != target.count:
                target.error = f"output count changed between runs: {target.count} then {count}"
                log(f"    {label}: {target.error}")
                continue
            target.count = count
            target.stdout = out
            if r >= warmup:
                target.wall.append(wall)
                target.cpu.append(cpu)
                target.rss_mb.append(rss)
            log(f"    {label}: {wall:.3f} s wall, {cpu:.3f} s CPU, {rss:.0f} MB{'' if r >= warmup else ' (warm-up)'}")
    return results, startups


def median(xs):
    return statistics.median(xs) if xs else None


def spread(xs):
    """(min, max) of the runs."""
    return (min(xs), max(xs)) if xs else (None, None)
