"""The page to print (issue 28), opened as a council secretary would: in a browser, printed to
PDF with Chromium's own print, A4, every page counted; a screenshot is kept for a person to look
at (`tests/functional/__artifacts__/`). And the export dialog and `cardgame export --format
html` write it."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cardgame.__main__ import main
from cardgame.export.html import render_html
from tests.helpers import FIXTURE_DECKS, MakeApp, Said
from tests.unit.test_notes import notes

ARTIFACTS = Path(__file__).parent / "__artifacts__"
A4 = (595, 842)
"""An A4 page in PDF points (portrait)."""


def _chromium() -> str:
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail("Chromium is not installed: run scripts/install-system-deps.sh (make test "
                    "does), or `apt-get install chromium`. The print test needs it.")
    return binary


def _print(html: Path, pdf: Path) -> bytes:
    result = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={html.parent / 'profile'}",
         f"--print-to-pdf={pdf}", html.as_uri()], capture_output=True, timeout=90)
    assert pdf.is_file(), result.stderr.decode(errors="replace")[-2000:]
    return pdf.read_bytes()


def _pages(pdf: bytes) -> list[tuple[int, int]]:
    """Each page's size in points, read from the PDF's page objects."""
    sizes = re.findall(rb"/Type\s*/Page[^s].*?/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)",
                       pdf, re.S)
    if not sizes:  # the MediaBox may come before /Type
        sizes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return [(round(float(w)), round(float(h))) for w, h in sizes]


@pytest.mark.parametrize(("kind", "most"), [("theme day", 4), ("mapping", 2)])
def test_the_page_prints_to_a_few_a4_pages(tmp_path: Path, kind: str, most: int) -> None:
    page = tmp_path / "noter.html"
    page.write_text(render_html(notes(kind)), encoding="utf-8")
    pages = _pages(_print(page, tmp_path / "noter.pdf"))
    assert 1 <= len(pages) <= most, pages
    assert all(abs(w - A4[0]) <= 2 and abs(h - A4[1]) <= 2 for w, h in pages), pages
    ARTIFACTS.mkdir(exist_ok=True)
    name = "print-theme-day" if kind == "theme day" else "print-mapping"
    shutil.copy(tmp_path / "noter.pdf", ARTIFACTS / f"{name}.pdf")
    subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                    f"--user-data-dir={tmp_path / 'shot'}", "--window-size=900,1300",
                    f"--screenshot={ARTIFACTS / f'{name}.png'}", page.as_uri()],
                   capture_output=True, timeout=90)
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


def test_cardgame_export_format_html_writes_the_page(workspace: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--workspace", str(workspace), "--decks-dir", str(FIXTURE_DECKS)]
    assert main([*args, "new", "Temadag", "--date", "2026-12-07"]) == 0
    capsys.readouterr()
    assert main([*args, "export", "2026-12-07-temadag", "--format", "html"]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written == workspace / "exports" / "2026-12-07-temadag.html"
    page = written.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>Temadag</h1>" in page
    assert main([*args, "export", "2026-12-07-temadag", "--format", "html"]) == 0, \
        "its own page is replaced"


async def test_the_export_dialog_offers_the_page_to_print(make_app: MakeApp,
                                                          workspace: Path) -> None:
    from cardgame.screens.dialogs import ChoiceDialog
    from tests.helpers import session_on

    said = Said()
    app = make_app(open_session=session_on(workspace))
    async with app.run_test(size=(110, 36), message_hook=said.hook) as pilot:
        await pilot.pause()
        await pilot.press("4", "e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert [label for _, label, _ in dialog.choices][:2] == [
            "Noter til mail (Markdown) · På dansk", "Side til print eller PDF (HTML) · På dansk"]
        await pilot.press("down", "enter")
        await pilot.pause()
    [page] = (workspace / "exports").glob("*.html")
    assert "<h1>Temadag i byrådet</h1>" in page.read_text(encoding="utf-8")
    assert said.has(f"Noterne er skrevet til {page}")


class _Counting(BaseHTTPRequestHandler):
    """Serves the page at `/noter.html` and writes down every request, for this host or any,
    except the browser's own calls home (Google's clock and updates), which no page makes."""

    page = b""
    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        if not self.headers.get("Host", "").endswith(("google.com", "gvt1.com")):
            self.asked.append(f"{self.headers.get('Host')}{self.path}")  # not the browser's own
        body = self.page if self.path == "/noter.html" else b""
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


def test_no_request_leaves_the_page_in_a_browser(tmp_path: Path) -> None:
    """Every host name resolves to a loopback server that counts what it is asked: the page
    typed with links, images and styles from outside asks for nothing but itself."""
    typed = ('<img src="http://example.org/x.png"> <link rel="stylesheet" '
             'href="//cdn.example/s.css"> <style>@import url(http://fonts.example/f.css)</style>'
             ' ![bild](http://example.net/b.png)')
    _Counting.page = render_html(notes("theme day", typed)).encode()
    _Counting.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = subprocess.run(
            [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update",
             f"--host-resolver-rules=MAP * 127.0.0.1:{port}", f"--user-data-dir={tmp_path}",
             "--virtual-time-budget=3000", "--dump-dom", f"http://notes.test:{port}/noter.html"],
            capture_output=True, timeout=90)
    finally:
        server.shutdown()
        server.server_close()
    assert b"<h1>" in result.stdout, result.stderr.decode(errors="replace")[-2000:]
    assert b"example.org/x.png" in result.stdout, "the typed tag is shown as text"
    assert [ask for ask in _Counting.asked if not ask.endswith("/favicon.ico")] == [
        f"notes.test:{port}/noter.html"]
