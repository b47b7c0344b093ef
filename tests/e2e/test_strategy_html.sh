#!/usr/bin/env bash
# The HTML strategy of the demo workbook: one self-contained, well-formed page (python3's HTML
# parser), no script and nothing fetched from elsewhere, the readiness chart as inline SVG, and
# printed to A4 PDF by headless Chromium: pages counted, every section found in its text.
. "$(dirname "$0")/lib.sh"

"$ROADBOOK" demo "$WORK/demo" >/dev/null
"$ROADBOOK" -C "$WORK/demo" strategy --format html -o "$WORK/strategy.html"
check "html written" test -s "$WORK/strategy.html"
check "well-formed and self-contained" python3 - "$WORK/strategy.html" <<'PY'
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "line", "rect", "path", "circle", "input", "link"}
class Check(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.problems, self.tags = [], [], {}
    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for k, v in attrs:
            if k in ("src", "href") or (v and "http" in v and k != "xmlns"):
                self.problems.append("external reference %s=%s" % (k, v))
            if k.startswith("on"):
                self.problems.append("event handler %s" % k)
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("</%s> does not close <%s>" % (tag, self.stack[-1] if self.stack else ""))
        else:
            self.stack.pop()
c = Check()
c.feed(open(sys.argv[1], encoding="utf-8").read())
c.close()
assert not c.stack, "unclosed: %s" % c.stack
assert not c.problems, c.problems[:5]
assert c.tags.get("script", 0) == 0 and c.tags.get("svg", 0) == 1, c.tags
assert c.tags.get("h2", 0) == 12, "sections: %d" % c.tags.get("h2", 0)
PY
check "title page" grep -q '<p class="company">Morgan Fine Foods Ltd</p>' "$WORK/strategy.html"

if command -v chromium >/dev/null && command -v pdftotext >/dev/null; then
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$WORK/chromium" --no-pdf-header-footer \
		--print-to-pdf="$WORK/strategy.pdf" "file://$WORK/strategy.html" >/dev/null 2>&1
	check "printed to PDF" test -s "$WORK/strategy.pdf"
	pages=$(pdfinfo "$WORK/strategy.pdf" | awk '/^Pages:/ {print $2}')
	echo "PDF: $pages pages"
	check "A4" bash -c "pdfinfo '$WORK/strategy.pdf' | grep -q '(A4)'"
	check "a page per section at least ($pages pages)" test "${pages:-0}" -ge 13
	pdftotext "$WORK/strategy.pdf" "$WORK/strategy.txt"
	check "every section in the PDF" python3 - "$WORK/strategy.txt" "$SRC/lessons/curriculum.md" <<'PY'
import re, sys
text = " ".join(open(sys.argv[1], encoding="utf-8").read().split())
cur = open(sys.argv[2], encoding="utf-8").read()
sections = re.findall(r"^title: (.*)$", cur.split("## Readiness dimensions")[0], re.M)[1:]
missing = [s for s in sections if s not in text]
assert len(sections) == 12 and not missing, missing
for must in ("Digital strategy and technology roadmap", "Morgan Fine Foods Ltd",
             "Readiness profile", "Now: 3 initiatives"):
    assert must in text, must
PY
	# Each section starts on a new page: its title is near the top of some page.
	check "sections start pages" bash -c "for i in \$(seq 1 $pages); do pdftotext -f \$i -l \$i '$WORK/strategy.pdf' - | head -3; done | grep -c -x -E 'Executive summary|Roadmap|Risks' | grep -q 3"
else
	fail "chromium and pdftotext are needed for the PDF check (./build.sh test installs them)"
fi
finish
