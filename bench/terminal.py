"""Run a program in a pseudo-terminal: wait for text, send keys, read its peak memory."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][A-Za-z0-9]")


class Terminal:
    """A child process on a pty of a fixed size."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (120, 40)
                 ) -> None:
        self.started = time.perf_counter()
        cols, rows = size
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            # The size is set before the program starts, as a terminal window has it: set
            # from the parent after the fork, a program could read 80×24 first and then be
            # resized, drawing its first screen twice.
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execvpe(argv[0], argv, env)
        self.output = bytearray()

    def drain(self, timeout: float = 0.0) -> None:
        """Read what the program wrote (it must never block on a full pty)."""
        while True:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data
            timeout = 0.0

    def text(self) -> str:
        return ANSI.sub(b"", bytes(self.output)).decode("utf-8", "replace")

    def wait_for(self, text: str, timeout: float = 30.0) -> float:
        """Seconds from the start until text appeared on the screen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.drain(0.005)
            if text in self.text():
                return time.perf_counter() - self.started
        raise TimeoutError(f"{text!r} did not appear; last output: {self.text()[-400:]!r}")

    def send(self, data: bytes, settle: float = 0.12) -> None:
        os.write(self.fd, data)
        end = time.perf_counter() + settle
        while time.perf_counter() < end:
            self.drain(0.01)

    def peak_memory_kib(self) -> int:
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def close(self, quit_keys: bytes = b"q", timeout: float = 10.0) -> None:
        try:
            os.write(self.fd, quit_keys)
        except OSError:
            pass
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.drain(0.02)
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                return
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
