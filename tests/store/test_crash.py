"""Kill the writer at random (SQLite's own standard): every acknowledged save survives, the file is intact.

A child process (tests/store/crash_writer.py) saves incidents, visits and follow-ups through the
service functions and prints an acknowledgement after each commit. It is SIGKILLed at a random
moment, 200 times by default (``--kills N`` for more); after every kill the file must pass
``integrity_check`` and ``foreign_key_check``, and hold exactly what was acknowledged, give or
take the one save that was in flight.
"""
from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

WRITER = Path(__file__).with_name("crash_writer.py")
Rows = dict[int, tuple[int, ...]]


@dataclass
class State:
    """What the file holds: incidents (edit seq), visits (incident, people, items), follow-ups."""

    incidents: Rows = field(default_factory=dict)
    visits: Rows = field(default_factory=dict)
    followups: Rows = field(default_factory=dict)

    def apply(self, words: list[str]) -> None:
        """Apply one acknowledged save."""
        op, nums = words[0], [int(w) for w in words[1:]]
        if op == "inc":
            self.incidents[nums[0]] = (0,)
        elif op == "edit":
            self.incidents[nums[0]] = (nums[1],)
        elif op == "visit":
            self.visits[nums[0]] = (nums[1], nums[2], nums[3])
        elif op == "fu":
            self.followups[nums[0]] = (nums[1], nums[2])
        elif op == "fuedit":
            self.followups[nums[0]] = (self.followups[nums[0]][0], nums[1])
        elif op == "fudel":
            del self.followups[nums[0]]
        elif op == "incdel":
            self.drop_incident(nums[0])

    def drop_incident(self, incident_id: int) -> None:
        self.incidents.pop(incident_id, None)
        for table in (self.visits, self.followups):
            for key in [k for k, v in table.items() if v[0] == incident_id]:
                del table[key]


def seq_of(text: str) -> int:
    return int(text.split("-")[1]) if "-" in text else 0


def read_state(path: Path) -> State:
    """The file's content, after SQLite's own checks pass."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        state = State()
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'incidents'").fetchone() is None:
            # Killed while the very first open created the file, before its schema committed:
            # nothing was ever acknowledged, and check_round fails if something had been.
            return state
        for id_, text in conn.execute("SELECT id, what_went_wrong FROM incidents"):
            state.incidents[id_] = (seq_of(text),)
        for id_, incident, people, items in conn.execute(
            "SELECT v.id, v.incident_id, (SELECT count(*) FROM visit_people p WHERE p.visit_id = v.id),"
            " (SELECT count(*) FROM visit_items i WHERE i.visit_id = v.id AND i.kind = 'agenda')"
            " FROM visits v"
        ):
            state.visits[id_] = (incident, people, items)
        for id_, incident, purpose in conn.execute("SELECT id, incident_id, purpose FROM followups"):
            state.followups[id_] = (incident, seq_of(purpose))
        return state
    finally:
        conn.close()


def check_round(before: State, lines: list[str], after: State) -> None:
    """after must be before + the acknowledged saves, plus or minus the one in flight."""
    expected = State(dict(before.incidents), dict(before.visits), dict(before.followups))
    in_flight: list[str] | None = None
    for line in lines:
        words = line.split()
        if words[:1] == ["do"]:
            in_flight = words[1:]
        elif words[:1] == ["ack"]:
            expected.apply(words[1:])
            in_flight = None
    if in_flight is not None:
        _allow_in_flight(expected, in_flight, after)
    assert after.incidents == expected.incidents, f"incidents differ (in flight: {in_flight})"
    assert after.visits == expected.visits, f"visits differ (in flight: {in_flight})"
    assert after.followups == expected.followups, f"follow-ups differ (in flight: {in_flight})"


def _allow_in_flight(expected: State, in_flight: list[str], after: State) -> None:
    # A save that committed just before the kill, unacknowledged, is allowed (never required).
    op, target = in_flight[0], in_flight[1]
    if op == "inc":
        new = set(after.incidents) - set(expected.incidents)
        assert len(new) <= 1
        expected.incidents.update({i: after.incidents[i] for i in new})
    elif op == "edit" and int(target) in after.incidents:
        if after.incidents[int(target)][0] > expected.incidents[int(target)][0]:
            expected.incidents[int(target)] = after.incidents[int(target)]
    elif op in ("visit", "fu"):
        table, seen = (expected.visits, after.visits) if op == "visit" else (expected.followups, after.followups)
        new = set(seen) - set(table)
        assert len(new) <= 1
        table.update({i: seen[i] for i in new})
    elif op == "fuedit" and int(target) in after.followups:
        if after.followups[int(target)][1] > expected.followups[int(target)][1]:
            expected.followups[int(target)] = after.followups[int(target)]
    elif op == "fudel" and int(target) not in after.followups:
        expected.followups.pop(int(target), None)
    elif op == "incdel" and int(target) not in after.incidents:
        expected.drop_incident(int(target))


class Writers:
    """The zygote of tests/store/crash_writer.py: one forked writer per kill, from a warm process."""

    def __init__(self, data_dir: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WRITER), str(data_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )

    def run_and_kill(self, rng: random.Random) -> list[str]:
        """One writer, killed at a random moment (now and then while it opens the file)."""
        early = rng.random() < 0.1  # during the checks on open, migrations, the daily backup
        delay = rng.uniform(0, 0.05) if early else rng.uniform(0, 0.1)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"run {rng.randrange(1 << 30)} {int(early)} {delay:.4f}\n".encode())
        self.process.stdin.flush()
        header = self.process.stdout.readline().decode()
        assert header.startswith("chunk "), f"the zygote died: {header!r} {self.stderr()}"
        _, size, how = header.split()
        said = self.process.stdout.read(int(size)).decode()
        assert how == "killed", f"the writer stopped by itself ({how}):\n{self.stderr()}"
        # Only whole lines count: an acknowledgement cut short by the kill was never given.
        whole = said[: said.rfind("\n") + 1]
        return [line for line in whole.splitlines() if line and line != "ready"]

    def stderr(self) -> str:
        self.process.kill()
        assert self.process.stderr is not None
        return self.process.stderr.read().decode(errors="replace")

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write(b"quit\n")
            self.process.stdin.close()
            self.process.wait(timeout=30)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_every_acknowledged_save_survives_random_kills(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    kills = int(request.config.getoption("--kills"))
    rng = random.Random(int(os.environ.get("AMENDS_CRASH_SEED", time.time_ns())))
    data_dir = tmp_path / "crash"
    path = data_dir / "amends.db"
    state, acks, started = State(), 0, time.monotonic()
    writers = Writers(data_dir)
    request.addfinalizer(writers.close)
    for kill in range(kills):
        lines = writers.run_and_kill(rng)
        acks += sum(1 for line in lines if line.startswith("ack"))
        after = read_state(path) if path.exists() else State()
        try:
            check_round(state, lines, after)
        except AssertionError as exc:
            raise AssertionError(f"after kill {kill + 1}: {exc}\nlast lines: {lines[-5:]}") from exc
        state = after
    elapsed = time.monotonic() - started
    print(f"\ncrash test: {kills} kills, {acks} acknowledged saves checked, {elapsed:.1f} s")
    assert acks > kills, "the writer barely wrote anything; the kills tested nothing"
    assert state.incidents and state.followups
