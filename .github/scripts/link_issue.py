#!/usr/bin/env python3
"""Keeps one GitHub issue in step with the weekly link check: opens it when
links are broken or moved, updates it while they are, closes it when they
all work again. Uses the `gh` command line (GH_TOKEN in the environment).

    link_issue.py CHECK_JSON

CHECK_JSON is what `guidance check --format json` printed (with links; see
docs/report.schema.json). When the link check could not run (no network,
its deadline passed), nothing is opened or closed: a check that did not run
says nothing about the links. Exit status: 0, or 1 when `gh` failed.
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

LABEL = "link-check"
TITLE = "Broken or moved links in the guidance sheets"
# What a reader of a printed sheet cannot follow, or follows to the wrong place.
LISTED = {"broken-link": "Broken", "redirected-link": "Moved", "private-link": "Not reachable from outside"}
SUPPORTED_VERSION = 1


def gh(*args):
    return subprocess.run(["gh", *args], capture_output=True, text=True, check=True).stdout


def run_link():
    server, repo, run = (os.environ.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    return f"{server}/{repo}/actions/runs/{run}" if server and repo and run else None


def did_not_run(findings):
    """The link check's own warning that it checked nothing: a finding about
    no one file (no network, or the deadline passed before any lookup)."""
    return any(f["rule"] == "unreachable-link" and not f["file"] for f in findings)


def body(problems):
    lines = ["The weekly link check found links a reader cannot follow as printed. "
             "Fix each in the file and line given (the suggestion is the new address "
             "where the site moved), then run `guidance check`.", "",
             "| | Where | Problem | Suggestion |", "| --- | --- | --- | --- |"]
    for f in problems:
        where = f"{f['file']}:{f['line']}:{f['column']}"
        message = f["message"].replace("|", "\\|").replace("\n", " ")
        suggestion = (f.get("suggestion") or "").replace("|", "\\|")
        lines.append(f"| {LISTED[f['rule']]} | `{where}` | {message} | {suggestion} |")
    link = run_link()
    lines += ["", f"Found by [this run]({link})." if link else "",
              "This issue is updated by each weekly check and closed when every link works."]
    return "\n".join(lines).rstrip() + "\n"


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    report = json.loads(pathlib.Path(argv[1]).read_text(encoding="utf-8"))
    if report.get("version") != SUPPORTED_VERSION:
        print(f"link_issue.py: report format version {report.get('version')!r}; this script reads {SUPPORTED_VERSION}", file=sys.stderr)
        return 1
    findings = report["findings"]
    if did_not_run(findings):
        print("The link check did not run (no network or deadline passed): the issue is left as it is.")
        return 0
    problems = [f for f in findings if f["rule"] in LISTED]
    try:
        open_issues = json.loads(gh("issue", "list", "--label", LABEL, "--state", "open",
                                    "--json", "number,title", "--limit", "20") or "[]")
        existing = next((i["number"] for i in open_issues if i["title"] == TITLE), None)
        if problems:
            with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as file:
                file.write(body(problems))
            if existing is None:
                gh("label", "create", LABEL, "--color", "B60205", "--force",
                   "--description", "Opened and closed by the weekly link check")
                gh("issue", "create", "--title", TITLE, "--label", LABEL, "--body-file", file.name)
                print(f"Opened an issue: {len(problems)} broken or moved links.")
            else:
                gh("issue", "edit", str(existing), "--body-file", file.name)
                print(f"Updated issue #{existing}: {len(problems)} broken or moved links.")
            os.unlink(file.name)
        elif existing is not None:
            link = run_link()
            gh("issue", "close", str(existing), "--comment",
               "Every link works again" + (f" ([this run]({link}))." if link else "."))
            print(f"Closed issue #{existing}: every link works again.")
        else:
            print("Every link works; no issue open.")
    except subprocess.CalledProcessError as error:
        print(f"link_issue.py: gh {' '.join(error.cmd[1:3])} failed: {error.stderr.strip()}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
