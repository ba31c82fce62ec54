"""A Ray head node for tests that join a cluster by address, as a user's `ray start --head` would be."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# ray.init in its own process; it shuts the cluster down when its stdin closes (also when the test dies).
HEAD = """
import sys, ray
context = ray.init(include_dashboard=False, num_cpus=1, log_to_driver=False)
print(context.address_info["gcs_address"], flush=True)
sys.stdin.read()
ray.shutdown()
"""


def without_ray_auth(env: dict[str, str], home: Path) -> dict[str, str]:
    """The environment with no Ray token or address in it, and `home` as the home folder (~/.ray/auth_token)."""
    env = {name: value for name, value in env.items() if not name.startswith(("RAY_AUTH", "RAY_ADDRESS"))}
    return {**env, "HOME": str(home)}


@contextmanager
def ray_head(home: Path, auth_mode: str) -> Iterator[str]:
    """The address of a running head node; auth_mode "token" makes it refuse clients without the token
    it writes to home/.ray/auth_token. Its own temp folder keeps `--address auto` elsewhere from finding it."""
    ray_tmp = tempfile.mkdtemp(prefix="nl-ray-")  # short: Ray's socket paths must fit in 107 characters
    env = {**without_ray_auth(os.environ, home), "RAY_AUTH_MODE": auth_mode, "RAY_TMPDIR": ray_tmp}
    head = subprocess.Popen([sys.executable, "-c", HEAD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        address = head.stdout.readline().strip()
        assert address, "the Ray head node did not start"
        yield address
    finally:
        head.stdin.close()
        head.wait(timeout=60)
        shutil.rmtree(ray_tmp, ignore_errors=True)
