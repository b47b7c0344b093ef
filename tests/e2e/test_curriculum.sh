#!/usr/bin/env bash
# The bundled curriculum: its shape (twelve modules, every kind of session and every exercise
# type, 600-1,500 words of lesson per module, 4-9 exercises per module but the readiness
# self-assessment), and a full run: every exercise answered through `roadbook answer`, after
# which every strategy section has content and status reports 100%.
. "$(dirname "$0")/lib.sh"

LESSONS="$SRC/lessons"
check "lint clean" "$ROADBOOK" lint "$LESSONS"

WB="$WORK/wb"
"$ROADBOOK" init "$WB" --name "Sam Taylor" --company "Taylor Foods" >/dev/null
"$ROADBOOK" -C "$WB" exercises --json >"$WORK/ex.json"
"$ROADBOOK" -C "$WB" status --json >"$WORK/status0.json"

check "shape" python3 - "$LESSONS" "$WORK/ex.json" "$WORK/status0.json" <<'PY'
import json, re, sys, glob, os
lessons, ex, st = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
ok = True
def bad(msg):
    global ok
    ok = False
    print("shape:", msg, file=sys.stderr)
mods = st["modules"]
if len(mods) != 12: bad("%d modules, not 12" % len(mods))
kinds = {m["kind"] for m in mods}
if kinds != {"workshop", "webinar", "site-visit"}: bad("kinds present: %s" % kinds)
types = {e["type"] for e in ex}
if types != {"text", "scale", "choice", "multi", "checklist", "number", "table"}: bad("types: %s" % types)
if len(ex) < 60: bad("only %d exercises" % len(ex))
weeks = [m["week"] for m in mods]
if weeks != sorted(weeks) or max(weeks) > 13: bad("weeks out of order or past week 13: %s" % weeks)
for m in mods:
    n = sum(1 for e in ex if e["module"] == m["id"])
    if not (4 <= n <= 9) and m["id"] != "where-now":
        bad("module %s has %d exercises (4-9)" % (m["id"], n))
for path in sorted(glob.glob(os.path.join(lessons, "[0-9]*.md"))):
    prose, fence = [], False
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            fence = not fence
            continue
        if not fence:
            prose.append(line)
    words = len(" ".join(prose).split())
    if not (600 <= words <= 1500): bad("%s: %d words of lesson (600-1500)" % (os.path.basename(path), words))
    text = "".join(prose)
    for part in ("## Before the session", "## After the session"):
        if part not in text: bad("%s: no '%s'" % (os.path.basename(path), part))
# The readiness self-assessment: a current and a target scale 0-5 for each of 8 dimensions.
dims = {}
for e in ex:
    if e["type"] == "scale" and e.get("dimension"):
        dims.setdefault(e["dimension"], set()).add(e["measure"])
        if (e["min"], e["max"]) != (0, 5): bad("%s is not scored 0-5" % e["id"])
if len(dims) != 8 or any(v != {"current", "target"} for v in dims.values()):
    bad("readiness dimensions: %s" % dims)
# The outcome figures a programme reports.
ids = {e["id"]: e for e in ex}
for need in ("pitch-investment", "pitch-new-jobs", "pitch-upskilled", "pitch-productivity"):
    if ids.get(need, {}).get("type") != "number": bad("outcome figure %s missing" % need)
cols = [c["id"] for c in ids.get("map-initiatives", {}).get("columns", [])]
if cols != ["title", "horizon", "start", "cost", "benefit", "owner", "kpi", "dimension", "depends"]:
    bad("roadmap columns: %s" % cols)
sys.exit(0 if ok else 1)
PY

# Answer everything through the command line with a valid value for each type.
python3 - "$WORK/ex.json" "$WORK/answers" <<'PY'
import json, os, sys
ex = json.load(open(sys.argv[1]))
os.makedirs(sys.argv[2])
def cell(c, r):
    t = c["type"]
    if t == "number":
        lo, hi = int(c.get("min", 0)), int(c.get("max", 10 ** 6))
        return str(min(hi, lo + 1 + r))
    if t in ("choice", "dimension"): return c["choices"][r % len(c["choices"])]
    if t == "quarter": return "2027-Q%d" % (r % 4 + 1)
    return "%s %d | with a bar" % (c["label"], r + 1)
for e in ex:
    t = e["type"]
    if t == "text": v = "Answer to %s.\n\nA second paragraph with # and <b>." % e["id"]
    elif t == "scale": v = str(e["max"] - 1)
    elif t == "choice": v = e["options"][0]["id"]
    elif t == "multi": v = ",".join(o["id"] for o in e["options"][:2])
    elif t == "checklist": v = ",".join(o["id"] for o in e["items"])
    elif t == "number": v = "%g" % e["min"]
    elif t == "table":
        v = "\n".join(" | ".join(cell(c, r).replace("|", "\\|") for c in e["columns"]) for r in range(2))
    open(os.path.join(sys.argv[2], e["id"]), "w").write(v)
PY
failed=0
for f in "$WORK"/answers/*; do
	"$ROADBOOK" -C "$WB" answer "$(basename "$f")" <"$f" || failed=$((failed + 1))
done
check "every exercise accepted an answer ($failed refused)" test "$failed" -eq 0

"$ROADBOOK" -C "$WB" status --json >"$WORK/status.json"
check "status reports 100%" python3 -c "
import json; s=json.load(open('$WORK/status.json'))
assert s['percent']==100 and all(m['percent']==100 for m in s['modules']), s"
"$ROADBOOK" -C "$WB" strategy >"$WORK/strategy.md"
check "every strategy section has content" python3 - "$WORK/strategy.md" "$LESSONS/curriculum.md" <<'PY'
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
want = re.findall(r"^title: (.*)$", open(sys.argv[2], encoding="utf-8").read().split("## The strategy document")[1].split("## Readiness dimensions")[0], re.M)
parts = re.split(r"^## (.*)$", doc, flags=re.M)
got = parts[1::2]
assert got == want, (got, want)
for title, body in zip(parts[1::2], parts[2::2]):
    answers = re.findall(r"^### ", body, re.M)
    assert answers, "section %r has no exercise" % title
    assert "Not answered yet" not in body, "section %r has an unanswered exercise" % title
    assert len(body.split()) > 20, "section %r is nearly empty" % title
# Text from answers cannot break the structure: '#' stays text, no raw HTML.
assert "\n# A second" not in doc and "<b>" not in doc.replace("\\<b>", "")
print("%d sections, %d words" % (len(got), len(doc.split())))
PY
"$ROADBOOK" -C "$WB" strategy >"$WORK/strategy2.md"
check "strategy is deterministic" cmp -s "$WORK/strategy.md" "$WORK/strategy2.md"
finish
