#!/usr/bin/env python3
"""make bench-print: printing through one Chromium kept for the run (what
guidance does) against one Chromium process per sheet version (what it did
before), on generated sheets and on the shipped guidance. Prints figures;
passes or fails nothing. Nothing leaves the machine.

  python3 Benchmarks/print_bench.py [--sheets 100] [--guidance PATH] [--chromium PATH] [--work DIR]
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import ROOT, generate  # noqa: E402  (the same generated corpus as make bench)


def timed(command):
    started = time.monotonic()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return wall


def build(guidance, root, output, printing):
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(os.path.join(root, ".guidance-cache"), ignore_errors=True)
    command = [guidance, "build", "--root", root, "--output", output, "--as-of", "2026-12-01"]
    if not printing:
        command.append("--no-print-check")
    return timed(command)


def print_stage(guidance, root, work, name):
    """The print stage of a full build: the build with printing less the same build without."""
    without = build(guidance, root, os.path.join(work, name + "-without"), printing=False)
    with_printing = build(guidance, root, os.path.join(work, name + "-with"), printing=True)
    pdfs = len(glob.glob(os.path.join(work, name + "-with", "*", "*.pdf")))
    return with_printing - without, pdfs, os.path.join(work, name + "-without")


def one_process_each(chromium, output, work):
    """Each version printed by a Chromium of its own, as `--print-to-pdf` does."""
    pages = sorted(glob.glob(os.path.join(output, "*", "*.html")))
    folder = os.path.join(work, "per-process")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    started = time.monotonic()
    for number, page in enumerate(pages):
        profile = tempfile.mkdtemp(prefix="guidance-bench-profile-")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        "--log-level=3", f"--user-data-dir={profile}",
                        f"--print-to-pdf={os.path.join(folder, f'{number}.pdf')}", "file://" + page],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        shutil.rmtree(profile, ignore_errors=True)
    return time.monotonic() - started, len(pages)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sheets", type=int, default=100, help="generated sheets (two versions each)")
    parser.add_argument("--guidance", default=os.path.join(ROOT, ".build", "release", "guidance"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--work", default=os.path.join(ROOT, ".build", "bench-print"))
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    shipped = os.path.join(args.work, "shipped")
    shutil.rmtree(shipped, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "Guidance"), os.path.join(shipped, "Guidance"))
    shipped_stage, shipped_pdfs, _ = print_stage(args.guidance, shipped, args.work, "shipped")

    corpus, _ = generate(args.work, args.sheets)
    stage, pdfs, plain_output = print_stage(args.guidance, corpus, args.work, "corpus")
    separate, pages = one_process_each(args.chromium, plain_output, args.work)

    print()
    print("| Printing | Versions | Wall time | Per version | Ratio | Target |")
    print("|---|---:|---:|---:|---:|---|")
    print(f"| guidance, one browser for the run (print stage of a full build, with previews) | {pdfs} | "
          f"{stage:.2f} s | {stage / max(pdfs, 1) * 1000:.0f} ms | 1.00 | |")
    print(f"| one Chromium process per version (`--print-to-pdf`) | {pages} | {separate:.2f} s | "
          f"{separate / max(pages, 1) * 1000:.0f} ms | {separate / stage:.1f} x slower | one browser at least 5x faster: "
          f"{'met' if separate / stage >= 5 else 'MISSED'} |")
    print(f"| guidance, the shipped guidance's print stage | {shipped_pdfs} | {shipped_stage:.2f} s | "
          f"{shipped_stage / max(shipped_pdfs, 1) * 1000:.0f} ms | | under 2 s: {'met' if shipped_stage < 2 else 'MISSED'} |")


if __name__ == "__main__":
    main()
