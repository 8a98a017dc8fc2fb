"""kill -9 at random moments while a session records: every completed save survives."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from cardgame.domain.session import SessionMeta, default_groups
from cardgame.storage.store import SessionStore

CHILD = Path(__file__).with_name("kill_child.py")
KILLS = 50


@pytest.mark.slow
def test_kill_minus_nine_never_loses_a_completed_save(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    store = SessionStore(folder)
    meta = SessionMeta(id="kill", title="Kill test", date=date(2026, 11, 22),
                       created=datetime(2026, 11, 22, tzinfo=timezone.utc),
                       groups=default_groups(2))
    store.create(meta).close()
    rng = random.Random(20261122)
    saved_total = 0
    repaired = 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for round_ in range(KILLS):
        child = subprocess.Popen([sys.executable, str(CHILD), str(folder), "kill"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=env)
        # wait until it is recording, then kill it at a random moment
        assert child.stdout is not None and child.stderr is not None
        first = child.stdout.readline()
        assert first.startswith("saved"), child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.08))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=10)
        confirmed = [int(n) for n in re.findall(r"saved (\d+)", first + out)]
        assert confirmed, f"round {round_}: nothing was confirmed"
        session = store.open("kill")  # must open, repairing a torn tail if there is one
        if session.notices:
            repaired += 1
        notes = {key[2] for key, _ in session.state.with_prefix("answer", "d")}
        missing = [n for n in confirmed if f"c{n}" not in notes]
        assert missing == [], f"round {round_}: confirmed saves lost: {missing[:5]}"
        saved_total = len(notes)
        session.close()
    assert saved_total > KILLS
    assert list(folder.glob(".kill.toml.*.tmp")) == [], "killed rewrites leave no temp files"
    print(f"{KILLS} kills, {saved_total} answers kept, {repaired} torn tails repaired")
