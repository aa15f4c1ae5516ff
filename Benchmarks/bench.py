#!/usr/bin/env python3
"""make bench: guidance against cmark, pandoc and lychee on a generated corpus.

Prints figures; passes or fails nothing. Everything runs on this machine and
every request goes to a server on 127.0.0.1.

  python3 Benchmarks/bench.py [--sheets 1000] [--links 1000] [--per-host 10]
                              [--guidance PATH] [--lychee PATH] [--work DIR]
                              [--shape-sizes 1048576] [--shapes issue|all|NAME,...]
                              [--only-shapes]

The hostile shapes (issue 16, Benchmarks/shapes.py) are timed last: each at
each size as the one sheet of a project, through `guidance check --offline`.
"""

import argparse
import datetime
import http.server
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import threading
import time

import shapes as hostile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AUDIENCES = ["schools", "agencies"]

# Words for generated prose: plain safeguarding English that no language
# rule flags, so the corpus builds without errors as a real one would.
WORDS = ("staff child record write date time tell lead deputy manager same day school college "
         "safeguarding note what said words own describe happened device police hand evidence "
         "reassure trouble support worry parent carer agency meeting plan review share office "
         "number call email team referral advice help early concern question answer listen "
         "calm clear short fact notes sign name role follow local policy training").split()


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def sheet_text(rng, number):
    """One sheet like the shipped ones: front matter, audience regions and
    single-block markers, placeholders, lists, links."""
    lines = [
        "---",
        f"title: Generated sheet {number}",
        "audiences: [schools, agencies]",
        "reviewed: 2026-11-29",
        "next-review: 2027-05-29",
        "---",
        "",
        f"**In one line:** {sentence(rng, 20)}",
        "",
        "## Do",
        "",
    ]
    for index in range(6):
        marker = ""
        if index == 1:
            marker = " <!-- audience: schools -->"
        elif index == 2:
            marker = " <!-- audience: agencies -->"
        lines.append(f"- {sentence(rng, 14)}{marker}")
    lines += ["", "<!-- audience: schools -->", sentence(rng, 24), "<!-- /audience -->", "",
              "## Don't", ""]
    for _ in range(5):
        lines.append(f"- Don't {sentence(rng, 11).lower()}")
    lines += [
        "",
        "## Who to tell",
        "",
        "- A child in immediate danger: {{police-emergency.phone}}.",
        "- {{mash.name}}: {{mash.phone}} ({{mash.hours}}), {{mash.email}}.",
        "- Out of hours: {{out-of-hours.phone}} ({{out-of-hours.hours}}).",
        "- A member of staff is involved: the LADO, {{lado.phone}}.",
        "- Police, non-emergency: {{police.phone}}.",
        "- Advice for staff: [NSPCC Learning](https://learning.nspcc.org.uk/safeguarding-checklist), "
        "{{nspcc.phone}}.",
        "",
    ]
    return "\n".join(lines)


def generate(work, sheets):
    """Writes the corpus: the shipped configuration, registry and templates,
    and `sheets` generated sheets (seeded, so every run is the same)."""
    corpus = os.path.join(work, "corpus")
    guidance = hostile.new_project(corpus)
    rng = random.Random(20261129)
    bodies = os.path.join(work, "bodies")
    shutil.rmtree(bodies, ignore_errors=True)
    os.makedirs(bodies)
    total = 0
    for number in range(1, sheets + 1):
        text = sheet_text(rng, number)
        total += len(text.encode())
        slug = f"sheet-{number:04d}"
        with open(os.path.join(guidance, slug + ".md"), "w") as f:
            f.write(text)
        # The body alone (front matter removed), as cmark is given it.
        with open(os.path.join(bodies, slug + ".md"), "w") as f:
            f.write(text.split("---\n", 2)[2])
    return corpus, total


def measure(command, cwd=None, stdout=None):
    """Runs a command under GNU time: (wall seconds, peak resident MiB, exit
    status, standard output). The peak is that of the largest process the
    command ran, children included."""
    report = os.path.join(ROOT, ".build", "bench", "time.out")
    os.makedirs(os.path.dirname(report), exist_ok=True)
    started = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-o", report, "-f", "%M"] + command, cwd=cwd,
                            stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - started
    with open(report) as f:
        peak_kib = int(f.read().strip().splitlines()[-1])
    return wall, peak_kib / 1024, result.returncode, (result.stdout or "") + (result.stderr or "")


class SlowServer(http.server.ThreadingHTTPServer):
    """Answers every HEAD and GET with 200 after `delay` seconds, and counts
    requests and the most it had in flight at once."""
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, delay):
        self.delay = delay
        self.lock = threading.Lock()
        self.requests = 0
        self.in_flight = 0
        self.most_in_flight = 0
        super().__init__(("127.0.0.1", 0), SlowHandler)

    def reset(self):
        with self.lock:
            self.requests = self.most_in_flight = 0


class SlowHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, body):
        server = self.server
        with server.lock:
            server.requests += 1
            server.in_flight += 1
            server.most_in_flight = max(server.most_in_flight, server.in_flight)
        time.sleep(server.delay)
        with server.lock:
            server.in_flight -= 1
        payload = b"<!doctype html><title>ok</title><p>ok</p>\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_GET(self):
        self.answer(True)

    def do_HEAD(self):
        self.answer(False)


def link_corpus(work, port, addresses, per_host):
    """A project whose sheets link to `addresses` distinct pages on the server."""
    project = os.path.join(work, "links")
    shutil.rmtree(project, ignore_errors=True)
    guidance = os.path.join(project, "Guidance")
    os.makedirs(guidance)
    shutil.copytree(os.path.join(ROOT, "Guidance", "templates"), os.path.join(guidance, "templates"))
    # A registry without web addresses: the check must ask only the loopback server.
    with open(os.path.join(guidance, "contacts.yaml"), "w") as f:
        f.write("contacts:\n  office:\n    name: Bench office\n    phone: 020 8901 2690\n"
                "    verified: 2026-11-29\n")
    with open(os.path.join(guidance, "guidance.yaml"), "w") as f:
        f.write("partnership: Bench Partnership\n"
                "audiences:\n  schools: Schools and colleges\n  agencies: All other staff\n"
                f"links:\n  per-host: {per_host}\n  concurrency: {max(per_host, 16)}\n"
                "  timeout: 10\n  deadline: 600\n")
    per_sheet = 50
    for sheet in range((addresses + per_sheet - 1) // per_sheet):
        lines = ["---", f"title: Links {sheet + 1}", "audiences: [schools, agencies]",
                 "reviewed: 2026-11-29", "next-review: 2027-05-29", "---", "", "## Links", ""]
        for n in range(sheet * per_sheet, min(addresses, (sheet + 1) * per_sheet)):
            lines.append(f"- [Guidance page {n + 1}](http://127.0.0.1:{port}/guidance/page-{n + 1}.html)")
        with open(os.path.join(guidance, f"links-{sheet + 1:03d}.md"), "w") as f:
            f.write("\n".join(lines) + "\n")
    return project


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sheets", type=int, default=1000)
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--per-host", type=int, default=10, help="requests in flight to one host, both tools")
    parser.add_argument("--repeat", type=int, default=3,
                        help="link checks: runs of each tool, alternating; the median is reported")
    parser.add_argument("--delay", type=float, default=0.020, help="server delay per request, seconds")
    parser.add_argument("--guidance", default=os.path.join(ROOT, ".build/release/guidance"))
    parser.add_argument("--lychee", default=os.path.join(ROOT, ".venv-bench/bin/lychee"))
    parser.add_argument("--skip", action="append", default=[], choices=["pandoc", "links"],
                        help="leave out a comparison (repeatable)")
    parser.add_argument("--work", default=os.path.join(ROOT, ".build/bench"))
    parser.add_argument("--shapes", default="issue",
                        help="hostile shapes to time: issue (issue 16's five), all, or names separated by commas")
    parser.add_argument("--shape-sizes", default=str(1 << 20),
                        help="sizes in bytes of each hostile sheet, separated by commas")
    parser.add_argument("--shape-timeout", type=float, default=300, help="seconds before a shape's run is given up")
    parser.add_argument("--only-shapes", action="store_true", help="time the hostile shapes only")
    args = parser.parse_args()
    if args.only_shapes:
        shape_table(args)
        return
    guidance = os.path.abspath(args.guidance)
    lychee_path = os.path.abspath(args.lychee)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    rows = []

    def row(step, wall, peak=None, note=""):
        rows.append((step, wall, peak, note))
        print(f"  {step}: {wall:.2f} s" + (f", {peak:.1f} MiB" if peak else "") + (f"  {note}" if note else ""),
              file=sys.stderr)

    corpus, size = generate(work, args.sheets)
    outputs = args.sheets * len(AUDIENCES)
    print(f"corpus: {args.sheets} sheets, {size / 1024:.0f} KiB of Markdown, {len(AUDIENCES)} audiences",
          file=sys.stderr)

    # The floor: libcmark's own command line, once per body per audience.
    out = os.path.join(work, "cmark-out")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    script = os.path.join(work, "cmark-floor.sh")
    with open(script, "w") as f:
        for name in sorted(os.listdir(os.path.join(work, "bodies"))):
            for audience in AUDIENCES:
                f.write(f"cmark --to html bodies/{name} > cmark-out/{audience}-{name[:-3]}.html\n")
    floor, floor_peak, _, _ = measure(["sh", script], cwd=work)
    row(f"cmark floor ({outputs:,} runs of cmark 0.30)", floor, floor_peak)

    # guidance: full build, no-op rebuild, one sheet changed.
    shutil.rmtree(os.path.join(corpus, "Output"), ignore_errors=True)
    shutil.rmtree(os.path.join(corpus, ".guidance-cache"), ignore_errors=True)
    build = [guidance, "build", "--root", corpus, "--offline", "--no-print-check", "--as-of", "2026-12-01"]
    wall, peak, status, said = measure(build)
    if status != 0:
        sys.exit(f"guidance build failed on the corpus ({status}):\n{said[-2000:]}")
    written = re.search(r"(\d+) files? written", said)
    row("guidance build, full", wall, peak, f"{written.group(1) if written else '?'} files written")
    full = (wall, peak)

    # The rest of the floor: the same output files (names and bytes) written
    # by a plain script, the bytes read into memory before the clock starts.
    import pickle
    built = os.path.join(corpus, "Output")
    snapshot = {}
    for folder, _, names in os.walk(built):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                snapshot[os.path.relpath(path, built)] = f.read()
    with open(os.path.join(work, "output.pickle"), "wb") as f:
        pickle.dump(snapshot, f)
    writer = os.path.join(work, "write-floor.py")
    with open(writer, "w") as f:
        f.write("import os, pickle, sys\n"
                "files = pickle.load(open(sys.argv[1], 'rb'))\n"
                "for path, data in files.items():\n"
                "    target = os.path.join(sys.argv[2], path)\n"
                "    os.makedirs(os.path.dirname(target), exist_ok=True)\n"
                "    with open(target, 'wb') as out:\n"
                "        out.write(data)\n")
    shutil.rmtree(os.path.join(work, "write-floor-out"), ignore_errors=True)
    write_floor, _, _, _ = measure([sys.executable, writer, os.path.join(work, "output.pickle"),
                                    os.path.join(work, "write-floor-out")])
    row(f"floor: writing the same {len(snapshot):,} files from a plain script", write_floor)
    floor_with_files = floor + write_floor

    wall, peak, status, said = measure(build)
    nothing = "nothing written" in said
    row("guidance build, no-op", wall, peak, "nothing written" if nothing else said.strip().splitlines()[-1])
    noop = (wall, peak, nothing)

    changed = os.path.join(corpus, "Guidance", f"sheet-{(args.sheets + 1) // 2:04d}.md")
    with open(changed, "a") as f:
        f.write("\nOne more sentence, added for the benchmark.\n")
    wall, peak, status, said = measure(build)
    written = re.search(r"(\d+) files? written", said)
    row("guidance build, one sheet changed", wall, peak, f"{written.group(1) if written else '?'} files written")
    one = (wall, peak)

    # pandoc, as a Makefile would run it: one process per output.
    pandoc_out = os.path.join(work, "pandoc-out")
    shutil.rmtree(pandoc_out, ignore_errors=True)
    os.makedirs(pandoc_out)
    makefile = os.path.join(work, "pandoc.mk")
    targets = []
    with open(makefile, "w") as f:
        rules = []
        for name in sorted(os.listdir(os.path.join(corpus, "Guidance"))):
            if not name.endswith(".md"):
                continue
            for audience in AUDIENCES:
                for ext, to in [("html", "html5 -s"), ("txt", "plain")]:
                    target = f"pandoc-out/{audience}-{name[:-3]}.{ext}"
                    targets.append(target)
                    rules.append(f"{target}: corpus/Guidance/{name}\n\tpandoc -f markdown -t {to} "
                                 f"--metadata pagetitle=sheet $< -o $@\n")
        f.write("all: " + " ".join(targets) + "\n" + "".join(rules))
    pandoc = None
    if shutil.which("pandoc") and "pandoc" not in args.skip:
        version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.split()[1]
        wall, peak, status, _ = measure(["make", "-s", "-f", makefile], cwd=work)
        row(f"pandoc {version} ({len(targets):,} runs)", wall, peak)
        pandoc = (wall, peak, version, len(targets))

    # Link checking against a slow loopback server.
    if "links" in args.skip:
        print_table(args, size, outputs, floor, floor_peak, full, noop, one, pandoc, None, None, floor_with_files)
        shape_table(args)
        return
    server = SlowServer(args.delay)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    project = link_corpus(work, port, args.links, args.per_host)
    shutil.rmtree(os.path.join(project, ".guidance-cache"), ignore_errors=True)
    check = [guidance, "check", "--root", project, "--as-of", "2026-12-01", "--no-print-check", "--format", "json"]
    lychee_version = None
    tools = {"guidance check": check}
    cache_of = {"guidance check": os.path.join(project, ".guidance-cache")}
    if os.path.exists(lychee_path):
        lychee_version = subprocess.run([lychee_path, "--version"], capture_output=True, text=True).stdout.split()[-1]
        files = sorted(os.path.join(project, "Guidance", n) for n in os.listdir(os.path.join(project, "Guidance"))
                       if n.endswith(".md"))
        # lychee waits 50 ms between requests to one host by default; without
        # that wait it runs at the same concurrency as guidance.
        tools["lychee"] = [lychee_path, "--no-progress", "--host-concurrency", str(args.per_host),
                           "--host-request-interval", "0ms", "--max-retries", "2",
                           "--cache", "--max-cache-age", "1d"] + files
        cache_of["lychee"] = os.path.join(project, ".lycheecache")
    else:
        print(f"lychee not found at {lychee_path}; its rows are left out (make bench installs it)", file=sys.stderr)

    def run_links(label, command):
        server.reset()
        wall, peak, status, said = measure(command, cwd=project)
        if status not in (0, 1):
            sys.exit(f"{label} could not run (exit {status}):\n{said[-2000:]}")
        return wall, peak, server.requests, server.most_in_flight, status

    def median(runs):
        return sorted(runs, key=lambda run: run[0])[len(runs) // 2]

    links = {}
    cold = {label: [] for label in tools}
    warm = {label: [] for label in tools}
    for _ in range(args.repeat):
        for label, command in tools.items():
            shutil.rmtree(cache_of[label], ignore_errors=True)
            if os.path.isfile(cache_of[label]):
                os.remove(cache_of[label])
            cold[label].append(run_links(label, command))
            warm[label].append(run_links(label, command))
    for label in tools:
        links[label] = median(cold[label])
        links[label + ", cached"] = median(warm[label])
    for label, (wall, peak, requests, most, status) in links.items():
        row(label, wall, peak, f"{requests} requests, at most {most} at once, exit {status} (median of {args.repeat})")
    server.shutdown()
    print_table(args, size, outputs, floor, floor_peak, full, noop, one, pandoc, links, lychee_version, floor_with_files)
    shape_table(args)


def shape_table(args):
    """`guidance check --offline` on a project whose one sheet is a hostile
    shape (print check included, as CI runs it); target under 2 s at 1 MiB."""
    guidance = os.path.abspath(args.guidance)
    names = {"issue": hostile.ISSUE_SHAPES, "all": list(hostile.SHAPES)}.get(args.shapes, args.shapes.split(","))
    sizes = [int(size) for size in args.shape_sizes.split(",")]
    results = {}
    for name in names:
        for size in sizes:
            if any(results.get((name, smaller), (0, 0, 0))[2] == 124 for smaller in sizes if smaller < size):
                # A smaller sheet of this shape already ran out of time: so would this one.
                results[(name, size)] = (args.shape_timeout, 0.0, 124)
                continue
            project = hostile.write_project(os.path.join(os.path.abspath(args.work), "shapes", name), name, size)
            command = ["timeout", str(args.shape_timeout), guidance, "check", "--offline", "--root", project,
                       "--as-of", "2026-12-01", "--format", "json"]
            wall, peak, status, _ = measure(command)
            results[(name, size)] = (wall, peak, status)
            print(f"  {name} at {size // 1024} KiB: {wall:.2f} s, {peak:.1f} MiB, exit {status}"
                  + (" (timed out)" if status == 124 else ""), file=sys.stderr)
    print()
    print("Hostile sheets, `guidance check --offline` (one sheet; exit 124 = gave up after "
          f"{args.shape_timeout:.0f} s):")
    print()
    print("| Shape | " + " | ".join(f"{size // 1024} KiB" for size in sizes) + " | Peak memory | Target |")
    print("|---|" + "---:|" * len(sizes) + "---:|---|")
    for name in names:
        times = []
        for size in sizes:
            wall, _, status = results[(name, size)]
            times.append(f"over {wall:.0f} s" if status == 124 else f"{wall:.2f} s")
        largest = results[(name, sizes[-1])]
        verdict = ""
        if sizes[-1] == 1 << 20:
            verdict = "< 2 s at 1 MiB: " + ("met" if largest[2] != 124 and largest[0] < 2 else "**missed**")
        print(f"| {name} | " + " | ".join(times) + f" | {largest[1]:.1f} MiB | {verdict} |")


def print_table(args, size, outputs, floor, floor_peak, full, noop, one, pandoc, links, lychee_version, floor_with_files):
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = re.search(r"model name\s*:\s*(.*)", f.read()).group(1).strip()
    except (OSError, AttributeError):
        pass
    print()
    print(f"guidance bench, {datetime.date.today().isoformat()}: {platform.system()} {platform.machine()}, "
          f"{cpu}, {os.cpu_count()} cores")
    print(f"Build: {args.sheets:,} sheets x {len(AUDIENCES)} audiences ({size / 1024:.0f} KiB of Markdown). "
          f"Links: {args.links:,} addresses on 127.0.0.1, {args.delay * 1000:.0f} ms per answer, "
          f"{args.per_host} per host for both tools.")
    print()
    print("| Step | Wall time | Peak memory | Ratio | Target |")
    print("|---|---:|---:|---:|---|")

    def verdict(ok):
        return "met" if ok else "**missed**"

    print(f"| cmark floor ({outputs:,} runs) | {floor:.2f} s | {floor_peak:.1f} MiB | 1.00 | |")
    print(f"| floor with files: cmark + the same files written by a plain script | {floor_with_files:.2f} s | | 1.00 | |")
    print(f"| guidance build, full, no printing | {full[0]:.2f} s | {full[1]:.1f} MiB | "
          f"{full[0] / floor_with_files:.2f} x floor with files | "
          f"<= 2 x floor with files, < 150 MB: {verdict(full[0] <= 2 * floor_with_files and full[1] * 1.048576 < 150)} |")
    print(f"| guidance build, no-op | {noop[0]:.2f} s | {noop[1]:.1f} MiB | {noop[0] / floor:.2f} x cmark floor | "
          f"<= 1 x cmark floor, nothing written: {verdict(noop[0] <= floor and noop[2])} |")
    print(f"| guidance build, one sheet changed | {one[0]:.2f} s | {one[1]:.1f} MiB | {one[0] / floor:.2f} x floor | |")
    if pandoc:
        print(f"| pandoc {pandoc[2]} ({pandoc[3]:,} runs) | {pandoc[0]:.2f} s | {pandoc[1]:.1f} MiB | "
              f"{pandoc[0] / floor:.2f} x floor | |")
    if links is None:
        return
    g = links["guidance check"]
    print(f"| guidance check, {args.links:,} links | {g[0]:.2f} s | {g[1]:.1f} MiB | | "
          + (f"no slower than lychee: {verdict(g[0] <= links['lychee'][0])} |" if "lychee" in links else "|"))
    if "lychee" in links:
        l = links["lychee"]
        print(f"| lychee {lychee_version}, {args.links:,} links | {l[0]:.2f} s | {l[1]:.1f} MiB | "
              f"{g[0] / l[0]:.2f} (guidance / lychee) | |")
    c = links["guidance check, cached"]
    print(f"| guidance check, cached | {c[0]:.2f} s | {c[1]:.1f} MiB | {c[2]} requests | "
          f"< 0.3 s: {verdict(c[0] < 0.3)} |")
    if "lychee, cached" in links:
        l = links["lychee, cached"]
        print(f"| lychee, cached | {l[0]:.2f} s | {l[1]:.1f} MiB | {l[2]} requests | |")


if __name__ == "__main__":
    main()
