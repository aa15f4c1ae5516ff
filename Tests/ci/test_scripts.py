"""The scripts the CI workflow runs (.github/scripts/), against a stand-in
`gh` on the PATH that records its calls, and report fixtures that are
validated against docs/report.schema.json first (so they cannot drift from
what the tool prints; ReportFormatTests checks the tool against the schema).

    .venv/bin/python -m unittest discover -s Tests/ci   (make test runs it)
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / ".github" / "scripts"
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text())

FAKE_GH = """#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
body = open(args[args.index("--body-file") + 1]).read() if "--body-file" in args else None
with open(os.environ["FAKE_GH_LOG"], "a") as log:
    log.write(json.dumps({"args": args, "body": body}) + "\\n")
if sys.argv[1:3] == ["issue", "list"]:
    print(os.environ.get("FAKE_GH_OPEN", "[]"))
if os.environ.get("FAKE_GH_FAIL") == sys.argv[1] + " " + sys.argv[2]:
    print("HTTP 403: Resource not accessible by integration", file=sys.stderr)
    sys.exit(1)
"""


def finding(rule, severity="error", file="Guidance/indecent-images.md", line=12, column=3, message="", suggestion=None):
    f = {"file": file, "line": line if file else 0, "column": column if file else 0, "severity": severity,
         "rule": rule, "message": message or f"a {rule} finding"}
    if suggestion:
        f["suggestion"] = suggestion
    return f


def report(findings, build=None):
    errors = sum(f["severity"] == "error" for f in findings)
    warnings = sum(f["severity"] == "warning" for f in findings)
    notes = sum(f["severity"] == "note" for f in findings)
    r = {"version": 1, "tool": {"name": "guidance", "version": "0.9.0"}, "findings": findings,
         "summary": {"errors": errors, "warnings": warnings, "notes": notes, "files": 6}}
    if build is not None:
        r["build"] = build
    jsonschema.validate(r, SCHEMA)
    return r


BROKEN = finding("broken-link", message="https://www.example.org/gone answers 404 Not Found; the page is gone")
MOVED = finding("redirected-link", severity="warning", line=30, message="https://old.example.org/help moved permanently",
                suggestion="https://new.example.org/help")
NO_NETWORK = finding("unreachable-link", severity="warning", file="",
                     message="9 links were not checked: no network (no host name could be looked up)")
ROOT_FINDING = finding("contact-not-rung", severity="note", file="Guidance/contacts.yaml", line=23, column=18,
                       message="'mash' was checked against a document, not by ringing it | ring it")


class LinkIssueTests(unittest.TestCase):
    def setUp(self):
        self.dir = pathlib.Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir)
        gh = self.dir / "bin" / "gh"
        gh.parent.mkdir()
        gh.write_text(FAKE_GH)
        gh.chmod(0o755)
        self.log = self.dir / "calls.jsonl"
        self.env = dict(os.environ, PATH=f"{gh.parent}:{os.environ['PATH']}", FAKE_GH_LOG=str(self.log),
                        GITHUB_SERVER_URL="https://github.com", GITHUB_REPOSITORY="partnership/sheets", GITHUB_RUN_ID="77")

    def run_script(self, findings, open_issues=(), fail=None):
        path = self.dir / "links.json"
        path.write_text(json.dumps(report(findings)))
        env = dict(self.env, FAKE_GH_OPEN=json.dumps(list(open_issues)))
        if fail:
            env["FAKE_GH_FAIL"] = fail
        done = subprocess.run([sys.executable, str(SCRIPTS / "link_issue.py"), str(path)], env=env,
                              capture_output=True, text=True, timeout=60)
        recorded = [json.loads(line) for line in self.log.read_text().splitlines()] if self.log.exists() else []
        self.bodies = [r["body"] for r in recorded if r["body"] is not None]
        return done, [r["args"] for r in recorded]

    def test_broken_links_open_one_issue_listing_each_with_its_place(self):
        done, calls = self.run_script([BROKEN, MOVED, ROOT_FINDING])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual([c[:2] for c in calls], [["issue", "list"], ["label", "create"], ["issue", "create"]])
        create = calls[2]
        self.assertIn("Broken or moved links in the guidance sheets", create)
        self.assertEqual(create[create.index("--label") + 1], "link-check")
        self.assertIn("2 broken or moved links", done.stdout)
        body = self.bodies[0]
        self.assertIn("| Broken | `Guidance/indecent-images.md:12:3` |", body)
        self.assertIn("| Moved | `Guidance/indecent-images.md:30:3` |", body)
        self.assertIn("https://new.example.org/help", body)
        self.assertIn("(https://github.com/partnership/sheets/actions/runs/77)", body)
        self.assertNotIn("contact-not-rung", body, "only link problems are listed")

    def test_an_open_issue_is_updated_not_duplicated(self):
        done, calls = self.run_script([BROKEN], open_issues=[{"number": 41, "title": "Broken or moved links in the guidance sheets"}])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual([c[:3] for c in calls], [["issue", "list", "--label"], ["issue", "edit", "41"]])
        self.assertIn("| Broken | `Guidance/indecent-images.md:12:3` |", self.bodies[0])

    def test_the_issue_is_closed_when_every_link_works_again(self):
        done, calls = self.run_script([ROOT_FINDING], open_issues=[{"number": 41, "title": "Broken or moved links in the guidance sheets"}])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(calls[1][:3], ["issue", "close", "41"])
        self.assertIn("actions/runs/77", calls[1][-1])

    def test_nothing_broken_and_nothing_open_changes_nothing(self):
        done, calls = self.run_script([ROOT_FINDING])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual([c[:2] for c in calls], [["issue", "list"]])

    def test_a_check_that_could_not_run_neither_opens_nor_closes(self):
        done, calls = self.run_script([NO_NETWORK], open_issues=[{"number": 41, "title": "Broken or moved links in the guidance sheets"}])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(calls, [], "gh must not be asked anything")
        self.assertIn("did not run", done.stdout)

    def test_a_failing_gh_fails_the_step_and_says_why(self):
        done, _ = self.run_script([BROKEN], fail="issue create")
        self.assertEqual(done.returncode, 1)
        self.assertIn("403", done.stderr)

    def test_another_issue_with_the_label_is_left_alone(self):
        done, calls = self.run_script([BROKEN], open_issues=[{"number": 5, "title": "Check the LADO link by hand"}])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertNotIn(["issue", "edit", "5"], [c[:3] for c in calls])
        self.assertEqual(calls[-1][:2], ["issue", "create"])


class SummaryTests(unittest.TestCase):
    def setUp(self):
        self.dir = pathlib.Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir)

    def summarise(self, check, build, output):
        (self.dir / "check.json").write_text(json.dumps(check))
        (self.dir / "build.json").write_text(json.dumps(build))
        done = subprocess.run([sys.executable, str(SCRIPTS / "summary.py"), str(self.dir / "check.json"),
                               str(self.dir / "build.json"), str(output)], capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout

    def test_findings_page_fit_editions_and_contact_changes(self):
        output = self.dir / "Output" / "schools"
        output.mkdir(parents=True)
        shipped = sorted((ROOT / "Output" / "schools").glob("*.pdf"))
        sheet = next(p for p in shipped if p.stem != "all-sheets")
        shutil.copy(sheet, output / "a.pdf")
        (output / "a.html").write_text("<!DOCTYPE html>")
        language = dict(finding("language", line=4, column=9, message="'consented': children cannot consent | ever"),
                        languageRule="language.consented")
        overflow = finding("page-overflow", file="Guidance/b.md", line=40, column=3,
                           message="the agencies version prints on 2 A4 pages (about 12 lines too long); shorten it")
        check = report([language, overflow, ROOT_FINDING])
        build = report([], build={
            "published": True, "added": ["schools/c"], "removed": [], "written": ["schools/a.html"],
            "contactChanges": [{"contact": "mash", "field": "phone", "from": "020 7946 0123", "to": "020 7946 0999", "reverified": True}],
            "newEditions": [{"version": "schools/a", "audience": "schools", "sheet": "a", "edition": 4}],
            "withdrawn": [], "replaced": [], "left": []})
        text = self.summarise(check, build, self.dir / "Output")
        self.assertIn("**Not ready: fix the errors below.** `guidance check`: 2 errors, 0 warnings, 1 note in 6 files.", text)
        self.assertIn("| ❌ error | `Guidance/indecent-images.md:4:9` | `language.consented` | 'consented': children cannot consent \\| ever |", text)
        self.assertIn("| `schools/a` | fits one page |", text)
        self.assertIn("| `agencies/b` | **2 pages: shorten it** |", text)
        self.assertIn("- New edition: `schools/a` becomes edition 4.", text)
        self.assertIn("- New sheet version: `schools/c`.", text)
        self.assertIn("- Contact changed: mash phone 020 7946 0123 → 020 7946 0999.", text)

    def test_a_clean_check_and_an_up_to_date_output(self):
        build = report([], build={"published": True, "added": [], "removed": [], "written": [], "contactChanges": [],
                                  "newEditions": [], "withdrawn": [], "replaced": [], "left": []})
        text = self.summarise(report([]), build, self.dir)
        self.assertIn("Ready to publish. `guidance check`: 0 errors, 0 warnings, 0 notes in 6 files.", text)
        self.assertIn("Nothing: `Output/` is already what the sources build.", text)
        self.assertNotIn("### Findings", text)

    def test_an_unknown_report_version_is_refused_by_name(self):
        (self.dir / "r.json").write_text(json.dumps({"version": 2, "findings": [], "summary": {}}))
        done = subprocess.run([sys.executable, str(SCRIPTS / "summary.py"), str(self.dir / "r.json"), str(self.dir / "r.json"),
                               str(self.dir)], capture_output=True, text=True, timeout=60)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("version 2", done.stdout + done.stderr)


if __name__ == "__main__":
    unittest.main()
