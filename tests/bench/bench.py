#!/usr/bin/env python3
"""tests/bench/bench.py - roadbook's benchmark (run it through tests/bench/run, which builds).

usage: bench.py BUILD_DIR SOURCE_DIR [--quick] [--only NAME,...] [--no-docs]

Generates its own data (curricula of 12, 50 and 200 modules, workbooks, answers of 1 KB to
100 KB, lessons up to 50 times the usual length, histories of 10 to 10,000 versions, cohorts of
10 to 3,000 participants), measures roadbook against the tool a user would otherwise reach for
in the same run, and prints one table: what, ours, peer, ratio, target, met. Timings are
medians of repeated runs (hyperfine, or the C programs in tests/bench); instruction counts
come from callgrind, which is stable on a noisy machine. Cost curves go to
docs/PERFORMANCE.md (between its bench markers) with SVG plots in docs/perf/ (gnuplot).
Exit status 1 when a target is missed, 2 when the benchmark itself could not run.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

BUILD, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
QUICK = "--quick" in sys.argv
NO_DOCS = "--no-docs" in sys.argv
ONLY = None
for i, a in enumerate(sys.argv):
    if a == "--only" and i + 1 < len(sys.argv):
        ONLY = set(sys.argv[i + 1].split(","))
RB = os.path.join(BUILD, "roadbook")
W = tempfile.mkdtemp(prefix="rb-bench.")
ENV = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1", GIT_CONFIG_NOSYSTEM="1",
           GIT_CONFIG_GLOBAL="/dev/null", XDG_CONFIG_HOME=os.path.join(W, "config"))
ENV.pop("ROADBOOK_LESSONS", None)
ROWS, CURVES = [], {}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def sh(*args, **kw):
    """Runs a command; its standard output, or the benchmark stops with its error."""
    r = subprocess.run(args, env=kw.get("env", ENV), cwd=kw.get("cwd"), input=kw.get("input"),
                       capture_output=True, text=True)
    if r.returncode != 0 and not kw.get("ok_fail"):
        raise SystemExit(f"bench: {' '.join(args)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return r.stdout


def jsons(out):
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def row(what, ours, unit, target=None, met=None, peer=None, peer_name="", note=""):
    ROWS.append(dict(what=what, ours=ours, unit=unit, peer=peer, peer_name=peer_name,
                     target=target or "-", met=met, note=note))


def curve(name, title, xlabel, ylabel, x, series, note=""):
    CURVES[name] = dict(title=title, xlabel=xlabel, ylabel=ylabel, x=x, series=series,
                        note=note)


def median(v):
    v = sorted(v)
    return v[len(v) // 2]


def hyperfine(cmds, runs, warmup=3, prepare=None):
    """Medians in ms of each named command: [(name, command line)]."""
    out = os.path.join(W, "hyperfine.json")
    args = ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup), "--runs", str(runs),
            "--export-json", out]
    for name, cmd in cmds:
        if prepare:
            args += ["--prepare", prepare]
        args += ["-n", name, cmd]
    sh(*args)
    return {r["command"]: r["median"] * 1000 for r in json.load(open(out))["results"]}


def callgrind(args, toggle=None, env=None):
    """Instructions executed by a command (callgrind), or within one function when toggle."""
    out = os.path.join(W, "callgrind.out")
    extra = [f"--toggle-collect={toggle}"] if toggle else []
    sh("valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *extra, *args,
       env=env or ENV)
    for line in open(out):
        if line.startswith("totals:") or line.startswith("summary:"):
            return int(line.split()[1])
    raise SystemExit("bench: callgrind wrote no totals")


def session(steps, args, quiet=30, callgrind_out=None, env=None):
    """Drives roadbook on a pseudo-terminal through bench_session; its JSON report (plus
    'instructions' under callgrind)."""
    path = os.path.join(W, "steps.txt")
    with open(path, "w") as f:
        f.write("\n".join(steps) + "\n")
    prefix = []
    if callgrind_out:
        prefix = ["valgrind", "-q", "--tool=callgrind", f"--callgrind-out-file={callgrind_out}"]
    env = dict(env or ENV)
    env.pop("NO_COLOR", None)  # the screen as people see it, colours and all
    r = jsons(sh(os.path.join(BUILD, "bench_session"), str(quiet), path, "--", *prefix, RB,
                 *args, env=env))[0]
    if callgrind_out:
        for line in open(callgrind_out):
            if line.startswith("totals:") or line.startswith("summary:"):
                r["instructions"] = int(line.split()[1])
    return r


# ---- synthetic data ------------------------------------------------------------------------

def make_curriculum(n, out, long_first=1, max_length=None):
    """A curriculum of n modules from the bundled lessons (repeats get their ids suffixed and
    later weeks); long_first repeats the first lesson's prose that many times; max_length
    raises why-context's limit (for answers of 100 KB)."""
    src = os.path.join(SRC, "lessons")
    files = sorted(f for f in os.listdir(src) if re.match(r"\d\d-.*\.md$", f))
    os.makedirs(out)
    shutil.copy(os.path.join(src, "curriculum.md"), out)
    for i in range(n):
        f, r = files[i % len(files)], i // len(files)
        text = open(os.path.join(src, f)).read()
        if r:
            for x in sorted(set(re.findall(r"^id: (\S+)$", text, re.M)), key=len, reverse=True):
                pat = re.compile(r"(?<![\w-])" + re.escape(x) + r"(?![\w-])")
                text = "\n".join(line if line.startswith("section:") else pat.sub(f"{x}-r{r}", line)
                                 for line in text.split("\n"))
            text = re.sub(r"^week: (\d+)$", lambda m: f"week: {min(52, int(m.group(1)) + 12 * r)}",
                          text, flags=re.M)
        if i == 0 and max_length:
            text = re.sub(r"(id: why-context\n(?:(?!```).*\n)*?)(```)",
                          lambda m: re.sub(r"max-length: \d+\n", "", m.group(1)) +
                          f"max-length: {max_length}\n" + m.group(2), text, count=1)
        if i == 0 and long_first > 1:
            prose = re.sub(r"```roadbook.*?```\n", "", text, flags=re.S).split("\n", 1)[1]
            text += ("\n" + prose) * (long_first - 1)
        open(os.path.join(out, f"{i + 1:03d}-{f[3:]}"), "w").write(text)
    lint = subprocess.run([RB, "lint", out], env=ENV, capture_output=True, text=True)
    if lint.returncode != 0:
        raise SystemExit(f"bench: the synthetic curriculum of {n} modules does not pass lint:\n"
                         + lint.stdout[:2000])
    return out


CURRICULA = {}


def curriculum(n, long_first=1, max_length=None):
    key = (n, long_first, max_length)
    if key not in CURRICULA:
        CURRICULA[key] = make_curriculum(
            n, os.path.join(W, f"lessons-{n}-x{long_first}-{max_length or 0}"), long_first,
            max_length)
    return CURRICULA[key]


def workbook(name, lessons=None, demo=False):
    d = os.path.join(W, name)
    if demo:
        sh(RB, "demo", d)
    else:
        sh(RB, "init", d, "--name", "Sam Taylor", "--company", "Taylor Foods Ltd",
           *(["--lessons", lessons] if lessons else []))
    return d


def text_of(nbytes):
    words = ("Our customers want shorter lead times and full traceability, and we quote "
             "by hand from spreadsheets that only two people understand. ")
    s = (words * (nbytes // len(words) + 1))[:nbytes]
    return "\n\n".join(s[i:i + 600] for i in range(0, len(s), 600))


# ---- measurements --------------------------------------------------------------------------

def first_frames(d, runs, env):
    """Exec to the first screen drawn on a pty (bench_session, no steps), sorted, in ms."""
    return sorted(session([], ["-C", d], env=env)["wall_ms"] for _ in range(runs))


def bench_first_screen():
    log("first screen ...")
    sizes = [12, 50] if QUICK else [12, 50, 200]
    demo = workbook("first-demo", demo=True)
    env = dict(ENV, ROADBOOK_BENCH_FIRST_FRAME="1")
    t = first_frames(demo, 100, env)
    med, p95 = median(t), t[len(t) * 95 // 100]
    row("first screen, full curriculum (demo workbook)", med, "ms", "< 20 ms", med < 20,
        note=f"p95 {p95:.1f} ms")
    ins = session([], ["-C", demo], callgrind_out=os.path.join(W, "ff.cg"), env=env)
    row("first screen, instructions (callgrind)", ins["instructions"] / 1e6, "M instr.")
    ms, ins_m = [], []
    for n in sizes:
        d = workbook(f"first-{n}", curriculum(n))
        ms.append(median(first_frames(d, 60, env)))
        r = session([], ["-C", d], callgrind_out=os.path.join(W, f"ff{n}.cg"), env=env)
        ins_m.append(r["instructions"] / 1e6)
    curve("first-screen", "Start to first screen by curriculum size", "modules", "ms",
          sizes, {"roadbook (ms)": ms})
    curve("first-screen-instructions", "Start to first screen, instructions", "modules",
          "million instructions", sizes, {"roadbook": ins_m})


def render_input(size):
    path = os.path.join(W, f"render-{size}.md")
    if os.path.exists(path):
        return path
    parts = [open(os.path.join(SRC, "lessons", f)).read()
             for f in sorted(os.listdir(os.path.join(SRC, "lessons")))]
    spec = os.path.join(SRC, "..", "shared", "data", "commonmark-spec.txt")
    if os.path.exists(spec):
        s = open(spec).read()
        if s.startswith("---\n"):
            s = s.split("\n---\n", 1)[-1]
        parts.append(s)
    text = "\n".join(parts)
    while len(text.encode()) < size:
        text += "\n" + text
    cut = text.encode()[:size].decode("utf-8", "ignore")
    cut = cut[:cut.rfind("\n") + 1]
    open(path, "w").write(cut)
    return path


def bench_render():
    log("render ...")
    f = render_input(130000)
    if not sh(RB, "render", f, "--width", "80").strip():
        raise SystemExit("bench: roadbook render printed nothing")
    runs = 30 if QUICK else 100
    m = hyperfine([("ours", f"{RB} render {f} --width 80"), ("lowdown", f"lowdown -Tterm {f}"),
                   ("cmark", f"cmark {f}")], runs)
    row("render 130 KB markdown (a process)", m["ours"], "ms", "<= lowdown",
        m["ours"] <= m["lowdown"], m["lowdown"], "lowdown -Tterm")
    row("render 130 KB markdown (a process)", m["ours"], "ms", peer=m["cmark"],
        peer_name="cmark (to HTML)")
    io, il = callgrind([RB, "render", f, "--width", "80"]), callgrind(["lowdown", "-Tterm", f])
    row("render 130 KB, instructions (callgrind)", io / 1e6, "M instr.", "<= lowdown",
        io <= il, il / 1e6, "lowdown -Tterm")
    sizes = [16, 64, 256] if QUICK else [16, 64, 256, 1024]
    series = {"roadbook render": [], "lowdown -Tterm": [], "cmark": []}
    for kb in sizes:
        f = render_input(kb * 1000)
        m = hyperfine([("ours", f"{RB} render {f} --width 80"),
                       ("lowdown", f"lowdown -Tterm {f}"), ("cmark", f"cmark {f}")],
                      10 if kb >= 1024 else 20)
        series["roadbook render"].append(m["ours"])
        series["lowdown -Tterm"].append(m["lowdown"])
        series["cmark"].append(m["cmark"])
    curve("render", "Rendering markdown by size (a process each)", "KB of markdown", "ms",
          sizes, series)


def bench_autosave():
    log("autosave ...")
    lessons = curriculum(12, max_length=1000000)
    auto = os.path.join(BUILD, "bench_autosave")
    r = jsons(sh(auto, os.path.join(W, "as-row"), lessons, "1000", "0", "why-context"))[0]
    row("autosave one answer (growing to 1 KB)", r["median_us"] / 1000, "ms", "< 1 ms",
        r["median_us"] < 1000, note=f"p95 {r['p95_us'] / 1000:.2f} ms")
    ins = callgrind([auto, os.path.join(W, "as-cg"), lessons, "200", "0", "why-context"],
                    toggle="rb_app_set_answer")
    row("autosave, instructions per save (callgrind)", ins / 200 / 1e3, "k instr.")
    sizes = [1, 10, 100] if QUICK else [1, 10, 30, 100, 300]
    med = []
    for kb in sizes:
        r = jsons(sh(auto, os.path.join(W, f"as-{kb}"), lessons, "200", str(kb * 1000),
                     "why-context"))[0]
        med.append(r["median_us"] / 1000)
    curve("autosave", "Autosave by answer size", "KB of answer", "ms", sizes,
          {"rb_app_set_answer (ms)": med})


def bench_snapshot():
    log("snapshots ...")
    r = jsons(sh(os.path.join(BUILD, "bench_versions"), "snapshot", RB, os.path.join(W, "snap")))[0]
    row("snapshot after one answer (in the app)", r["snapshot_ms"], "ms", "<= 0.5 x git",
        r["snapshot_ms"] <= r["git_ms"] / 2, r["git_ms"], "git add -A && git commit")
    row("snapshot after one answer (in the app)", r["snapshot_ms"], "ms",
        peer=r["git_durable_ms"], peer_name="the same, git -c core.fsync=committed,index")
    row("roadbook save (a process)", r["save_ms"], "ms", peer=r["git_ms"],
        peer_name="git add -A && git commit")
    if os.access("/dev/shm", os.W_OK):
        # the same in memory: what is left once the disk's own costs are out (on this kind of
        # machine, ext4 spends most of a small file's creation looking for a free inode)
        shm = tempfile.mkdtemp(prefix="rb-bench-snap.", dir="/dev/shm")
        try:
            r = jsons(sh(os.path.join(BUILD, "bench_versions"), "snapshot", RB, shm))[0]
        finally:
            shutil.rmtree(shm, ignore_errors=True)
        row("snapshot after one answer, on tmpfs", r["snapshot_ms"], "ms", "<= 0.5 x git",
            r["snapshot_ms"] <= r["git_ms"] / 2, r["git_ms"], "the same on tmpfs")
    ins = callgrind([os.path.join(BUILD, "bench_versions"), "snapshot", RB,
                     os.path.join(W, "snap-cg")], toggle="rb_app_snapshot")
    row("snapshot, instructions (callgrind)", ins / 41 / 1e6, "M instr.")
    # the largest part of a snapshot's own work: the strategy document, assembled afresh
    for line in sh(os.path.join(BUILD, "bench_strategy"), SRC).splitlines():
        m = re.match(r"(assemble .*?)\s{2,}([\d.]+) ms\s+(\d+) bytes", line)
        if m:
            row(f"{m.group(1)} ({int(m.group(3)) // 1000} KB)", float(m.group(2)), "ms")


def bench_history():
    log("history (10,000 versions take a minute to make) ...")
    sizes = [10, 100, 1000] if QUICK else [10, 100, 1000, 10000]
    out = jsons(sh(os.path.join(BUILD, "bench_versions"), "history", RB,
                   os.path.join(W, "hist"), *map(str, sizes)))
    by = {r["versions"]: r for r in out}
    r = by[1000]
    row("history of 1,000 versions (in the app)", r["open_ms"], "ms", "< 100 ms",
        r["open_ms"] < 100, r["git_ms"], "git log")
    row("roadbook log, 1,000 versions (a process)", r["log_ms"], "ms", peer=r["git_ms"],
        peer_name="git log")
    xs = [r["versions"] for r in out]
    curve("history", "History by number of versions", "versions", "ms", xs,
          {"history screen (rb_repo_log)": [r["open_ms"] for r in out],
           "roadbook log (a process)": [r["log_ms"] for r in out],
           "git log (a process)": [r["git_ms"] for r in out]})


def bench_cohort():
    log("cohort status (the cohorts take a few minutes to make) ...")
    sizes = "10 40 100 1000" if QUICK else "10 40 100 1000 3000"
    res = os.path.join(W, "cohort.json")
    env = dict(ENV, RB_BENCH_SIZES=sizes, RB_BENCH_JSON=res)
    r = subprocess.run(["bash", os.path.join(SRC, "tests/bench/cohort.sh"), RB], env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("bench: tests/bench/cohort.sh failed:\n" + r.stderr[-3000:])
    med = {(int(k.split(":")[0]), k.split(":")[1]): v for k, v in json.load(open(res)).items()}
    ns = sorted({n for n, _ in med})
    for n, target in ((40, 50), (3000, 2000)):
        if n not in ns:
            continue
        for kind in ("cold", "warm"):
            ours = med[(n, kind)]
            row(f"cohort status, {n:,} participants, {kind}", ours, "ms",
                f"< {target} ms" if target < 1000 else f"< {target // 1000} s", ours < target,
                med[(n, "peer")], "git log -1 loop")
    if len(ns) >= 3:
        a, b, c = ns[-3], ns[-2], ns[-1]
        for kind in ("cold", "warm"):
            s1 = (med[(b, kind)] - med[(a, kind)]) / (b - a)
            s2 = (med[(c, kind)] - med[(b, kind)]) / (c - b)
            row(f"cohort status {kind}: cost per participant, {b:,}-{c:,} / {a:,}-{b:,}",
                s2 / s1, "x", "<= 1.5 (linear)", s2 / s1 <= 1.5,
                note=f"{s1:.3f} then {s2:.3f} ms per participant")
    curve("cohort", "Cohort status by cohort size", "participants", "ms", ns,
          {"cohort status, cold": [med[(n, "cold")] for n in ns],
           "cohort status, warm": [med[(n, "warm")] for n in ns],
           "git log -1 loop": [med[(n, "peer")] for n in ns]})


def session_steps(visit):
    """A participant's session: every module opened, read to its end and back; an answer
    typed; the strategy, the roadmap board and the versions looked at."""
    steps = []
    for _ in range(visit):
        steps += ["\\r", "G", "g", "q", "j"]
    steps += ["g", "\\r", "\\t", "\\t", "\\r"] + ["x"] * 40
    steps += ["\\e", "wait 1000", "s", "G", "\\e", "wait 1000", "q", "r", "\\e", "wait 1000", "v",
              "\\e", "wait 1000", "q"]
    return steps


def bench_memory():
    log("memory ...")
    demo = workbook("mem-demo", demo=True)
    r = session(session_steps(12), ["-C", demo], quiet=20)
    row("peak memory, a participant session (demo)", r["maxrss_kb"] / 1024, "MB", "< 16 MB",
        r["maxrss_kb"] < 16 * 1024, note=f"{r['steps']} keys")
    sizes = [12, 50] if QUICK else [12, 50, 200]
    mb = []
    for n in sizes:
        d = workbook(f"mem-{n}", curriculum(n))
        mb.append(session(session_steps(min(n, 60)), ["-C", d], quiet=15)["maxrss_kb"] / 1024)
    curve("memory", "Peak memory of a session by curriculum size", "modules", "MB", sizes,
          {"peak resident memory (MB)": mb})


# Saving is not per keystroke: it happens once typing pauses (300 ms) or every second of
# continuous typing, and a version every few minutes; under callgrind typing is slower, so
# those would be counted against too few keys. They are measured on their own (autosave,
# snapshot) and taken out of the keystroke figures here.
NOT_PER_KEY = ("tui_save_pending", "rb_app_autosnapshot")


def inclusive(cg, names):
    """The instructions spent in (and under) the named functions, from a callgrind file."""
    out = sh("callgrind_annotate", "--inclusive=yes", "--threshold=100", cg)
    total = 0
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) .*:(\w+) \[", line)
        if m and m.group(2) in names:
            total += int(m.group(1).replace(",", ""))
    return total


def per_key(head, key, k, tail, args):
    """Instructions (callgrind), CPU microseconds and bytes to the terminal per keystroke:
    the same session (head, then tail) with and without k presses of key in between."""
    base_steps = head + tail
    full = head + ["mark"] + [key] * k + tail
    cg0 = session(base_steps, args, quiet=40, callgrind_out=os.path.join(W, "k0.cg"))
    cg1 = session(full, args, quiet=40, callgrind_out=os.path.join(W, "k1.cg"))
    cpu0 = median([session(base_steps, args, quiet=10)["cpu_ms"] for _ in range(3)])
    runs = [session(full, args, quiet=10) for _ in range(3)]
    cpu1 = median([r["cpu_ms"] for r in runs])
    i0 = cg0["instructions"] - inclusive(os.path.join(W, "k0.cg"), NOT_PER_KEY)
    i1 = cg1["instructions"] - inclusive(os.path.join(W, "k1.cg"), NOT_PER_KEY)
    return ((i1 - i0) / k,
            max(0.0, (cpu1 - cpu0) * 1000 / k), median([r["bytes"] for r in runs]) / (k + 3))


def bench_keystrokes():
    log("keystrokes (under callgrind: a few minutes) ...")
    k = 40 if QUICK else 80
    # typing at the end of a text answer of 1 KB to 100 KB
    lessons = curriculum(12, max_length=1000000)
    # Esc alone, then a pause: Esc followed at once by a key reads as Alt + that key
    edit, leave = ["\\r", "\\t", "\\t", "\\r"], ["\\e", "wait 1500", "q", "wait 200", "q"]
    sizes, ins, us, by = [1, 10, 100], [], [], []
    for kb in sizes:
        d = workbook(f"key-edit-{kb}", lessons)
        sh(RB, "-C", d, "answer", "why-context", input=text_of(kb * 1000))
        i, u, b = per_key(edit, "x", k, leave, ["-C", d])
        ins.append(i / 1e3)
        us.append(u)
        by.append(b)
    row("keystroke in the editor, 1 KB answer", ins[0], "k instr.", note=f"{us[0]:.0f} us CPU")
    row("keystroke in the editor, 100 KB / 1 KB answer", ins[-1] / ins[0], "x",
        "<= 1.5 (flat)", ins[-1] / ins[0] <= 1.5, note=f"{ins[-1]:.0f}k instructions")
    curve("keystroke-edit", "Work per keystroke in the text editor by answer size",
          "KB of answer", "thousand instructions per key", sizes,
          {"instructions per key (k)": ins},
          note="CPU per key (us): " + ", ".join(f"{u:.0f}" for u in us) +
          "; bytes to the terminal per key: " + ", ".join(f"{b:.0f}" for b in by))
    # scrolling a lesson one line at a time, lessons of 1 to 50 times the usual length
    scroll, leave = ["\\r"], ["q", "wait 200", "q"]
    sizes, ins, us, by = [1, 10, 50], [], [], []
    for x in sizes:
        d = workbook(f"key-scroll-{x}", curriculum(12, long_first=x))
        i, u, b = per_key(scroll, "j", k, leave, ["-C", d])
        ins.append(i / 1e3)
        us.append(u)
        by.append(b)
    kb = [round(os.path.getsize(os.path.join(curriculum(12, long_first=x), "001-why-digital.md"))
                / 1000) for x in sizes]
    row("scroll step in a lesson, usual length", ins[0], "k instr.", note=f"{us[0]:.0f} us CPU")
    row(f"scroll step, {kb[-1]} KB / {kb[0]} KB lesson", ins[-1] / ins[0], "x", "<= 1.5 (flat)",
        ins[-1] / ins[0] <= 1.5, note=f"{ins[-1]:.0f}k instructions")
    curve("keystroke-scroll", "Work per scroll step by lesson length", "KB of lesson",
          "thousand instructions per step", kb, {"instructions per step (k)": ins},
          note="CPU per step (us): " + ", ".join(f"{u:.0f}" for u in us) +
          "; bytes to the terminal per step: " + ", ".join(f"{b:.0f}" for b in by))


# ---- output --------------------------------------------------------------------------------

def fmt(v, unit):
    if v is None:
        return "-"
    if unit == "x":
        return f"{v:.2f}"
    return f"{v:,.2f}" if v < 100 else f"{v:,.0f}"


def table():
    lines = []
    head = ("what", "ours", "peer", "ratio", "target", "met")
    rows = []
    for r in ROWS:
        ours = f"{fmt(r['ours'], r['unit'])} {r['unit']}"
        peer = "-" if r["peer"] is None else f"{fmt(r['peer'], r['unit'])} ({r['peer_name']})"
        ratio = "-" if r["peer"] in (None, 0) else f"{r['ours'] / r['peer']:.2f}"
        met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
        what = r["what"] + (f" [{r['note']}]" if r["note"] else "")
        rows.append((what, ours, peer, ratio, r["target"], met))
    w = [max(len(x[i]) for x in rows + [head]) for i in range(6)]
    for x in [head] + rows:
        lines.append("  ".join(c.ljust(w[i]) if i in (0, 2, 4) else c.rjust(w[i])
                               for i, c in enumerate(x)).rstrip())
    return lines, rows


def plot(name, c, outdir):
    data = os.path.join(W, f"{name}.dat")
    names = list(c["series"])
    with open(data, "w") as f:
        for i, x in enumerate(c["x"]):
            f.write(f"{x} " + " ".join(str(c["series"][s][i]) for s in names) + "\n")
    logx = max(c["x"]) / max(min(c["x"]), 1e-9) >= 50
    ys = [y for s in names for y in c["series"][s] if y > 0]
    logy = ys and max(ys) / min(ys) >= 50
    script = [
        "set terminal svg size 640,400 dynamic font 'DejaVu Sans,11' background '#ffffff'",
        f"set output '{os.path.join(outdir, name + '.svg')}'",
        f"set title \"{c['title']}\"", f"set xlabel \"{c['xlabel']}\"",
        f"set ylabel \"{c['ylabel']}\"", "set key top left", "set grid",
        "set logscale x" if logx else "", "set logscale y" if logy else "",
        "set yrange [0:*]" if not logy else "",
        "plot " + ", ".join(f"'{data}' using 1:{i + 2} with linespoints lw 2 pt 7 "
                            f"title \"{s}\"" for i, s in enumerate(names)),
    ]
    sh("gnuplot", input="\n".join(script) + "\n")


def write_docs(lines, rows, elapsed):
    outdir = os.path.join(SRC, "docs", "perf")
    os.makedirs(outdir, exist_ok=True)
    md = [f"Generated by `tests/bench/run` on {time.strftime('%Y-%m-%d')} "
          f"({os.cpu_count()} cores, {elapsed / 60:.0f} minutes). Times are medians.", "",
          "| what | ours | peer | ratio | target | met |", "| --- | ---: | --- | ---: | --- | --- |"]
    for r in rows:
        md.append("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")
    for name, c in CURVES.items():
        plot(name, c, outdir)
        md += ["", f"### {c['title']}", "", f"![{c['title']}](perf/{name}.svg)", "",
               f"| {c['xlabel']} | " + " | ".join(c["series"]) + " |",
               "| ---: | " + " | ".join("---:" for _ in c["series"]) + " |"]
        for i, x in enumerate(c["x"]):
            md.append(f"| {x:,} | " + " | ".join(f"{c['series'][s][i]:,.2f}"
                                                 for s in c["series"]) + " |")
        if c["note"]:
            md += ["", c["note"] + "."]
    json.dump({"rows": ROWS, "curves": CURVES}, open(os.path.join(outdir, "results.json"), "w"),
              indent=1)
    doc = os.path.join(SRC, "docs", "PERFORMANCE.md")
    text = open(doc).read() if os.path.exists(doc) else "# Performance\n\n"
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    block = begin + "\n" + "\n".join(md) + "\n" + end
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text += "\n" + block + "\n"
    open(doc, "w").write(text)
    log(f"wrote docs/PERFORMANCE.md and {len(CURVES)} plots in docs/perf/")


def main():
    t0 = time.time()
    parts = [("first", bench_first_screen), ("render", bench_render),
             ("autosave", bench_autosave), ("snapshot", bench_snapshot),
             ("history", bench_history), ("cohort", bench_cohort), ("memory", bench_memory),
             ("keys", bench_keystrokes)]
    try:
        for name, fn in parts:
            if ONLY is None or name in ONLY:
                fn()
    finally:
        lines, rows = table() if ROWS else ([], [])
        print("\n" + "\n".join(lines))
        if ROWS and not NO_DOCS and ONLY is None:
            write_docs(lines, rows, time.time() - t0)
        shutil.rmtree(W, ignore_errors=True)
    missed = [r["what"] for r in ROWS if r["met"] is False]
    print(f"\n{len(ROWS)} figures, {sum(r['met'] is not None for r in ROWS)} with a target, "
          f"{len(missed)} missed" + (": " + "; ".join(missed) if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
