"""Fixtures of the browser tests (see lab_helpers.py): one Chromium per test module, a fresh
context (Russian locale, 1400x900) per test."""

from __future__ import annotations

import shutil

import pytest
from lab_helpers import CHROMIUM_ARGS, VIEWPORT, needs_playwright, needs_system


@pytest.fixture(scope="module")  # not session: Playwright's sync API allows one live instance,
def browser():  # and other test modules (the hub test) start their own
    needs_system("chromium", "Chromium из дистрибутива (Debian: apt-get install chromium)")
    needs_playwright()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="ru-RU", timezone_id="Europe/Moscow")
    context.set_default_timeout(30_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()
