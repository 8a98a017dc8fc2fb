"""The browser's fixtures (`cardgame serve`, headless Chromium, a tab), for every browser test."""

from tests.functional.test_browser import chromium, open_tab, server  # noqa: F401
