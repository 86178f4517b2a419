"""Hostile playbook files are refused with a message, in bounded time and memory, before parsing."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.playbooks import (
    PlaybookImportError,
    dump_playbook,
    load_builtin_playbooks,
    parse_playbook,
)
from planner.playbooks.model import MAX_FILE_BYTES
from planner.playbooks.toml_shape import MAX_DEPTH, MAX_KEY_DOTS_PER_LINE, shape_problems

GOOD = dump_playbook(dataclasses.replace(load_builtin_playbooks()[0], builtin=False))
CPU_SECONDS = 2.0  # a refusal is instant; the parser's worst case on these took half a minute
PEAK_BYTES = 64 * 1024 * 1024  # the worst case took 6 GB
ROOT = Path(__file__).resolve().parents[2]
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def dotted_keys(count: int) -> bytes:
    return (".".join("a" * count) + " = 1\n").encode()


def refused_within_bounds(data: bytes) -> PlaybookImportError:
    """parse_playbook refuses ``data``; returns the refusal after checking what it cost."""
    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(PlaybookImportError) as caught:
            parse_playbook(data, "hostile.toml")
    finally:
        spent = time.process_time() - started
        _size, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert spent < CPU_SECONDS, f"took {spent:.1f} s of CPU to refuse {len(data):,} bytes"
    assert peak < PEAK_BYTES, f"peaked at {peak / 1e6:.0f} MB to refuse {len(data):,} bytes"
    assert caught.value.problems and all(p.message for p in caught.value.problems)
    return caught.value


def test_forty_thousand_dotted_keys_are_refused_at_once_in_a_fresh_process(tmp_path: Path) -> None:
    """The file from the report (80 KB): measured in its own process, memory included."""
    hostile = tmp_path / "hostile.toml"
    hostile.write_bytes(dotted_keys(40_000))
    assert len(hostile.read_bytes()) < 100_000
    probe = (
        "import json, resource, sys, time\n"
        "from planner.playbooks import PlaybookImportError, parse_playbook\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "started = time.process_time()\n"
        "try:\n"
        "    parse_playbook(data, sys.argv[1]); said = None\n"
        "except PlaybookImportError as error:\n"
        "    said = str(error)\n"
        "grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base\n"
        "print(json.dumps({'said': said, 'cpu': time.process_time() - started, 'kb': grown}))\n"
    )
    if os.name != "posix":
        pytest.skip("the resource module is POSIX only")
    done = subprocess.run([sys.executable, "-c", probe, str(hostile)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["said"] and "dotted parts" in result["said"] and "line 1" in result["said"]
    assert result["cpu"] < CPU_SECONDS and result["kb"] < 50_000  # KB of resident memory


@pytest.mark.parametrize("data", [
    dotted_keys(40_000),
    dotted_keys(MAX_KEY_DOTS_PER_LINE + 2),
    b"x = " + b"[" * 100_000,
    b"x = " + b"{a = " * 50_000,
    b"".join(f"[t{i}]\n".encode() for i in range(20_000)),
    b"[[x]]\n" * 60_000,
    b"a = 1\n" * 30_000,
    b"\n" * (MAX_FILE_BYTES - 1),
    b"".join(f"k{i}.a.b = 1\n".encode() for i in range(1_000)),
    b"x = " + b"9" * 900_000,
    b'x = "' + b"\\u0041" * 150_000 + b'"',
], ids=["40k-dots", "17-dots", "deep-lists", "deep-tables", "many-tables", "many-arrays",
        "many-fields", "newlines", "many-dotted-lines", "huge-number", "many-escapes"])
def test_hostile_shapes_are_refused_in_bounded_time_and_memory(data: bytes) -> None:
    refused_within_bounds(data)


def test_shape_limits_leave_real_playbooks_alone() -> None:
    for playbook in load_builtin_playbooks():
        assert shape_problems(dump_playbook(dataclasses.replace(playbook, builtin=False)).decode()) == []
    # Dots, brackets and equals signs inside strings and comments are text, not shape.
    text = GOOD.decode() + "# " + "a." * 5_000 + "\n"
    assert shape_problems(text) == []
    assert shape_problems('x = "' + "[{." * 10_000 + '"\n') == []
    assert shape_problems("x = '''\n" + "a.b.c = [[[\n" * 1_000 + "'''\n") == []
    assert shape_problems("t = 12:30:00.5\nf = 3.25\n") == []  # dots inside numbers and times


def test_messages_say_where_and_what_to_do() -> None:
    problem = refused_within_bounds(b"ok = 1\nx = " + b"[" * (MAX_DEPTH + 5)).problems[0]
    assert problem.place == "line 2" and f"more than {MAX_DEPTH} deep" in problem.message
    assert "Is it the right file?" in problem.message


_hostile = st.one_of(
    st.integers(MAX_KEY_DOTS_PER_LINE + 1, 60_000).map(dotted_keys),
    st.tuples(st.integers(MAX_DEPTH + 1, 200_000), st.sampled_from([b"[", b"{a=", b"[{a=["]))
    .map(lambda t: b"x = " + t[1] * (t[0] // len(t[1]) + 1)),
    st.integers(5_001, 100_000).map(lambda n: b"[[x]]\n" * n),
    st.integers(10_001, 100_000).map(lambda n: b"a=1\n" * n),
    st.binary(min_size=1, max_size=4_000).map(lambda junk: junk + b"\x00"),
    st.sampled_from(["utf-16", "utf-16-be", "utf-32", "cp1252", "shift_jis"])
    .map(lambda enc: GOOD.decode().replace('name = "', 'name = "Späte ✓ 遅延 ', 1).encode(enc, "replace")),
    st.integers(MAX_FILE_BYTES + 1, MAX_FILE_BYTES + 5_000).map(lambda n: b"#" * n),
    st.tuples(st.sampled_from(list(BIDI)), st.integers(0, 5))
    .map(lambda t: GOOD.decode().replace('name = "', f'name = "{"x" * t[1]}{t[0]}', 1).encode()),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(_hostile)
def test_any_hostile_file_is_refused_cleanly_and_cheaply(data: bytes) -> None:
    refused_within_bounds(data)


@pytest.mark.parametrize("char", list(BIDI), ids=lambda c: f"U+{ord(c):04X}")
def test_text_direction_controls_are_refused_in_names_and_texts(char: str) -> None:
    for field in ('name = "', 'when_to_use = "'):
        data = GOOD.decode().replace(field, f"{field}Refund{char}", 1).encode()
        error = refused_within_bounds(data)
        assert any(f"text-direction control (U+{ord(char):04X})" in p.message for p in error.problems)
