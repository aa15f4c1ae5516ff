"""The workflows in .github/workflows, read as GitHub reads them (actionlint
and the workflow JSON Schema run in `make lint-workflows`): every job can
time out, every action is pinned to a full commit, the link check cannot be
cancelled by a push, and the packages installed are the ones the build needs.
"""
import pathlib
import re
import unittest

from ruamel.yaml import YAML

ROOT = pathlib.Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def load(path):
    return YAML(typ="safe").load(path.read_text())


def apt_build():
    """APT_BUILD as the Makefile sets it, continuation lines included."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    line = next(l for l in text.splitlines() if l.startswith("APT_BUILD"))
    return set(line.split("=", 1)[1].split())


class WorkflowTests(unittest.TestCase):
    def test_every_job_has_a_time_limit(self):
        for path in WORKFLOWS:
            for name, job in load(path)["jobs"].items():
                if "uses" in job:
                    continue  # a call of a reusable workflow: its jobs carry their own
                self.assertIsInstance(job.get("timeout-minutes"), int, f"{path.name}: job {name}")

    def test_every_action_is_pinned_to_a_full_commit(self):
        for path in WORKFLOWS:
            for name, job in load(path)["jobs"].items():
                for step in job.get("steps", []):
                    uses = step.get("uses")
                    if uses is None:
                        continue
                    self.assertRegex(uses, r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$", f"{path.name}: job {name}")

    def test_the_link_check_has_its_own_uncancelled_group(self):
        jobs = load(ROOT / ".github" / "workflows" / "sheets.yml")["jobs"]
        links = jobs["links"]["concurrency"]
        self.assertFalse(links["cancel-in-progress"])
        groups = {name: job.get("concurrency", {}).get("group") for name, job in jobs.items()}
        self.assertEqual(len(set(groups.values())), len(groups), f"each job its own group: {groups}")
        self.assertIn("schedule", jobs["links"]["if"])
        self.assertIn("workflow_dispatch", jobs["links"]["if"], "runnable by hand")
        caller = load(ROOT / ".github" / "workflows" / "guidance.yml")
        self.assertNotIn("concurrency", caller, "a run-wide group would let a push cancel the link check")

    def test_every_install_step_installs_what_the_build_needs(self):
        needed = apt_build()
        steps = [s for path in WORKFLOWS for job in load(path)["jobs"].values() for s in job.get("steps", [])
                 if "apt-get install" in s.get("run", "")]
        self.assertGreaterEqual(len(steps), 2)
        for step in steps:
            installed = set(re.split(r"\s+", step["run"].split("apt-get install -y", 1)[1].strip()))
            self.assertEqual(needed - installed, set(), step["name"])

    def test_pull_requests_get_the_output_and_main_is_published(self):
        jobs = load(ROOT / ".github" / "workflows" / "sheets.yml")["jobs"]
        uploads = [s for s in jobs["check"]["steps"] if "upload-artifact" in s.get("uses", "")]
        self.assertEqual(len(uploads), 1)
        self.assertEqual(uploads[0]["with"]["path"], "Output/")
        self.assertIn("pull_request", uploads[0]["if"])
        self.assertIn("refs/heads/main", jobs["deploy"]["if"])
        self.assertEqual(jobs["deploy"]["permissions"]["pages"], "write")
        self.assertTrue(any("deploy-pages" in s.get("uses", "") for s in jobs["deploy"]["steps"]))
        summary = [s for s in jobs["check"]["steps"] if "GITHUB_STEP_SUMMARY" in s.get("run", "")]
        self.assertEqual(len(summary), 1)

    def test_the_freshness_check_builds_as_the_office_does(self):
        steps = load(ROOT / ".github" / "workflows" / "sheets.yml")["jobs"]["check"]["steps"]
        builds = [line.strip() for s in steps for line in s.get("run", "").splitlines() if '" build' in line]
        # No option that changes what is written (--as-of, --audience, --output, --no-print-check).
        self.assertEqual(builds, ['"$GUIDANCE" build --format json > build.json'])
        fresh = next(s for s in steps if s.get("name") == "Output/ must equal a fresh build")
        self.assertIn("git status --porcelain -- Output/", fresh["run"])


if __name__ == "__main__":
    unittest.main()
