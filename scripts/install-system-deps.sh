#!/usr/bin/env bash
# Install the programs the test suite drives from outside Python: tmux for the real-terminal
# test, Debian's chromium for the browser test of `cardgame serve`. Does nothing when they are
# already there; needs root (or sudo) and apt-get otherwise.
set -euo pipefail

missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "cardgame tests need: ${missing[*]}. Install them (as root) and run again." >&2
        exit 1
    fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "cardgame tests need: ${missing[*]}, and there is no apt-get to install them." >&2
    exit 1
fi
if ! $SUDO apt-get update -qq \
    || ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"; then
    echo "cardgame tests need: ${missing[*]}, and apt-get could not install them (see above)." >&2
    exit 1
fi
