"""What the figures were measured on: CPU, cores, memory, OS, compilers,
tool versions, the commit, and how busy the machine was."""
import os
import platform
import subprocess

PACKAGES = ["trafilatura", "justext", "resiliparse", "pyarabic", "tashaphyne", "nltk", "datasketch", "numpy",
            "camel-tools"]


def sh(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def describe(python, marsad):
    lscpu = sh(["lscpu"])
    field = lambda k: next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith(k + ":")), "")  # noqa: E731
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for l in f:
            if l.startswith("MemTotal:"):
                mem_kb = int(l.split()[1])
    os_name = ""
    if os.path.isfile("/etc/os-release"):
        for l in open("/etc/os-release"):
            if l.startswith("PRETTY_NAME="):
                os_name = l.split("=", 1)[1].strip().strip('"')
    versions = {}
    script = (
        "import importlib.metadata as m, json, sys\n"
        f"out = {{}}\nfor p in {PACKAGES!r}:\n"
        "    try: out[p] = m.version(p)\n    except m.PackageNotFoundError: out[p] = None\n"
        "print(json.dumps(out))"
    )
    try:
        import json

        versions = json.loads(sh([python, "-c", script]) or "{}")
    except ValueError:
        pass
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    commit = sh(["git", "-C", root, "rev-parse", "--short", "HEAD"])
    dirty = sh(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"])
    return {
        "cpu": field("Model name") or platform.processor(),
        "cpus": os.cpu_count(),
        "threads_per_core": field("Thread(s) per core"),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": os_name,
        "kernel": platform.release(),
        "rustc": sh(["rustc", "--version"]),
        "python": platform.python_version(),
        "versions": versions,
        "marsad": sh([marsad, "--version"]),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "loadavg": os.getloadavg(),
    }
