#!/usr/bin/env python3
"""Hostile sheet bodies of a given size (issue 16): the shapes that once made
`guidance check` superlinear, and libcmark's own pathological inputs.

  python3 Benchmarks/shapes.py SHAPE BYTES [--root DIR]

writes a project under DIR (default .build/shapes/SHAPE-BYTES) holding the
shipped configuration, registry and templates and one sheet whose body is
SHAPE at about BYTES bytes; `make bench` times `guidance check` on it.
"""

import argparse
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

FRONT_MATTER = ("---\ntitle: A hostile sheet\naudiences: [schools, agencies]\n"
                "reviewed: 2026-11-29\nnext-review: 2027-05-29\n---\n\n")


def repeat(unit, size, head="", tail=""):
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def nested(opener, closer, size, middle="b"):
    count = max(1, (size - len(middle)) // (len(opener) + len(closer)))
    return opener * count + middle + closer * count


def lines_growing(line_of, size):
    out, total, index = [], 0, 0
    while total < size:
        line = line_of(index)
        out.append(line)
        total += len(line)
        index += 1
    return "".join(out)


# name -> function of the size in bytes. The first five are issue 16's.
SHAPES = {
    "strong-run": lambda n: repeat("a**", n),
    "quote-run": lambda n: repeat("> ", n),
    "bold-paragraph": lambda n: repeat("word **bold** and *em* ", n),
    "pipe-lines": lambda n: repeat("|a|b|\n", n),
    "nested-emphasis": lambda n: nested("*a **a ", " a** a*", n),
    # libcmark's test/pathological_tests.py
    "emph-closers": lambda n: repeat("a_ ", n),
    "emph-openers": lambda n: repeat("_a ", n),
    "link-closers": lambda n: repeat("a]", n),
    "link-openers": lambda n: repeat("[a", n),
    "mismatched": lambda n: repeat("*a_ ", n),
    "closers-by-3": lambda n: repeat("c* ", n, head="a**b"),
    "link-emph": lambda n: repeat("[ a_", n),
    "bracket-paren": lambda n: repeat("[ (](", n),
    "image-brackets": lambda n: repeat("![[]()", n),
    "nested-brackets": lambda n: nested("[", "]", n, "a"),
    "nested-quotes": lambda n: repeat("> ", n, tail="a\n"),
    "deep-lists": lambda n: lines_growing(lambda i: "  " * (i % 1000) + "* a\n", n),
    "backticks": lambda n: lines_growing(lambda i: "e" + "`" * (i % 5000 + 1), n),
    "unclosed-links": lambda n: repeat("[a](<b", n),
    "unclosed-links-b": lambda n: repeat("[a](b", n),
    "unclosed-comments": lambda n: repeat("<!--", n, head="</"),
    "references": lambda n: lines_growing(lambda i: f"[{i}]: u\n", n // 2) + repeat("[0] ", n // 2),
    # What the rules and the resolver look at, many times on one line.
    "placeholders": lambda n: repeat("{{mash.phone}} {{nosuch}} ", n),
    "phones-and-emails": lambda n: repeat("ring 020 8901 2690 or a@b.org, ", n),
    "language": lambda n: repeat("she consented to sex with her older boyfriend ", n),
    "links": lambda n: lines_growing(lambda i: f"[site {i}](https://example.org/{i}) ", n),
}

# Quadratic in Debian 12's libcmark 0.30.2 itself (30 s at 256 KiB in `cmark`
# alone; fixed in later libcmark): left out of the large fuzz run's seeds,
# where it would stop the run at once as a hang that is not ours to fix.
LIBCMARK_QUADRATIC = ["image-brackets"]

ISSUE_SHAPES = ["strong-run", "quote-run", "bold-paragraph", "pipe-lines", "nested-emphasis"]


def body(shape, size):
    return SHAPES[shape](size)


def new_project(folder):
    """An empty project at `folder` with the shipped configuration, registry
    and templates; returns its Guidance/ folder."""
    shutil.rmtree(folder, ignore_errors=True)
    guidance = os.path.join(folder, "Guidance")
    os.makedirs(guidance)
    for name in ["guidance.yaml", "contacts.yaml"]:
        shutil.copy(os.path.join(ROOT, "Guidance", name), guidance)
    shutil.copytree(os.path.join(ROOT, "Guidance", "templates"), os.path.join(guidance, "templates"))
    return guidance


def write_project(folder, shape, size):
    """A project with the shipped settings and one sheet of the shape."""
    guidance = new_project(folder)
    with open(os.path.join(guidance, "hostile.md"), "w") as f:
        f.write(FRONT_MATTER + body(shape, size) + "\n")
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shape", choices=sorted(SHAPES))
    parser.add_argument("bytes", type=int)
    parser.add_argument("--root")
    args = parser.parse_args()
    folder = args.root or os.path.join(ROOT, ".build", "shapes", f"{args.shape}-{args.bytes}")
    print(write_project(folder, args.shape, args.bytes))


if __name__ == "__main__":
    main()
