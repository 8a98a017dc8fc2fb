"""Fail when any module of cardgame is covered less than the floor (branch coverage).

`coverage report --fail-under` checks the whole package; this checks every module, so that a
screen nobody drives cannot hide behind well-tested storage.

    python scripts/coverage_floor.py .coverage.json 75
"""

from __future__ import annotations

import json
import sys


def main(path: str, floor: float) -> int:
    files = json.loads(open(path, encoding="utf-8").read())["files"]
    low = sorted((data["summary"]["percent_covered"], name) for name, data in files.items()
                 if data["summary"]["percent_covered"] < floor)
    for percent, name in low:
        print(f"{name}: {percent:.0f} % < {floor:.0f} %", file=sys.stderr)
    if low:
        print(f"{len(low)} module(s) below the floor of {floor:.0f} %.", file=sys.stderr)
        return 1
    print(f"Every module is covered at least {floor:.0f} %.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2])))
