#!/usr/bin/env python3
"""The schools' own-copy page in a real browser, as a school office uses it:
pick a sheet, type the designated safeguarding lead's and deputy's names and
where to find them, print. Opened from disk (file://) and from a web server
on 127.0.0.1; printed with Chromium's Page.printToPDF as the tool prints
its sheets (the CSS page size, no background graphics).

    own_copy.py OUTPUT_FOLDER SHEET_TITLE PDF_PATH

Checks: the script ran (the policy allows it by hash) and filled the box;
the PDF is one A4 page holding the names and the sheet picked, not the form;
axe-core finds no violations on the filled page. Prints each step; exits 1
when one fails.
"""
import base64
import functools
import http.server
import pathlib
import subprocess
import sys
import threading

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from audit import run_axe
from chromium import headless_chromium

NAMES = {
    "Our designated safeguarding lead": "Priya Raman",
    "Deputy": "Tomasz Nowak",
    "Where to find them": "Room 14, extension 2231",
}


def field(driver, label):
    """The input a visible label names (as a screen reader finds it)."""
    element = driver.find_element(By.XPATH, f"//label[normalize-space()='{label}']")
    return driver.find_element(By.ID, element.get_attribute("for"))


def fill_and_print(driver, url, title, pdf_path):
    failures = []
    driver.get(url)
    # Keyboard only: the sheet list takes typed letters, then Tab to the fields.
    chooser = driver.find_element(By.ID, "own-copy-sheet")
    picked = Select(chooser)
    chooser.send_keys(title)
    if picked.first_selected_option.text != title:
        picked.select_by_visible_text(title)
        failures.append(f"typing '{title}' in the sheet list picked '{picked.first_selected_option.text}'")
    for label, name in NAMES.items():
        box = field(driver, label)
        box.clear()
        box.send_keys(name)
    box.send_keys(Keys.TAB)
    shown = driver.execute_script(
        "const h = document.querySelector('#own-copy-preview h1'); return h ? h.textContent : null")
    if shown != title:
        failures.append(f"the sheet shown is '{shown}', not '{title}' (did the script run?)")
    filled = driver.execute_script(
        "return [...document.querySelectorAll('#own-copy-preview .own-contacts .fill')].map(e => e.textContent)")
    if filled != list(NAMES.values()):
        failures.append(f"the box holds {filled}, not the names typed")
    pdf = base64.b64decode(driver.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})["data"])
    pdf_path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True).stdout
    pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
    size = next((line for line in info.splitlines() if line.startswith("Page size:")), "?")
    if pages != "1":
        failures.append(f"the printed sheet has {pages} pages")
    if "(A4)" not in size:
        failures.append(f"the printed sheet is not A4: {size}")
    text = " ".join(subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True).stdout.split())
    for label, name in NAMES.items():
        if f"{label}: {name}" not in text:
            failures.append(f"the PDF text does not have '{label}: {name}'")
    if title not in text:
        failures.append(f"the PDF text does not have the title '{title}'")
    if "nothing you type is sent" in text:
        failures.append("the form was printed with the sheet")
    print(f"{'ok' if not failures else 'FAILED'}: {url}: {pages} page(s), {size}; box: {filled}")
    return failures


def axe(driver):
    result = run_axe(driver)
    if "error" in result:
        return [f"axe could not run: {result['error']}"]
    print(f"axe: {len(result['violations'])} violations, {result['passes']} rules passed")
    return [f"axe: {v['impact']}: {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    folder, title, pdf_path = pathlib.Path(sys.argv[1]).resolve(), sys.argv[2], pathlib.Path(sys.argv[3])
    page = folder / "schools" / "own-copy.html"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    server.timeout = 1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = headless_chromium("guidance-own-copy-")
    driver.set_script_timeout(60)
    failures = []
    try:
        served = f"http://127.0.0.1:{server.server_address[1]}/schools/own-copy.html"
        failures += fill_and_print(driver, served, title, pdf_path.with_suffix(".served.pdf"))
        failures += fill_and_print(driver, page.as_uri(), title, pdf_path)
        failures += axe(driver)
    finally:
        driver.quit()
        server.shutdown()
    for failure in failures:
        print(f"FAILED: {failure}")
    print("ok: filled, printed on one page, axe clean" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
