"""A scripted session for the kill -9 test: records answers forever, saying each one is saved.

Run as `python kill_child.py SESSIONS_DIR SESSION_ID`. After each recorded answer has been
saved (appended and fsynced) it prints `saved <n>` and flushes stdout, so the parent knows
which answers must survive a kill at any later moment. Every tenth action is a metadata change
(an atomic rewrite), so kills also land during rewrites.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cardgame.storage.store import SessionStore


def main() -> None:
    folder, sid = Path(sys.argv[1]), sys.argv[2]
    session = SessionStore(folder).open(sid)
    n = len([e for e in session.events if e.type == "set"])
    while True:
        n += 1
        if n % 10 == 0:
            session.update_meta(session.meta.model_copy(update={"facilitator": f"F{n}"}))
        session.set(("answer", "d", f"c{n}", "g1", "note"), f"answer {n} " + "x" * (n % 200))
        if not session.status.ok:
            print(f"failed {n}", flush=True)
            continue
        print(f"saved {n}", flush=True)


if __name__ == "__main__":
    main()
