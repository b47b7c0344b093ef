"""terminal_check.py - helpers for test_terminal_safety.sh.

  terminal_check.py corpus CORPUS OUT_DIR     writes the corpus as files for the test:
      payloads.md (a lesson section), all.txt (every payload, one per line), NAME.bin each,
      and payloads-valid.md, all-valid.txt with only what a lesson or answer may hold (UTF-8,
      no NUL); prints the number of sequences
  terminal_check.py text FILE...              exit 1 (listing problems) when a file holds
      anything a terminal would obey or hide: C0 controls but newline and tab, DEL, C1
      controls, invalid UTF-8, bidi and zero-width format characters, line/paragraph
      separators, tag characters
  terminal_check.py stream FILE               the same for raw bytes curses sent to a terminal,
      which may hold its own CSI and charset sequences, CR and BS, but never OSC, DCS,
      APC, PM or SOS strings, BEL, or C1 controls
"""
import ast
import os
import re
import sys

FORMAT = set(range(0x200B, 0x2010)) | set(range(0x202A, 0x202F)) | set(range(0x2060, 0x2070))
FORMAT |= {0x00AD, 0x061C, 0x180E, 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB, 0x2028, 0x2029}


def load(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        name, lit = line.rstrip("\n").split("\t", 1)
        out.append((name, ast.literal_eval(lit)))
    return out


def char_problems(text, allowed_c0):
    problems = []
    for i, ch in enumerate(text):
        c = ord(ch)
        if (c < 0x20 and ch not in allowed_c0) or c == 0x7F or 0x80 <= c <= 0x9F:
            problems.append("control U+%04X at %d" % (c, i))
        elif c in FORMAT or 0xE0000 <= c <= 0xE007F:
            problems.append("format character U+%04X at %d" % (c, i))
        elif c == 0xFFFD:
            pass  # what invalid bytes become: fine
    return problems


def check_text(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return ["invalid UTF-8 at byte %d" % e.start]
    return char_problems(text, "\n\t")


STRING_INTRO = re.compile(rb"\x1b[\]P_^X]")


def check_stream(data):
    problems = []
    m = STRING_INTRO.search(data)
    if m:
        problems.append("escape string %r at byte %d" % (data[m.start():m.start() + 12], m.start()))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return problems + ["invalid UTF-8 at byte %d" % e.start]
    # ESC (sequences are checked above), CR, BS and the charset shifts are curses' own
    problems += char_problems(text, "\n\t\r\x08\x1b\x0e\x0f")
    return problems


def main():
    mode = sys.argv[1]
    if mode == "corpus":
        corpus, out = load(sys.argv[2]), sys.argv[3]
        os.makedirs(out, exist_ok=True)
        for name, p in corpus:
            open(os.path.join(out, name + ".bin"), "wb").write(p)

        def valid(p):  # what a lesson or an answer may hold: UTF-8 without NUL
            try:
                return b"\0" not in p and bool(p.decode("utf-8"))
            except UnicodeDecodeError:
                return False

        for suffix, items in (("", corpus), ("-valid", [c for c in corpus if valid(c[1])])):
            md = [b"\n## Terminal safety corpus\n\n"]
            for name, p in items:
                md.append(b"- " + name.encode() + b": before " + p + b" after `code " + p +
                          b"` [link " + p + b"](https://example.com/" +
                          p.replace(b" ", b"%20") + b") **bold " + p + b"**\n")
            md.append(b"\n### Heading " + items[0][1] + b"\n\n```\n")
            md += [p + b"\n" for _, p in items]
            md.append(b"```\n\n    indented " + items[1][1] + b"\n\nEnd of the corpus.\n")
            open(os.path.join(out, "payloads%s.md" % suffix), "wb").write(b"".join(md))
            open(os.path.join(out, "all%s.txt" % suffix), "wb").write(
                b"\n".join(b"before " + p + b" after" for _, p in items) + b"\n")
        print(len(corpus))
        return 0
    bad = 0
    for path in sys.argv[2:]:
        data = open(path, "rb").read()
        problems = check_text(data) if mode == "text" else check_stream(data)
        for p in problems[:5]:
            print("%s: %s" % (path, p), file=sys.stderr)
        bad += bool(problems)
    return 1 if bad else 0


sys.exit(main())
