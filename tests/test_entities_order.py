"""The analysis does not depend on the order Python happens to iterate a set in.

A person's name forms were a set: "A. Berg" and "Anna Berg" are one person whose fullest name is
either, as the hash seed made it, and with it her gender and which pronouns were hers. Two runs
under different PYTHONHASHSEED values must write the same JSON (1 and 2 differed before).
"""

from __future__ import annotations

import os
import subprocess
import sys

# A text we wrote: people with initials and full names of one length, pronouns, a quote, a dateline.
TEXT = """WASHINGTON (AP) — A. Berg, the Norwegian envoy, met Chris Lund and Christine Lund in Oslo on Monday.

Anna Berg said she would return to Geneva next week. "We will not accept threats," Berg told reporters.

C. Lund said he had rejected the proposal. Lund later said talks with Russia and Ukraine would resume on January 3.
"""


def analyze_with_hash_seed(path, seed: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", "from newsledger.cli.app import main; main()",
         "analyze", str(path), "--published", "2022-01-10", "--format", "json"],
        capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_two_hash_seeds_give_the_same_analysis(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text(TEXT, encoding="utf-8")
    first = analyze_with_hash_seed(path, "1")
    assert '"Berg' in first  # the people were found
    assert first == analyze_with_hash_seed(path, "2")
