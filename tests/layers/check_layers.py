#!/usr/bin/env python3
"""check_layers.py - the layers keep to their floors (docs/architecture.md).

Dependencies point one way: cli/, tui/ -> app/ -> store/ -> content/. Every #include of a
source file is followed through the project's own headers, so a header that pulls in curses
counts for every file that includes it. Fails (exit 1, one line per finding, file:line) when:

  - a file of content/, store/, app/ or cli/ reaches curses (curses.h, ncurses.h, term.h, ...);
  - content/ includes anything from store/, app/, cli/ or tui/;
  - store/ includes anything from app/, cli/ or tui/;
  - app/ includes anything from cli/ or tui/;
  - tui/ includes anything from cli/, or cli/ from tui/ (except cli/main.c, which starts the TUI
    through tui/tui.h alone).

    check_layers.py ROOT          check the tree at ROOT
    check_layers.py --self-test   plant each kind of violation in a copy and check each is found
"""
import os
import re
import shutil
import sys
import tempfile

LAYERS = ("content", "store", "app", "cli", "tui")
# what each layer may include from the project (its own folder is always allowed)
ALLOWED = {
    "content": set(),
    "store": {"content"},
    "app": {"content", "store"},
    "cli": {"content", "store", "app"},
    "tui": {"content", "store", "app"},
}
CURSES = re.compile(r"^(n?cursesw?/)?(n?cursesw?|term|panel|menu|form)\.h$")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
# the one door between the front ends: main.c starts the TUI
EXCEPTIONS = {("cli/main.c", "tui/tui.h")}


def includes(root, rel):
    """(line number, kind, name) for each #include in root/rel."""
    out = []
    with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                out.append((n, m.group(1), m.group(2)))
    return out


def check(root):
    findings = []
    files = []
    for layer in LAYERS:
        d = os.path.join(root, layer)
        if not os.path.isdir(d):
            findings.append(f"{layer}/: the folder is missing")
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith((".c", ".h")):
                files.append(f"{layer}/{name}")
    if not files:
        findings.append(f"{root}: no source files found")

    cache = {}

    def reach(rel, seen):
        """Every include reachable from rel: (include, through) pairs, where through is the
        project header it came in by (None when rel includes it itself)."""
        if rel in cache:
            return cache[rel]
        found = []
        for n, kind, name in includes(root, rel):
            found.append((n, kind, name, None))
            if kind == '"' and name not in seen and os.path.isfile(os.path.join(root, name)):
                for _, k2, n2, via in reach(name, seen | {name}):
                    found.append((n, k2, n2, via or name))
        cache[rel] = found
        return found

    for rel in files:
        layer = rel.split("/")[0]
        for n, kind, name, via in reach(rel, {rel}):
            where = f"{rel}:{n}: "
            how = f" (through {via})" if via else ""
            if kind == "<" and CURSES.match(name) and layer != "tui":
                findings.append(f"{where}{layer}/ may not use curses, but reaches <{name}>{how}")
            if kind != '"' or "/" not in name:
                continue
            target = name.split("/")[0]
            if target not in LAYERS or target == layer:
                continue
            if via is None and (rel, name) in EXCEPTIONS:
                continue
            if via is not None and (rel, via) in EXCEPTIONS:
                continue
            if target not in ALLOWED[layer]:
                findings.append(f"{where}{layer}/ may not include {target}/, but includes "
                                f"\"{name}\"{how}")
    return sorted(set(findings))


def self_test(root):
    """Each planted violation must be found; the tree as it is must be clean."""
    plants = [
        ("content/buf.c", "#include <curses.h>\n", "may not use curses"),
        ("content/buf.c", '#include "store/db.h"\n', "content/ may not include store/"),
        ("store/db.c", '#include "app/workbook.h"\n', "store/ may not include app/"),
        ("app/util.c", '#include "cli/cli.h"\n', "app/ may not include cli/"),
        ("app/util.c", "#include <ncursesw/curses.h>\n", "may not use curses"),
        ("cli/status.c", '#include "tui/internal.h"\n', "cli/ may not include tui/"),
        ("cli/main.c", '#include "tui/internal.h"\n', "cli/ may not include tui/"),
        ("tui/help.c", '#include "cli/cli.h"\n', "tui/ may not include cli/"),
        # through a header: app/ reaching curses by a header of its own
        ("app/config.h", "#include <term.h>\n", "through app/config.h"),
    ]
    ok = True
    if check(root):
        print("self-test: the tree itself has findings; run without --self-test")
        return False
    for path, line, expect in plants:
        with tempfile.TemporaryDirectory() as tmp:
            for layer in LAYERS:
                shutil.copytree(os.path.join(root, layer), os.path.join(tmp, layer))
            p = os.path.join(tmp, path)
            with open(p, encoding="utf-8") as f:
                text = f.read()
            with open(p, "w", encoding="utf-8") as f:
                f.write(line + text)
            got = check(tmp)
            hit = any(expect in g for g in got)
            print(f"{'ok' if hit else 'MISSED'}: {line.strip()} in {path} -> "
                  f"{got[0] if got else 'nothing found'}")
            ok = ok and hit
    return ok


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--self-test":
        sys.exit(0 if self_test(sys.argv[2]) else 1)
    if len(sys.argv) != 2:
        print("usage: check_layers.py ROOT | --self-test ROOT", file=sys.stderr)
        sys.exit(2)
    findings = check(sys.argv[1])
    for f in findings:
        print(f)
    print(f"layers: {len(findings)} finding{'s' if len(findings) != 1 else ''}")
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
