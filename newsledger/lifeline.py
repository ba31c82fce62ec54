"""Helper processes die with the process that started them, even when it is killed with SIGKILL.

A killed parent runs no clean-up, so its pool workers (each holding a spaCy model), its HTML
extraction worker and the processes of a local Ray cluster would live on for good. Two means:

- `die_with_parent(parent_pid)`, called first thing in a worker we start: on Linux the kernel
  sends it SIGKILL when its parent thread ends (PR_SET_PDEATHSIG), and everywhere a watchdog
  thread ends it within `POLL_SECONDS` of its parent going away (it is re-parented);
- `guard_descendants()`, for processes we do not start ourselves (Ray's raylet, its agents and
  workers): this process marks its environment (`LIFELINE_VARIABLE`, which every process started
  from now on inherits), and a small watchdog process notes, every `POLL_SECONDS`, this process's
  descendants and every process carrying the mark, so it finds a helper even when it was
  re-parented (a daemon whose own parent exited); once this process is gone, it kills them all
  (Linux: read from /proc).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

POLL_SECONDS = 1.0
PR_SET_PDEATHSIG = 1
LIFELINE_VARIABLE = "NEWSLEDGER_LIFELINE"


def die_with_parent(parent_pid: int) -> None:
    """Ends this process when the process `parent_pid` (its parent) ends."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass  # the watchdog below still covers it
    if os.getppid() != parent_pid:  # the parent died before we could ask
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="newsledger-lifeline").start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(POLL_SECONDS)
    os.kill(os.getpid(), signal.SIGKILL)


def guard_descendants() -> subprocess.Popen | None:
    """Starts the watchdog that kills this process's descendants once it is gone (Linux only);
    the caller stops it (`terminate()`) after shutting them down itself."""
    if not Path("/proc/self/stat").exists():
        return None
    os.environ[LIFELINE_VARIABLE] = str(os.getpid())
    return subprocess.Popen([sys.executable, "-m", "newsledger.lifeline", str(os.getpid())],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def marked(root: int) -> set[int]:
    """The processes (other than this one) whose environment carries `root`'s mark."""
    mark = f"{LIFELINE_VARIABLE}={root}".encode()
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environment = (entry / "environ").read_bytes()
        except OSError:
            continue  # it ended while we looked, or is not ours to read
        if mark in environment.split(b"\0"):
            found.add(int(entry.name))
    return found


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process, from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # it ended while we looked
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def _descendants(root: int, parents: dict[int, int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, stack = set(), [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found and child != os.getpid():
                found.add(child)
                stack.append(child)
    return found


def _watch_descendants(root: int) -> None:
    seen: set[int] = set()
    while True:
        parents = _parents()
        if root not in parents:
            break
        seen = _descendants(root, parents) | marked(root) | (seen & set(parents))
        time.sleep(POLL_SECONDS)
    # kill what is left of what we saw (and what those started meanwhile)
    parents = _parents()
    doomed = seen | marked(root) | {pid for parent in seen for pid in _descendants(parent, parents)}
    for pid in doomed:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


if __name__ == "__main__":
    _watch_descendants(int(sys.argv[1]))
