#!/usr/bin/env python3
"""guidance serve in a real browser: a sheet open in headless Chromium
(Selenium and chromedriver, as audit.py) reloads by itself when its source is
saved, shows the error overlay while a placeholder is misspelt, and loses it
when the placeholder is fixed. No reload is ever asked for by this script.

    serve.py URL SOURCE OLD NEW

URL is a served sheet, SOURCE its Markdown file, OLD a sentence in it and NEW
what to write instead. Prints each step with how long it took; exits 1 when
a step does not happen within its time.
"""
import pathlib
import sys
import time

from chromium import headless_chromium

LIMIT = 5.0  # seconds for each step


def wait(driver, what, condition, limit=LIMIT):
    started = time.monotonic()
    while time.monotonic() - started < limit:
        try:
            if driver.execute_script(condition):
                elapsed = time.monotonic() - started
                print(f"ok: {what} after {elapsed:.2f} s")
                return elapsed
        except Exception:  # the page is reloading
            pass
        time.sleep(0.05)
    print(f"FAILED: {what} did not happen within {limit} s")
    return None


def edit(source, old, new):
    text = source.read_text()
    if old not in text:
        raise SystemExit(f"'{old}' is not in {source}")
    source.write_text(text.replace(old, new, 1))


def main():
    url, source, old, new = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    driver = headless_chromium("guidance-serve-")
    failures = 0
    try:
        driver.get(url)
        if wait(driver, "the panel and the page-end line",
                "return !!document.getElementById('guidance-panel') && !!document.querySelector('.guidance-page-end')") is None:
            failures += 1
        # The reload script runs (its nonce is allowed) and holds the event stream open.
        if wait(driver, "the event stream open", "return window.guidanceEvents.readyState === EventSource.OPEN") is None:
            failures += 1
        edit(source, old, new)
        if wait(driver, "the edited text shown", f"return document.body.innerText.includes({new!r})") is None:
            failures += 1
        # A misspelt placeholder: the overlay names it; fixed, it goes.
        text = source.read_text()
        placeholder = text[text.index("{{"):text.index("}}") + 2]
        broken = placeholder.replace(".", ".x", 1)
        edit(source, placeholder, broken)
        if wait(driver, "the overlay with the error",
                f"const o = document.getElementById('guidance-overlay'); return !!o && o.innerText.includes({broken[2:-2]!r})") is None:
            failures += 1
        edit(source, broken, placeholder)
        if wait(driver, "the overlay gone", "return document.readyState === 'complete' && "
                "!!document.getElementById('guidance-panel') && !document.getElementById('guidance-overlay')") is None:
            failures += 1
    finally:
        driver.quit()
    print(f"serve in the browser: {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
