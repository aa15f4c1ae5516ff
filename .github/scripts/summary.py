#!/usr/bin/env python3
"""The job summary a reviewer reads on a pull request: what `guidance check`
found, whether each sheet version fits one page, and what the build would
publish (new editions, changed contact details).

    summary.py CHECK_JSON BUILD_JSON OUTPUT_DIR  >> "$GITHUB_STEP_SUMMARY"

CHECK_JSON and BUILD_JSON are what `guidance check --format json` and
`guidance build --format json` printed (docs/report.schema.json, version 1).
Page counts come from the PDFs in OUTPUT_DIR (poppler's pdfinfo) and from
the page-overflow findings of a build that stopped.
"""
import json
import pathlib
import re
import subprocess
import sys

SUPPORTED_VERSION = 1


def load(path):
    report = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    if report.get("version") != SUPPORTED_VERSION:
        raise SystemExit(f"{path}: report format version {report.get('version')!r}; this script reads version {SUPPORTED_VERSION}")
    return report


def cell(text):
    """Text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def pages(pdf):
    try:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(match.group(1)) if match else None


def page_fit(output, findings):
    """(version, pages or None, verdict) for every sheet version in OUTPUT_DIR,
    and for every version a page-overflow finding names."""
    rows = {}
    for html in sorted(pathlib.Path(output).glob("*/*.html")):
        version = f"{html.parent.name}/{html.stem}"
        pdf = html.with_suffix(".pdf")
        if not pdf.exists():
            continue  # a withdrawn sheet's page, or a build without a browser
        count = pages(pdf)
        rows[version] = (count, "fits one page" if count == 1 else "unknown" if count is None else f"{count} pages")
    for finding in findings:
        if finding["rule"] != "page-overflow":
            continue
        match = re.search(r"the (\S+) version prints on (\d+) A4 pages", finding["message"])
        if match:
            slug = pathlib.Path(finding["file"]).stem
            rows[f"{match.group(1)}/{slug}"] = (int(match.group(2)), f"**{match.group(2)} pages: shorten it**")
    return sorted(rows.items())


def summary(check, build, output):
    lines = ["## Guidance sheets", ""]
    s = check["summary"]
    counts = [plural(s["errors"], "error"), plural(s["warnings"], "warning"), plural(s["notes"], "note")]
    verdict = "Ready to publish." if s["errors"] == 0 else "**Not ready: fix the errors below.**"
    lines += [f"{verdict} `guidance check`: {', '.join(counts)} in {plural(s['files'], 'file')}.", ""]

    findings = check["findings"]
    if findings:
        lines += ["### Findings", "", "| | Where | Rule | What to do |", "| --- | --- | --- | --- |"]
        mark = {"error": "❌ error", "warning": "⚠️ warning", "note": "ℹ️ note"}
        for f in findings:
            where = f"{f['file']}:{f['line']}:{f['column']}" if f["file"] else "(the whole run)"
            rule = f.get("languageRule") or f["rule"]
            message = f["message"] + (f" (suggestion: {f['suggestion']})" if f.get("suggestion") else "")
            lines.append(f"| {mark[f['severity']]} | `{cell(where)}` | `{cell(rule)}` | {cell(message)} |")
        lines.append("")

    fit = page_fit(output, findings + build.get("findings", []))
    if fit:
        lines += ["### Page fit", "", "| Sheet version | A4 pages |", "| --- | --- |"]
        for version, (_, verdict) in fit:
            lines.append(f"| `{cell(version)}` | {verdict} |")
        lines.append("")

    outcome = build.get("build", {})
    editions = outcome.get("newEditions", [])
    changes = outcome.get("contactChanges", [])
    added, withdrawn = outcome.get("added", []), outcome.get("withdrawn", [])
    lines += ["### What publishing this would change", ""]
    if not outcome.get("published", False):
        lines.append("The build stopped on errors: nothing would be published.")
    elif not (editions or changes or added or withdrawn or outcome.get("written")):
        lines.append("Nothing: `Output/` is already what the sources build.")
    for e in editions:
        lines.append(f"- New edition: `{cell(e['version'])}` becomes edition {e['edition']}.")
    for version in added:
        lines.append(f"- New sheet version: `{cell(version)}`.")
    for version in withdrawn:
        lines.append(f"- Withdrawn: `{cell(version)}`.")
    for c in changes:
        before, after = c.get("from", "(none)"), c.get("to", "(none)")
        lines.append(f"- Contact changed: {cell(c['contact'])} {cell(c['field'])} {cell(before)} → {cell(after)}.")
    lines.append("")
    return "\n".join(lines)


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 64
    print(summary(load(argv[1]), load(argv[2]), argv[3]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
