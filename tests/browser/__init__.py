"""Browser tests: Chromium, driven by Playwright, over the built site (see conftest.py)."""
