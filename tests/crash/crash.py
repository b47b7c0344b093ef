#!/usr/bin/env python3
"""crash.py - the kill -9 harness behind tests/crash/run (docs/RELIABILITY.md).

Three phases, each with a seeded random generator (the seed is printed; --seed repeats it):

1. ITERATIONS kills while roadbook works on one workbook (re-created every --epoch
   iterations so that `git fsck` stays cheap). Each iteration picks a workload:
     answer   `roadbook answer` in a loop (texts short, long, multi-line, unicode, markdown
              look-alikes; scales, choices, numbers, tables; clearing)
     save     answers, then `roadbook save` (sometimes with -m)
     sync     answers, then `roadbook sync` to a bare repository on a path
     tui      roadbook in tmux, typing into a text exercise (autosave)
     read     answers while `status`, `answer --get`, `exercises`, `log`, `strategy`, `diff`
              run at the same time (some of them killed too)
   and SIGKILLs the running roadbook after a delay drawn uniformly from 0 to the typical
   duration of the workload (measured at start-up).
2. SNAPSHOTS killed `roadbook save` runs after changed answers.
3. TRANSFERS syncs of large versions cut off mid-way: roadbook killed (path remote and
   git daemon), or the git daemon (with its receive-pack) killed.

After every kill: `PRAGMA integrity_check` is ok, `git fsck --strict` reports nothing but
dangling objects, no `.lock` file is left in .git, every acknowledged answer is in the
database (and, at checkpoints, in the answers files of a saved version, read back through
`roadbook join`), and the workbook opens (`roadbook status`; the TUI shows its first screen).

Acknowledged: a CLI answer whose process exited 0 before the kill; in the TUI, text whose
keys were sent (send-keys had returned) at least --tui-ack seconds (1.5) before the kill.
An answer whose process was killed may hold the old value or the new one, nothing else.
"""
import argparse
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter

# ---------------------------------------------------------------- processes


class Job:
    """A process with its output in files (never a pipe that could fill), a pidfd to wait on,
    and the time it started."""

    def __init__(self, argv, env, stdin_data=None, cwd=None, new_session=False):
        self.argv = argv
        self.out = tempfile.TemporaryFile(dir=TMPDIR)
        self.err = tempfile.TemporaryFile(dir=TMPDIR)
        stdin = subprocess.DEVNULL
        if stdin_data is not None:
            stdin = tempfile.TemporaryFile(dir=TMPDIR)
            stdin.write(stdin_data.encode())
            stdin.seek(0)
        self.t0 = time.monotonic()
        self.p = subprocess.Popen(argv, stdin=stdin, stdout=self.out, stderr=self.err, env=env,
                                  cwd=cwd, close_fds=True, start_new_session=new_session)
        if stdin_data is not None:
            stdin.close()
        self.fd = os.pidfd_open(self.p.pid)
        self.killed = False
        self.rc = None
        self.t1 = None

    def exited(self):
        if self.rc is None and self.p.poll() is not None:
            self.rc = self.p.returncode
            self.t1 = time.monotonic()
        return self.rc is not None

    def kill(self):
        """SIGKILL unless it has already exited. True when the signal ended it."""
        if not self.exited():
            try:
                signal.pidfd_send_signal(self.fd, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.p.wait()
            self.rc = self.p.returncode
            self.t1 = time.monotonic()
            self.killed = self.rc == -signal.SIGKILL
        return self.killed

    def wait(self, timeout=None):
        try:
            self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return self.exited()

    def text(self, which):
        f = self.out if which == "out" else self.err
        f.seek(0)
        return f.read().decode("utf-8", "replace")

    def close(self):
        os.close(self.fd)
        self.out.close()
        self.err.close()


def run(argv, env, stdin_data=None, timeout=120, cwd=None):
    """Runs to the end: (rc, stdout, stderr)."""
    p = subprocess.run(argv, input=stdin_data.encode() if stdin_data is not None else None,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                       timeout=timeout, cwd=cwd)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Step:
    def __init__(self, args, stdin=None, kind="", exercise=None, value=None, before=None):
        self.args = args  # roadbook arguments after -C WB
        self.stdin = stdin
        self.kind = kind  # answer, save, sync, read...
        self.exercise = exercise
        self.value = value  # canonical value an answer sets
        self.before = before  # canonical value before it
        self.rc = None
        self.killed = False
        self.ran = False
        self.out = ""
        self.err = ""
        self.duration = None


class Lane:
    """Steps run one after another; at the deadline (monotonic time, None for never) the
    running one is killed and the rest never start."""

    def __init__(self, steps, deadline, name="writer"):
        self.steps = steps
        self.deadline = deadline
        self.name = name
        self.i = 0
        self.job = None
        self.killed_step = None  # the step the kill ended
        self.completed = False  # every step ran to its end before the deadline


def run_lanes(h, wb, lanes):
    """Runs lanes side by side until each has finished or been killed."""
    now = time.monotonic()
    for ln in lanes:
        if ln.deadline is not None:
            ln.deadline += now
        start_next(h, wb, ln)
    while True:
        active = [ln for ln in lanes if ln.job]
        if not active:
            break
        now = time.monotonic()
        deadlines = [ln.deadline for ln in active if ln.deadline is not None]
        timeout = max(0.0, min(deadlines) - now) if deadlines else 30.0
        select.select([ln.job.fd for ln in active], [], [], timeout)
        now = time.monotonic()
        for ln in active:
            if ln.job.exited():
                finish_step(ln)
                if ln.deadline is not None and time.monotonic() >= ln.deadline:
                    ln.i = len(ln.steps)  # time is up: nothing more starts
                start_next(h, wb, ln)
            elif ln.deadline is not None and now >= ln.deadline:
                ln.job.kill()
                st = finish_step(ln)
                if st.killed:
                    ln.killed_step = st
                ln.i = len(ln.steps)
                ln.job = None
    for ln in lanes:
        if ln.killed_step is None and all(s.ran for s in ln.steps):
            ln.completed = True


def start_next(h, wb, ln):
    ln.job = None
    if ln.i >= len(ln.steps):
        return
    st = ln.steps[ln.i]
    st.ran = True
    ln.job = Job([h.rb, "-C", wb.dir] + st.args, h.env, st.stdin)


def finish_step(ln):
    st = ln.steps[ln.i]
    j = ln.job
    st.rc = j.rc
    st.killed = j.killed
    st.out = j.text("out")
    st.err = j.text("err")
    st.duration = j.t1 - j.t0
    j.close()
    ln.job = None
    ln.i += 1
    return st


# ---------------------------------------------------------------- answers

WORDS = ("press line setter scrap OEE downtime order batch pallet shift tooling spindle "
         "customer margin quote lead time backlog robot cobot sensor MES ERP spreadsheet "
         "traceability allergen audit kaizen energy compressor forklift warehouse apprentice "
         "maintenance vision cell the a of and to we our is are will with for on by").split()
UNICODE = ("café Müller naïve façade Ångström ß £1,200 €350 ½ — – “quoted” ‘single’ … "
           "Łódź Žilina São Paulo 工厂 生产线 Ωμέγα Привет 🏭 🤖 ✓ → ≥ ±0.5 mm °C "
           "déjà-vu Straße Ærø").split()
MARKDOWN = ["#", "##", "# not a heading", "| a | b |", "|---|", "`code`", "```", "````",
            "<!-- roadbook:exercise why-vision -->", "<!-- x -->", "* star", "- dash",
            "1. item", "> quote", "\\", "_u_", "**bold**", "&amp;", "<b>", "[link](x)",
            "~~~", "---", "===", "+", "<", ">", "&", "![img](y)", "    indented"]


def gen_words(rng, n, plain=False):
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.70 or plain and r < 0.85:
            out.append(rng.choice(WORDS))
        elif r < 0.90 or plain:
            out.append(rng.choice(UNICODE))
        else:
            out.append(rng.choice(MARKDOWN))
    return out


def canonical_text(s):
    """What rb_answer_normalize makes of text that has no tab, CR or control character:
    trailing blanks and newlines go, leading blank lines go (the first line keeps its
    indentation)."""
    s = s.rstrip(" \n")
    lead = line_start = 0
    while lead < len(s) and s[lead] in " \n":
        if s[lead] == "\n":
            line_start = lead + 1
        lead += 1
    if lead == len(s):
        return ""
    return s[line_start:]


def gen_text(rng, size=None):
    """An answer text of a random size class: short, medium, long (up to 19,000 characters,
    under the 20,000 limit); lines, paragraphs, unicode, markdown look-alikes."""
    if size is None:
        r = rng.random()
        size = rng.randint(1, 200) if r < 0.6 else rng.randint(200, 3000) if r < 0.92 else \
            rng.randint(3000, 19000)
    parts, n = [], 0
    while n < size:
        line = " ".join(gen_words(rng, rng.randint(1, 14)))
        if rng.random() < 0.05:
            line = "    " + line  # an indented (code) line
        if rng.random() < 0.05:
            line += "  "  # trailing blanks inside the text (a hard break in markdown)
        sep = "\n\n" if rng.random() < 0.3 else "\n" if rng.random() < 0.5 else " "
        parts.append(line + sep)
        n += len(line) + len(sep)
    text = "".join(parts)[:size]
    if len(text) > size:
        text = text[:size]
    t = canonical_text(text)
    return t if t else "x"


def gen_random_letters(rng, n):
    """Text that compresses badly: makes pushes big."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    lines = []
    while n > 0:
        k = min(n, 72)
        lines.append("".join(rng.choice(alphabet) for _ in range(k)))
        n -= k + 1
    return "\n".join(lines)


# ---------------------------------------------------------------- the workbook


class Workbook:
    def __init__(self, path, bare):
        self.dir = path
        self.bare = bare
        self.model = {}  # exercise id -> canonical value (None: not answered)
        self.history = {}  # exercise id -> a few earlier acknowledged values
        self.iterations = 0


class Failure(Exception):
    pass


class Harness:
    def __init__(self, a):
        self.a = a
        self.rb = os.path.realpath(a.binary)
        self.src = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
        self.lessons = a.lessons or os.path.join(self.src, "lessons")
        self.seed = a.seed if a.seed is not None else random.SystemRandom().randrange(1 << 31)
        self.rng = random.Random(self.seed)
        self.work = a.workdir or tempfile.mkdtemp(prefix="rb-crash.", dir=TMPDIR)
        os.makedirs(self.work, exist_ok=True)
        home = os.path.join(self.work, "home")
        os.makedirs(home, exist_ok=True)
        self.env = dict(os.environ)
        for k in ("ROADBOOK_LESSONS", "GIT_DIR", "GIT_WORK_TREE", "VISUAL", "EDITOR"):
            self.env.pop(k, None)
        self.env.update(NO_COLOR="1", HOME=home, GIT_CONFIG_NOSYSTEM="1", LANG="C.UTF-8",
                        LC_ALL="C.UTF-8", ROADBOOK_LESSONS=self.lessons, TZ="UTC")
        self.tmux_sock = "rb-crash-%d" % os.getpid()
        self.tmux_up = False
        self.daemon = None
        self.failures = []
        self.notes = Counter()  # things worth a look that are not failures
        self.note_examples = {}
        self.stats = Counter()
        self.t_start = time.monotonic()
        self.epoch = 0
        self.fail_dir = os.path.join(self.work, "failures")
        self.syncs_checked = 0

    # ---- small helpers

    def log(self, msg):
        print(msg, flush=True)

    def rbrun(self, wb_dir, *args, stdin=None, timeout=120):
        return run([self.rb, "-C", wb_dir] + list(args), self.env, stdin, timeout)

    def git(self, *args, timeout=120):
        return run(["git", "-c", "safe.directory=*"] + list(args), self.env, None, timeout)

    def note(self, kind, example):
        self.notes[kind] += 1
        self.note_examples.setdefault(kind, example)

    def fail(self, ctx, kind, detail, wb=None):
        self.stats["fail:" + kind] += 1
        n = len(self.failures) + 1
        keep = ""
        if wb is not None and n <= 50:
            keep = os.path.join(self.fail_dir, "%03d-%s-%s" % (n, ctx["phase"], ctx["i"]))
            os.makedirs(keep, exist_ok=True)
            shutil.copytree(wb.dir, os.path.join(keep, "wb"), symlinks=True)
            if wb.bare and os.path.isdir(wb.bare):
                shutil.copytree(wb.bare, os.path.join(keep, "remote.git"), symlinks=True)
            with open(os.path.join(keep, "model.json"), "w") as f:
                json.dump(wb.model, f, indent=1, ensure_ascii=False)
        msg = "FAIL [%s %s] workload=%s kill-delay=%.2f ms seed=%d: %s: %s%s" % (
            ctx["phase"], ctx["i"], ctx.get("workload"), ctx.get("delay", 0) * 1000, self.seed,
            kind, detail.strip()[:2000], ("\n  workbook kept in " + keep) if keep else "")
        self.failures.append(msg)
        self.log(msg)

    # ---- set-up

    def make_template(self):
        """A workbook of the bundled curriculum, with its first version; the answer pools."""
        tpl = os.path.join(self.work, "template")
        rc, out, err = run([self.rb, "init", tpl, "--name", "Sam Taylor", "--company",
                            "Taylor Foods Ltd", "--sector", "food", "--employees", "60"],
                           self.env)
        if rc != 0:
            raise SystemExit("crash: roadbook init failed: " + err)
        rc, out, err = self.rbrun(tpl, "exercises", "--json")
        if rc != 0:
            raise SystemExit("crash: roadbook exercises failed: " + err)
        self.exercises = json.loads(out)
        self.ids = [e["id"] for e in self.exercises]
        self.types = {e["id"]: e["type"] for e in self.exercises}
        self.text_ids = [i for i in self.ids if self.types[i] == "text"]
        self.max_length = self.read_max_lengths()
        self.big_ids = [i for i in self.text_ids if self.max_length.get(i, 20000) >= 19000]
        first_module = self.exercises[0]["module"]
        mod1 = [e for e in self.exercises if e["module"] == first_module]
        self.module_count = len({e["module"] for e in self.exercises})
        self.tui_targets = [(e["id"], k + 1, len(mod1)) for k, e in enumerate(mod1)
                            if e["type"] == "text"]
        self.template = tpl
        # values for the other types: the demo's answers, every option alone, the ends of a
        # scale or number; the canonical form of each learnt from `answer --get`
        demo = os.path.join(self.work, "demo")
        run([self.rb, "demo", demo], self.env)
        dv = {}
        if os.path.exists(os.path.join(demo, ".roadbook", "state.db")):
            con = sqlite3.connect("file:%s/.roadbook/state.db?mode=ro" % demo, uri=True)
            dv = dict(con.execute("SELECT exercise_id, value FROM answers"))
            con.close()
        cand = {}
        for e in self.exercises:
            if e["type"] == "text":
                continue
            c = []
            if e["id"] in dv:
                c.append(dv[e["id"]])
            for o in (e.get("options") or []) + (e.get("items") or []):
                c.append(o["id"])
            if e["type"] in ("scale", "number"):
                for k in ("min", "max"):
                    if e.get(k) is not None:
                        c.append(str(e[k]))
            cand[e["id"]] = list(dict.fromkeys(c))[:6]
        scratch = os.path.join(self.work, "scratch")
        shutil.copytree(tpl, scratch, symlinks=True)
        self.pool = {}
        sw = Workbook(scratch, None)
        for k in range(max((len(v) for v in cand.values()), default=0)):
            accepted = []  # round k: the k-th value of every exercise, read back at the end
            for ex, vals in cand.items():
                if k < len(vals) and self.rbrun(scratch, "answer", ex, vals[k])[0] == 0:
                    accepted.append((ex, vals[k]))
            got = self.read_db(sw)
            for ex, v in accepted:
                if got.get(ex):
                    self.pool.setdefault(ex, []).append((v, got[ex]))
        self.log("answers: %d text exercises (generated texts), %d other exercises with %d "
                 "values (from the demo, the options, the ends of scales and numbers)" % (
                     len(self.text_ids), len(self.pool),
                     sum(len(v) for v in self.pool.values())))
        # the generated texts must be canonical already: check a sample
        probe = "why-context" if "why-context" in self.ids else self.text_ids[0]
        for k in range(12):
            t = gen_text(self.rng, [5, 80, 400, 2500, 12000, 19000][k % 6])
            self.rbrun(scratch, "answer", probe, stdin=t)
            _, got, _ = self.rbrun(scratch, "answer", probe, "--get")
            if got[:-1] != t:
                raise SystemExit("crash: the text generator made a text roadbook changes:\n%r"
                                 "\n%r" % (t[:200], got[:200]))
        self.calibrate(scratch)
        shutil.rmtree(scratch)

    def read_max_lengths(self):
        """max-length of each text exercise, from the lessons (the JSON list has none)."""
        out = {}
        for name in sorted(os.listdir(self.lessons)):
            if not name.endswith(".md"):
                continue
            with open(os.path.join(self.lessons, name), encoding="utf-8") as f:
                block = None
                for ln in f:
                    ln = ln.rstrip("\n")
                    if ln.startswith("```roadbook exercise"):
                        block = {}
                    elif block is not None and ln.startswith("```"):
                        if "id" in block and "max-length" in block:
                            out[block["id"]] = int(block["max-length"])
                        block = None
                    elif block is not None and ":" in ln:
                        k, v = ln.split(":", 1)
                        block[k.strip()] = v.strip()
        return out

    def calibrate(self, scratch):
        """Typical durations (median of unkilled runs): the kill delays are drawn from 0 to
        these."""
        bare = os.path.join(self.work, "scratch.git")
        self.git("init", "-q", "--bare", bare)
        self.git("-C", scratch, "remote", "add", "origin", bare)
        t = {"answer": [], "answer_long": [], "save": [], "sync": [], "read": []}

        def timed(key, *args, stdin=None):
            t0 = time.monotonic()
            rc, out, err = self.rbrun(scratch, *args, stdin=stdin)
            t[key].append(time.monotonic() - t0)
            return rc

        for k in range(5):
            ex = self.rng.choice(self.text_ids)
            timed("answer", "answer", ex, gen_text(self.rng, 100))
            timed("answer_long", "answer", self.rng.choice(self.big_ids),
                  stdin=gen_text(self.rng, 15000))
            timed("save", "save")
            timed("answer", "answer", self.rng.choice(self.text_ids), "calibrate %d" % k)
            timed("sync", "sync")
            timed("read", "status")
            timed("read", "strategy")
        self.typ = {k: statistics.median(v) for k, v in t.items()}
        shutil.rmtree(bare)
        self.log("typical durations (ms): " + ", ".join(
            "%s %.1f" % (k, v * 1000) for k, v in self.typ.items()) +
            "; TUI window %.1f s" % self.a.tui_window)

    def new_workbook(self, name, with_remote=True):
        path = os.path.join(self.work, name)
        bare = os.path.join(self.work, name + ".git") if with_remote else None
        for p in (path, bare):
            if p and os.path.exists(p):
                shutil.rmtree(p)
        shutil.copytree(self.template, path, symlinks=True)
        if bare:
            self.git("init", "-q", "--bare", "--initial-branch=main", bare)
            self.git("-C", path, "remote", "add", "origin", bare)
        wb = Workbook(path, bare)
        wb.model = self.read_db(wb)
        return wb

    # ---- checks

    def read_db(self, wb, path=None):
        db = path or os.path.join(wb.dir, ".roadbook", "state.db")
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=10)
        try:
            return dict(con.execute("SELECT exercise_id, value FROM answers"))
        finally:
            con.close()

    def integrity(self, db):
        rc, out, err = run(["sqlite3", db, "PRAGMA integrity_check"], self.env)
        return rc == 0 and out.strip() == "ok", (out + err).strip()

    def fsck(self, args):
        """git fsck --strict: only dangling objects (and a bare repository's unborn HEAD)
        are fine."""
        rc, out, err = self.git(*args, "fsck", "--strict", "--no-progress")
        bad = [ln for ln in (out + err).splitlines()
               if ln and not ln.startswith("dangling ") and
               not ln.startswith("notice: HEAD points to an unborn branch") and
               ln != "notice: No default references"]
        return rc == 0 and not bad, (out + err).strip()

    def lock_files(self, gitdir):
        found = []
        for root, dirs, files in os.walk(gitdir):
            for f in files:
                if f.endswith(".lock"):
                    found.append(os.path.relpath(os.path.join(root, f), gitdir))
        return found

    def stale_hint(self, wb):
        """Which answers files differ from the last version (what a killed save leaves)."""
        rc, out, _ = self.git("-C", wb.dir, "status", "--porcelain", "--", "answers")
        files = [ln[3:] for ln in out.splitlines() if ln.strip()]
        return ("; answers files that differ from the last version: " + " ".join(files)
                if files else "")

    def check_answers(self, ctx, wb, uncertain, where="database", got=None):
        """Every answer equals the model; an answer whose writer was killed may hold the
        old value or the new one (the model takes what is there)."""
        if got is None:
            got = self.read_db(wb)
        lost = []
        for ex in set(wb.model) | set(got):
            want, have = wb.model.get(ex), got.get(ex)
            if have == want:
                continue
            if ex in uncertain and have in uncertain[ex]:
                wb.model[ex] = have
                continue
            if ex in uncertain and have is None and None in uncertain[ex]:
                wb.model.pop(ex, None)
                continue
            lost.append(ex)
        for ex in lost:
            self.stats["lost answers"] += 1
            self.fail(ctx, "lost answer (%s)" % where,
                      "%s: expected %r, found %r%s" % (ex, short(wb.model.get(ex)),
                                                      short(got.get(ex)), self.stale_hint(wb)),
                      wb)
            if got.get(ex) is None:
                wb.model.pop(ex, None)
            else:
                wb.model[ex] = got[ex]  # carry on from what is there
        for ex in uncertain:
            if ex not in lost and got.get(ex) is None:
                wb.model.pop(ex, None)
            elif ex not in lost:
                wb.model[ex] = got[ex]
        return not lost

    def verify(self, ctx, wb, uncertain, touched=(), remote_before=None, sync=False):
        """The checks after a kill. Returns False when the workbook should be replaced."""
        ok = True
        db = os.path.join(wb.dir, ".roadbook", "state.db")
        gitdir = os.path.join(wb.dir, ".git")
        roadbook_first = self.rng.random() < 0.3
        if roadbook_first:  # roadbook recovers the WAL itself this time
            rc, out, err = self.rbrun(wb.dir, "status")
            if rc != 0:
                self.stats["open failures"] += 1
                self.fail(ctx, "workbook does not open", "status exit %d: %s" % (rc, err), wb)
                return False
            self.stderr_notes(err)
        good, text = self.integrity(db)
        if not good:
            self.stats["integrity failures"] += 1
            self.fail(ctx, "integrity_check", text, wb)
            return False
        self.check_answers(ctx, wb, uncertain)
        if not self.locks_harmless(ctx, wb):
            ok = sync = False  # the retry would only fail the same way
        good, text = self.fsck(["-C", wb.dir])
        if not good:
            self.stats["fsck failures"] += 1
            self.fail(ctx, "git fsck", text, wb)
            ok = False
        rc, head, err = self.git("-C", wb.dir, "rev-parse", "--verify", "-q", "HEAD^{commit}")
        if rc != 0:
            self.stats["fsck failures"] += 1
            self.fail(ctx, "HEAD does not resolve", err, wb)
            ok = False
        if not roadbook_first:
            rc, out, err = self.rbrun(wb.dir, "status")
            if rc != 0:
                self.stats["open failures"] += 1
                self.fail(ctx, "workbook does not open", "status exit %d: %s" % (rc, err), wb)
                return False
            self.stderr_notes(err)
        # opening may have read answers files in: nothing acknowledged may change by that
        self.check_answers(ctx, wb, {}, "database after opening")
        for ex in self.rng.sample(sorted(touched), min(1, len(touched))):
            rc, out, err = self.rbrun(wb.dir, "answer", ex, "--get")
            want = wb.model.get(ex)
            if rc != 0 or out != ("" if want is None else want + "\n"):
                self.stats["lost answers"] += 1
                self.fail(ctx, "answer --get", "%s: exit %d, expected %r, got %r %s" % (
                    ex, rc, short(want), short(out), err), wb)
        if sync:
            ok = self.verify_remote(ctx, wb, remote_before) and ok
        return ok

    def locks_harmless(self, ctx, wb, save_rc=None, save_err=""):
        """A .lock file left in .git by a kill is a bug when it stops the next save."""
        gitdir = os.path.join(wb.dir, ".git")
        locks = self.lock_files(gitdir)
        if not locks:
            return True
        self.stats["kills that left a lock file"] += 1
        if save_rc is None:
            save_rc, _, save_err = self.rbrun(wb.dir, "save")
        if save_rc != 0:
            self.stats["lock files blocking the next save"] += 1
            self.fail(ctx, "a lock file left in .git blocks the next save",
                      "%s; roadbook save: exit %d: %s" % (" ".join(locks), save_rc, save_err),
                      wb)
            return False
        still = self.lock_files(gitdir)
        for lk in locks:
            self.note("lock file left by a kill, removed by the next save" if lk not in still
                      else "lock file left by a kill, still there after the next save (it "
                      "did not stop it)", lk)
        return True

    def stderr_notes(self, err):
        for ln in err.splitlines():
            if "edited outside roadbook" in ln:
                self.note("answers read in from files left by a killed save", ln)
            elif "kept as" in ln:
                self.note("edited file kept aside after a kill", ln)
            elif ln.strip():
                self.note("other message on opening", ln)

    def verify_remote(self, ctx, wb, before):
        """The bare repository: clean, main old or a version of this workbook; a retry sends
        everything."""
        good, text = self.fsck(["--git-dir", wb.bare])
        if not good:
            self.stats["remote fsck failures"] += 1
            self.fail(ctx, "remote git fsck", text, wb)
            return False
        locks = self.lock_files(wb.bare)
        for lk in locks:  # a failure only if it stops the retry below
            self.stats["remote lock files left"] += 1
            self.note("lock file left in the remote by a cut transfer", lk)
        rc, main, _ = self.git("--git-dir", wb.bare, "rev-parse", "--verify", "-q",
                               "refs/heads/main")
        main = main.strip()
        if main and main != before:
            rc, _, _ = self.git("-C", wb.dir, "merge-base", "--is-ancestor", main, "HEAD")
            if rc != 0:
                self.stats["remote broken"] += 1
                self.fail(ctx, "remote main is neither the old version nor one of this "
                          "workbook's", "remote main %s (before %s)" % (main, before), wb)
                return False
        return self.retry_sync(ctx, wb)

    def retry_sync(self, ctx, wb):
        rc, out, err = self.rbrun(wb.dir, "sync", timeout=300)
        locks = [lk for lk in self.lock_files(wb.bare) if lk.startswith("refs/")]
        if rc != 0 and locks:
            # roadbook removes a branch lock on a path remote once it is 10 s old: a retry
            # before that is refused; wait and retry once more
            self.stats["sync retries refused by a remote branch lock under 10 s old"] += 1
            self.note("an immediate retry refused because of a remote branch lock (exit %d)" %
                      rc, err.strip().splitlines()[0] if err.strip() else "")
            for lk in locks:
                path = os.path.join(wb.bare, lk)
                try:
                    age = time.time() - os.stat(path).st_mtime
                except OSError:
                    continue
                time.sleep(max(0.0, 10.5 - age))
            rc, out, err = self.rbrun(wb.dir, "sync", timeout=300)
        if rc != 0:
            self.stats["sync retry failures"] += 1
            locks = self.lock_files(wb.bare)
            self.fail(ctx, "sync retry", "exit %d: %s%s%s" % (
                rc, out, err, "; lock files in the remote: " + " ".join(locks) if locks
                else ""), wb)
            return False
        _, head, _ = self.git("-C", wb.dir, "rev-parse", "HEAD")
        _, main, _ = self.git("--git-dir", wb.bare, "rev-parse", "refs/heads/main")
        if head.strip() != main.strip():
            self.stats["sync retry failures"] += 1
            self.fail(ctx, "after the retry the remote is not at this workbook's version",
                      "HEAD %s, remote main %s" % (head.strip(), main.strip()), wb)
            return False
        good, text = self.fsck(["--git-dir", wb.bare])
        if not good:
            self.stats["remote fsck failures"] += 1
            self.fail(ctx, "remote git fsck after the retry", text, wb)
            return False
        self.syncs_checked += 1
        if ctx["phase"] == "iteration" and self.syncs_checked % 3:
            return True  # the remote is at this workbook's version; its files read back at
            # every third sync, and at every transfer
        return self.check_markdown(ctx, wb, wb.bare, "remote after the retry")

    def check_markdown(self, ctx, wb, source, where):
        """The answers files of the latest version hold every answer: `roadbook join` of
        the repository rebuilds the database from them."""
        dest = os.path.join(self.work, "join-check")
        if os.path.exists(dest):
            shutil.rmtree(dest)
        rc, out, err = run([self.rb, "join", source, dest], self.env, timeout=300)
        if rc != 0:
            self.fail(ctx, "join (%s)" % where, "exit %d: %s" % (rc, err), wb)
            return False
        got = self.read_db(wb, os.path.join(dest, ".roadbook", "state.db"))
        shutil.rmtree(dest)
        lost = [ex for ex in set(got) | set(wb.model) if got.get(ex) != wb.model.get(ex)]
        for ex in lost:
            self.stats["lost answers"] += 1
            self.fail(ctx, "answer not in the answers files (%s)" % where,
                      "%s: expected %r, the files give %r" % (
                          ex, short(wb.model.get(ex)), short(got.get(ex))), wb)
        self.stats["markdown checks"] += 1
        return not lost

    def save_and_check_markdown(self, ctx, wb):
        rc, out, err = self.rbrun(wb.dir, "save")
        if rc != 0:
            self.stats["save failures"] += 1
            self.fail(ctx, "save after a kill", "exit %d: %s%s" % (rc, out, err), wb)
            return False
        rc, out, _ = self.git("-C", wb.dir, "status", "--porcelain", "--untracked-files=all")
        dirty = [ln for ln in out.splitlines() if not ln.endswith(".roadbook-tmp")]
        for ln in out.splitlines():
            if ln.endswith(".roadbook-tmp"):
                self.note("a .roadbook-tmp file left in the working folder by a kill", ln)
        if dirty:
            self.fail(ctx, "working folder not clean after save", out, wb)
        return self.check_markdown(ctx, wb, wb.dir, "saved version")

    # ---- answers to give

    def pick_answer(self, wb, ex=None, long_ok=True):
        """(exercise, argv-or-stdin value, canonical value or None for a clear)."""
        rng = self.rng
        if ex is None:
            r = rng.random()
            if r < 0.65 or not self.pool:
                ex = rng.choice(self.text_ids)
            else:
                ex = rng.choice(sorted(self.pool))
        if rng.random() < 0.05:
            return ex, "", None
        if self.types[ex] != "text":
            if ex not in self.pool:
                return ex, "", None
            v, canon = rng.choice(self.pool[ex])
            return ex, v, canon
        r = rng.random()
        if r < 0.25 and wb.model.get(ex) is not None:
            # an earlier answer again (a value the answers files may still hold)
            prev = wb.history.get(ex)
            if prev:
                t = rng.choice(prev)
                return ex, t, t
        limit = self.max_length.get(ex, 20000) - 20
        size = None if long_ok else rng.randint(1, 400)
        if size is None and rng.random() < 0.1:
            size = limit  # right up to the exercise's limit
        t = gen_text(rng, size)
        if len(t) > limit:
            t = canonical_text(t[:limit]) or "x"
        return ex, t, t

    def answer_steps(self, wb, n, long_ok=True):
        steps, seen = [], {}
        for _ in range(n):
            ex, v, canon = self.pick_answer(wb, long_ok=long_ok)
            before = seen.get(ex, wb.model.get(ex))
            if self.rng.random() < 0.3 or len(v) > 4000:
                st = Step(["answer", ex], stdin=v, kind="answer", exercise=ex, value=canon,
                          before=before)
            else:
                st = Step(["answer", ex, v], kind="answer", exercise=ex, value=canon,
                          before=before)
            seen[ex] = canon
            steps.append(st)
        return steps

    def step_typical(self, st):
        if st.kind == "answer":
            v = st.stdin if st.stdin is not None else st.args[-1]
            return self.typ["answer_long"] if len(v) > 4000 else self.typ["answer"]
        return self.typ.get(st.kind, self.typ["read"])

    def apply_steps(self, ctx, wb, steps, uncertain, touched):
        """Acknowledged answers go into the model; killed ones become uncertain."""
        for st in steps:
            if not st.ran:
                continue
            if st.kind == "answer":
                touched.add(st.exercise)
                if st.killed:
                    uncertain.setdefault(st.exercise, set()).update({st.before, st.value})
                elif st.rc == 0:
                    self.acked(wb, st.exercise, st.value)
                    uncertain.pop(st.exercise, None)
                else:
                    self.fail(ctx, "answer refused", "exit %d: %s" % (st.rc, st.err), wb)
            elif not st.killed and st.rc != 0:
                self.stats["command failures"] += 1
                self.fail(ctx, "%s failed" % " ".join(st.args[:1]),
                          "exit %d: %s%s" % (st.rc, st.out, st.err), wb)

    def acked(self, wb, ex, value):
        if value is None:
            wb.model.pop(ex, None)
        else:
            wb.model[ex] = value
            h = wb.history.setdefault(ex, [])
            if value not in h:
                h.append(value)
                del h[:-4]

    # ---- the workloads of phase 1

    def kill_outcome(self, lanes):
        w = lanes[0]
        if w.killed_step is not None:
            self.stats["kills mid-operation"] += 1
            self.stats["kills mid-" + w.killed_step.kind] += 1
        else:
            self.stats["kills after completion"] += 1

    def w_answer(self, ctx, wb):
        steps = self.answer_steps(wb, self.rng.randint(1, 6))
        total = sum(self.step_typical(s) for s in steps)
        delay = self.rng.uniform(0, total)
        ctx["delay"] = delay
        lane = Lane(steps, delay)
        run_lanes(self, wb, [lane])
        self.kill_outcome([lane])
        uncertain, touched = {}, set()
        self.apply_steps(ctx, wb, steps, uncertain, touched)
        return self.verify(ctx, wb, uncertain, touched)

    def prefix_answers(self, ctx, wb, n):
        steps = self.answer_steps(wb, n)
        lane = Lane(steps, None)
        run_lanes(self, wb, [lane])
        uncertain, touched = {}, set()
        self.apply_steps(ctx, wb, steps, uncertain, touched)
        return touched

    def revert_one(self, ctx, wb, before, touched):
        """After a killed save, set one of the answers just changed back to its value before
        (what the last version holds): the participant undoing a change."""
        changed = sorted(ex for ex in touched if before.get(ex) != wb.model.get(ex))
        if not changed:
            return
        ex = self.rng.choice(changed)
        rc, _, err = self.rbrun(wb.dir, "answer", ex, before.get(ex) or "")
        if rc != 0:
            self.fail(ctx, "answer refused", "exit %d: %s" % (rc, err), wb)
            return
        self.acked(wb, ex, before.get(ex))
        self.stats["answers set back after a killed save"] += 1

    def w_save(self, ctx, wb):
        before = dict(wb.model)
        touched = self.prefix_answers(ctx, wb, self.rng.randint(1, 4))
        args = ["save"]
        if self.rng.random() < 0.3:
            args += ["-m", " ".join(gen_words(self.rng, self.rng.randint(1, 8), plain=True))]
        delay = self.rng.uniform(0, self.typ["save"])
        ctx["delay"] = delay
        lane = Lane([Step(args, kind="save")], delay)
        run_lanes(self, wb, [lane])
        self.kill_outcome([lane])
        self.apply_steps(ctx, wb, lane.steps, {}, set())
        if lane.killed_step is not None and self.rng.random() < 0.3:
            self.revert_one(ctx, wb, before, touched)
        return self.verify(ctx, wb, {}, touched)

    def w_sync(self, ctx, wb):
        touched = self.prefix_answers(ctx, wb, self.rng.randint(1, 4))
        _, before, _ = self.git("--git-dir", wb.bare, "rev-parse", "--verify", "-q",
                                "refs/heads/main")
        delay = self.rng.uniform(0, self.typ["sync"])
        ctx["delay"] = delay
        lane = Lane([Step(["sync"], kind="sync")], delay)
        run_lanes(self, wb, [lane])
        self.kill_outcome([lane])
        st = lane.steps[0]
        if not st.killed and st.rc != 0:
            self.stats["command failures"] += 1
            self.fail(ctx, "sync failed", "exit %d: %s%s" % (st.rc, st.out, st.err), wb)
        return self.verify(ctx, wb, {}, touched, remote_before=before.strip(), sync=True)

    def w_read(self, ctx, wb):
        steps = self.answer_steps(wb, self.rng.randint(2, 6), long_ok=False)
        total = sum(self.step_typical(s) for s in steps)
        delay = self.rng.uniform(0, total)
        ctx["delay"] = delay
        writing = {s.exercise for s in steps}
        lanes = [Lane(steps, delay)]
        readers = [["status"], ["status", "--json"], ["exercises"], ["log", "-n", "3"],
                   ["strategy"], ["diff"], ["answer", None, "--get"], ["answer", None, "--get"]]
        for k in range(self.rng.randint(1, 3)):
            args = list(self.rng.choice(readers))
            if None in args:
                args[1] = self.rng.choice(sorted(writing) if self.rng.random() < 0.5
                                          else self.ids)
            rd = None
            if self.rng.random() < 0.5:
                rd = self.rng.uniform(0, self.typ["read"] * 1.5)
            lanes.append(Lane([Step(args, kind="read")], rd, name="reader"))
        run_lanes(self, wb, lanes)
        self.kill_outcome(lanes)
        uncertain, touched = {}, set()
        model_before = dict(wb.model)
        self.apply_steps(ctx, wb, steps, uncertain, touched)
        for ln in lanes[1:]:
            st = ln.steps[0]
            if st.killed:
                self.stats["readers killed"] += 1
                continue
            self.stats["readers completed"] += 1
            if st.rc != 0:
                self.stats["command failures"] += 1
                self.fail(ctx, "reader failed", "%s: exit %d: %s" % (
                    " ".join(st.args), st.rc, st.err), wb)
            elif st.args[0] == "answer" and st.args[1] not in writing:
                want = model_before.get(st.args[1])
                if st.out != ("" if want is None else want + "\n"):
                    self.fail(ctx, "reader saw a wrong answer", "%s: expected %r, got %r" % (
                        st.args[1], short(want), short(st.out)), wb)
            elif st.args == ["status", "--json"]:
                try:
                    json.loads(st.out)
                except ValueError as e:
                    self.fail(ctx, "status --json is not JSON", str(e), wb)
        return self.verify(ctx, wb, uncertain, touched)

    # ---- the TUI

    def tmux(self, *args):
        return run(["tmux", "-L", self.tmux_sock] + list(args), self.env, timeout=30)

    def tmux_start(self):
        if self.tmux_up:
            return
        rc, out, err = self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "idle", "-x",
                                 "100", "-y", "30", "sleep 1000000")
        if rc != 0:
            raise SystemExit("crash: tmux: " + err)
        self.tmux("set-option", "-g", "default-size", "100x30")
        self.tmux_up = True

    def tmux_stop(self):
        if self.tmux_up:
            self.tmux("kill-server")
            self.tmux_up = False

    def screen(self, win):
        rc, out, _ = self.tmux("capture-pane", "-p", "-t", win)
        return out if rc == 0 else ""

    def wait_screen(self, win, pred, deadline, limit=8.0):
        """Polls the screen: (screen, why) with why 'ok', 'deadline' (the kill is due) or
        'timeout'."""
        end = time.monotonic() + limit
        while True:
            s = self.screen(win)
            if pred(s):
                return s, "ok"
            now = time.monotonic()
            if now >= deadline:
                return s, "deadline"
            if now >= end:
                return s, "timeout"
            time.sleep(min(0.02, max(0.0, deadline - now)))

    def w_tui(self, ctx, wb):
        self.tmux_start()
        ex, target, nmod = self.rng.choice(self.tui_targets)
        rc, _, err = self.rbrun(wb.dir, "answer", ex, "")
        if rc != 0:
            self.fail(ctx, "answer (clearing for the TUI)", err, wb)
            return False
        wb.model.pop(ex, None)
        delay = self.rng.uniform(0, self.a.tui_window)
        ctx["delay"] = delay
        win = "idle:t%d" % ctx["i"]
        cmd = "exec env TERM=screen-256color LANG=C.UTF-8 %s -C %s" % (
            shq(self.rb), shq(wb.dir))
        rc, out, err = self.tmux("new-window", "-d", "-t", "idle", "-n", "t%d" % ctx["i"],
                                 "-P", "-F", "#{pane_pid}", cmd)
        t0 = time.monotonic()
        deadline = t0 + delay
        if rc != 0:
            raise SystemExit("crash: tmux new-window: " + err)
        pid = int(out.strip())
        pfd = os.pidfd_open(pid)
        states, sent, keylog = [""], [t0], []
        phase = "start"
        problem = None
        try:
            s, why = self.wait_screen(win, lambda s: "Leading Digital Transformation" in s or
                                      "Why digital" in s, deadline)
            if why == "ok":
                self.stats["TUI first screens seen"] += 1
                phase = "modules"
                self.tmux("send-keys", "-t", win, *(["k"] * (self.module_count + 1)), "Enter")
                keylog.append((round(time.monotonic() - t0, 4), ["nav", "k..Enter"]))
                s, why = self.wait_screen(win, lambda s: "Tab: next exercise" in s, deadline)
            if why == "ok":
                phase = "lesson"
                for _ in range(12):
                    cur = highlighted(s)
                    if cur == target:
                        break
                    if cur == 0:  # the highlighted exercise is off the screen
                        keys = ["Tab"]
                    else:
                        keys = ["Tab" if cur < target else "BTab"] * abs(target - cur)
                    self.tmux("send-keys", "-t", win, *keys)
                    keylog.append((round(time.monotonic() - t0, 4), ["nav"] + keys))
                    s, why = self.wait_screen(win, lambda s2, c=cur: highlighted(s2) not in
                                              (0, c), deadline, 3.0)
                    if why != "ok":
                        break
                else:
                    why = "timeout"
            if why == "ok":
                self.tmux("send-keys", "-t", win, "Enter")
                keylog.append((round(time.monotonic() - t0, 4), ["nav", "Enter"]))
                s, why = self.wait_screen(win, lambda s: "› " + ex in s, deadline)
                keylog.append((round(time.monotonic() - t0, 4), ["editor shown"]))
            if why == "ok":
                phase = "typing"
                text = ""
                while True:
                    now = time.monotonic()
                    if now >= deadline:
                        break
                    r = self.rng.random()
                    if r < 0.08 and text and not text.endswith("\n"):
                        keys, adds = ["Enter"], ["\n"]
                    elif r < 0.14 and text:
                        k = self.rng.randint(1, min(3, len(text)))
                        keys, adds = ["BSpace"] * k, [None] * k
                    else:
                        w = gen_words(self.rng, self.rng.randint(1, 2), plain=True)
                        chunk = (" " if text and not text.endswith("\n") else "") + " ".join(w)
                        keys, adds = ["-l", chunk], list(chunk)
                    self.tmux("send-keys", "-t", win, *keys)
                    t_sent = time.monotonic()
                    keylog.append((round(t_sent - t0, 4), keys))
                    for a in adds:
                        text = text[:-1] if a is None else text + a
                        states.append(text)
                        sent.append(t_sent)
                    pause = self.rng.uniform(0.02, 0.15)
                    time.sleep(max(0.0, min(pause, deadline - time.monotonic())))
            elif why == "timeout":
                problem = "the TUI did not reach the %s screen in time; screen:\n%s" % (
                    phase, s)
        finally:
            last_screen = self.screen(win) if phase == "typing" else ""
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            t_kill = time.monotonic()
            select.select([pfd], [], [], 10)
            os.close(pfd)
            self.tmux("kill-window", "-t", win)
        self.stats["kills mid-operation"] += 1
        self.stats["kills mid-TUI-" + phase] += 1
        if problem:
            self.stats["open failures"] += 1
            self.fail(ctx, "TUI", problem, wb)
        # what must be saved: the state of the last key sent --tui-ack seconds before the kill
        ack = max((i for i in range(len(states)) if sent[i] <= t_kill - self.a.tui_ack),
                  default=0)
        got = self.read_db(wb).get(ex)
        canon = [canonical_text(x) or None for x in states]
        ok_idx = [i for i in range(ack, len(states)) if canon[i] == got]
        if not ok_idx:
            with open(os.path.join(self.work, "tui-%d.json" % ctx["i"]), "w") as f:
                json.dump({"exercise": ex, "saved": got, "keys": keylog, "states": states,
                           "kill": t_kill - t0, "screen": last_screen}, f, indent=1,
                          ensure_ascii=False)
            self.stats["lost answers"] += 1
            older = [i for i in range(ack) if canon[i] == got]
            self.fail(ctx, "TUI answer lost" if older else "TUI saved text never typed",
                      "%s: saved %r; typed %d keys, the last %g s before the kill: %r (state "
                      "%d)%s%s" % (ex, short(got), len(states) - 1, self.a.tui_ack,
                                   short(canon[ack]), ack,
                                   "; matches state %d" % older[-1] if older else "",
                                   self.stale_hint(wb)), wb)
        else:
            self.stats["TUI keys typed"] += len(states) - 1
            self.stats["TUI keys acknowledged"] += ack
            self.stats["TUI keys saved"] += ok_idx[0]
        if got is None:
            wb.model.pop(ex, None)
        else:
            wb.model[ex] = got
        return self.verify(ctx, wb, {}, {ex})

    # ---- phase 1

    def phase_iterations(self, n):
        if n <= 0:
            return
        weights = [("answer", 30), ("save", 20), ("sync", 15), ("tui", self.a.tui_percent),
                   ("read", max(0, 35 - self.a.tui_percent))]
        names = [w for w, _ in weights]
        cum = [w for _, w in weights]
        wb = None
        self.log("phase 1: %d kills during answer / save / sync / TUI / concurrent reads" % n)
        t0 = time.monotonic()
        for i in range(1, n + 1):
            if wb is None or wb.iterations >= self.a.epoch:
                self.epoch += 1
                wb = self.new_workbook("wb")
            workload = self.rng.choices(names, cum)[0]
            ctx = {"phase": "iteration", "i": i, "workload": workload}
            self.stats["iterations: " + workload] += 1
            wb.iterations += 1
            fails = len(self.failures)
            good = getattr(self, "w_" + workload)(ctx, wb)
            if good and (i % self.a.markdown_every == 0 or wb.iterations >= self.a.epoch):
                self.save_and_check_markdown(ctx, wb)
            if not good or len(self.failures) > fails:
                wb = None  # carry on with a fresh workbook
            if i % 500 == 0 or i == n:
                self.progress("iteration", i, n, t0)
        self.tmux_stop()

    def progress(self, what, i, n, t0):
        if what == "iteration":
            detail = ", ".join("%s %d" % (k.split(": ")[1], v) for k, v in
                               sorted(self.stats.items()) if k.startswith("iterations: "))
        elif what == "snapshot":
            detail = "killed mid-save %d" % self.stats["snapshot kills mid-save"]
        else:
            detail = "cut mid-way %d" % self.stats["transfers cut mid-way"]
        self.log("  %s %d/%d  %.0f s  (%s)  failures so far %d" % (
            what, i, n, time.monotonic() - t0, detail, len(self.failures)))

    # ---- phase 2: killed snapshots

    def phase_snapshots(self, n):
        if n <= 0:
            return
        self.log("phase 2: %d killed snapshots" % n)
        t0 = time.monotonic()
        wb = None
        for i in range(1, n + 1):
            if wb is None or wb.iterations >= self.a.epoch:
                wb = self.new_workbook("snap", with_remote=False)
            wb.iterations += 1
            ctx = {"phase": "snapshot", "i": i, "workload": "save"}
            fails = len(self.failures)
            before = dict(wb.model)
            touched = self.prefix_answers(ctx, wb, self.rng.randint(1, 3))
            delay = self.rng.uniform(0, self.typ["save"])
            ctx["delay"] = delay
            lane = Lane([Step(["save"], kind="save")], delay)
            run_lanes(self, wb, [lane])
            st = lane.steps[0]
            if st.killed:
                self.stats["snapshot kills mid-save"] += 1
                if self.rng.random() < 0.3:
                    self.revert_one(ctx, wb, before, touched)
            else:
                self.stats["snapshot kills after completion"] += 1
                if st.rc != 0:
                    self.fail(ctx, "save failed", "exit %d: %s" % (st.rc, st.err), wb)
            locks = self.lock_files(os.path.join(wb.dir, ".git"))
            good, text = self.fsck(["-C", wb.dir])
            if not good:
                self.stats["fsck failures"] += 1
                self.fail(ctx, "git fsck after a killed save", text, wb)
            rc, _, err = self.git("-C", wb.dir, "rev-parse", "--verify", "-q", "HEAD^{commit}")
            if rc != 0:
                self.fail(ctx, "HEAD does not resolve after a killed save", err, wb)
            good, text = self.integrity(os.path.join(wb.dir, ".roadbook", "state.db"))
            if not good:
                self.stats["integrity failures"] += 1
                self.fail(ctx, "integrity_check", text, wb)
            self.check_answers(ctx, wb, {})
            rc, out, err = self.rbrun(wb.dir, "save")
            if locks:
                self.locks_harmless(ctx, wb, rc, err)
            elif rc != 0:
                self.stats["save failures"] += 1
                self.fail(ctx, "the save after a killed save", "exit %d: %s%s" % (rc, out, err),
                          wb)
            if rc == 0:
                self.stderr_notes(err)
                self.check_answers(ctx, wb, {}, "database after the next save")
                if i % self.a.markdown_every == 0:
                    self.save_and_check_markdown(ctx, wb)
            if len(self.failures) > fails:
                wb = None
            if i % 500 == 0 or i == n:
                self.progress("snapshot", i, n, t0)

    # ---- phase 3: transfers cut off

    def start_daemon(self, base):
        self.stop_daemon()
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        log = open(os.path.join(self.work, "daemon.log"), "ab")
        self.daemon = subprocess.Popen(
            ["git", "daemon", "--listen=127.0.0.1", "--port=%d" % self.port,
             "--base-path=" + base, "--export-all", "--enable=receive-pack", "--reuseaddr",
             "--informative-errors", base], stdout=log, stderr=log, env=self.env,
            start_new_session=True)
        log.close()
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("crash: git daemon did not start")

    def stop_daemon(self):
        if self.daemon is not None:
            try:
                os.killpg(self.daemon.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.daemon.wait()
            self.daemon = None

    def big_changes(self, ctx, wb):
        """Large answers over several versions: a push of a few megabytes."""
        touched = set()
        for v in range(self.a.transfer_versions):
            for ex in self.rng.sample(self.big_ids, min(len(self.big_ids),
                                                        self.a.transfer_answers)):
                t = gen_random_letters(self.rng, self.rng.randint(12000, 19000))
                rc, _, err = self.rbrun(wb.dir, "answer", ex, stdin=t)
                if rc != 0:
                    self.fail(ctx, "answer refused", err, wb)
                    continue
                self.acked(wb, ex, t)
                touched.add(ex)
            rc, _, err = self.rbrun(wb.dir, "save")
            if rc != 0:
                self.fail(ctx, "save", err, wb)
        return touched

    def phase_transfers(self, n):
        if n <= 0:
            return
        self.log("phase 3: %d transfers cut off" % n)
        t0 = time.monotonic()
        base = os.path.join(self.work, "served")
        wb = None
        typ = {}
        for i in range(1, n + 1):
            if wb is None or wb.iterations >= max(10, self.a.epoch // 10):
                if os.path.exists(base):
                    shutil.rmtree(base)
                os.makedirs(base)
                wb = self.new_workbook("xfer")
                shutil.rmtree(wb.bare)
                wb.bare = os.path.join(base, "r.git")
                self.git("init", "-q", "--bare", "--initial-branch=main", wb.bare)
                self.git("-C", wb.dir, "remote", "set-url", "origin", wb.bare)
                self.start_daemon(base)
                self.rbrun(wb.dir, "sync")
            wb.iterations += 1
            mode = ("path-kill-roadbook", "daemon-kill-roadbook", "daemon-killed")[i % 3]
            ctx = {"phase": "transfer", "i": i, "workload": mode}
            self.stats["transfers: " + mode] += 1
            fails = len(self.failures)
            if self.daemon is None or self.daemon.poll() is not None:
                self.start_daemon(base)
            url = wb.bare if mode.startswith("path") else "git://127.0.0.1:%d/r.git" % self.port
            self.git("-C", wb.dir, "remote", "set-url", "origin", url)
            touched = self.big_changes(ctx, wb)
            _, before, _ = self.git("--git-dir", wb.bare, "rev-parse", "--verify", "-q",
                                    "refs/heads/main")
            before = before.strip()
            kind = "path" if mode.startswith("path") else "daemon"
            if kind not in typ:  # the first transfer of each kind is measured, not cut
                t1 = time.monotonic()
                rc, out, err = self.rbrun(wb.dir, "sync", timeout=300)
                typ[kind] = time.monotonic() - t1
                self.log("  typical %s transfer: %.0f ms (%s)" % (
                    kind, typ[kind] * 1000, (out + err).strip().splitlines()[-1:]))
                if rc != 0:
                    self.fail(ctx, "sync (measuring)", "exit %d: %s" % (rc, err), wb)
                touched = self.big_changes(ctx, wb)
                _, before, _ = self.git("--git-dir", wb.bare, "rev-parse", "--verify", "-q",
                                        "refs/heads/main")
                before = before.strip()
            delay = self.rng.uniform(0, typ[kind])
            ctx["delay"] = delay
            job = Job([self.rb, "-C", wb.dir, "sync"], self.env)
            end = job.t0 + delay
            while not job.exited() and time.monotonic() < end:
                select.select([job.fd], [], [], max(0.0, end - time.monotonic()))
            cut = False
            if mode == "daemon-killed":
                cut = not job.exited()
                self.stop_daemon()
                job.wait(120)
            else:
                cut = job.kill()
            if not job.exited():
                job.kill()
            rc, err = job.rc, job.text("err")
            job.close()
            self.stats["transfers cut mid-way" if cut else "transfers complete before the cut"] += 1
            if mode == "daemon-killed" and cut:
                self.stats["daemon cut: sync exit %s" % rc] += 1
                msg = err.strip().splitlines()[-1:] if err.strip() else ["(nothing)"]
                self.note("sync message when the git daemon died (exit %s)" % rc, msg[0])
                if rc not in (0, 1, 5):
                    self.fail(ctx, "sync exit after the daemon died", "exit %s: %s" % (rc, err), wb)
            if self.daemon is None:
                self.start_daemon(base)
                if not mode.startswith("path"):
                    self.git("-C", wb.dir, "remote", "set-url", "origin",
                             "git://127.0.0.1:%d/r.git" % self.port)
            good = self.verify(ctx, wb, {}, touched, remote_before=before, sync=True)
            if not good or len(self.failures) > fails:
                wb = None
            if i % 25 == 0 or i == n:
                self.progress("transfer", i, n, t0)
        self.stop_daemon()

    # ---- summary

    def summary(self):
        el = time.monotonic() - self.t_start
        s = self.stats
        lines = ["", "==== crash harness summary (seed %d) ====" % self.seed,
                 "binary: %s" % self.rb,
                 "elapsed: %.0f s" % el]
        for k in sorted(s):
            lines.append("  %-45s %d" % (k, s[k]))
        counts = ["integrity failures", "fsck failures", "remote fsck failures",
                  "lost answers", "open failures", "lock files blocking the next save",
                  "sync retry failures",
                  "save failures", "command failures", "remote broken"]
        lines.append("failures by kind: " + ", ".join("%s %d" % (c, s[c]) for c in counts))
        if self.notes:
            lines.append("notes (not failures):")
            for k, v in sorted(self.notes.items()):
                lines.append("  %dx %s, e.g. %s" % (v, k, self.note_examples[k][:300]))
        lines.append("failures: %d" % len(self.failures))
        for f in self.failures[:30]:
            lines.append("  " + f.splitlines()[0][:400])
        lines.append("work folder: %s%s" % (self.work, "" if self.failures else
                                             " (removed)" if not self.a.keep else ""))
        self.log("\n".join(lines))


def highlighted(screen):
    """The number of the exercise the lesson screen highlights (0 when none is shown)."""
    m = re.search(r"^▶\s+Exercise (\d+) of", screen, re.M)
    return int(m.group(1)) if m else 0


def short(v, n=120):
    if v is None:
        return None
    return v if len(v) <= n else v[:n] + "…(%d chars)" % len(v)


def shq(s):
    return "'" + s.replace("'", "'\\''") + "'"


TMPDIR = os.environ.get("TMPDIR", "/tmp")


def main():
    ap = argparse.ArgumentParser(prog="tests/crash/run",
                                 description="kill -9 roadbook at random moments and check "
                                 "that nothing is lost or damaged")
    ap.add_argument("--iterations", type=int, default=10000,
                    help="kills during answers, versions, syncs, the TUI and reads (10000)")
    ap.add_argument("--snapshots", type=int, default=1000,
                    help="killed `roadbook save` runs (1000)")
    ap.add_argument("--transfers", type=int, default=100,
                    help="syncs of large versions cut off mid-way (100)")
    ap.add_argument("--seed", type=int, help="the random seed (default: a new one, printed)")
    ap.add_argument("--tui-percent", type=int, default=10,
                    help="share of phase-1 iterations that drive the TUI (default 10)")
    ap.add_argument("--tui-window", type=float, default=3.0,
                    help="the TUI is killed 0..this many seconds after it starts (default 3)")
    ap.add_argument("--tui-ack", type=float, default=1.5,
                    help="typing this many seconds before the kill must be saved (1.5)")
    ap.add_argument("--epoch", type=int, default=250,
                    help="a fresh workbook every this many iterations (default 250)")
    ap.add_argument("--markdown-every", type=int, default=25,
                    help="save and read the answers files back every N iterations (25)")
    ap.add_argument("--transfer-answers", type=int, default=6,
                    help="answers of 12,000-19,000 characters per version sent (6)")
    ap.add_argument("--transfer-versions", type=int, default=3,
                    help="versions made before each cut transfer (3)")
    ap.add_argument("--lessons", help="curriculum (default: the source tree's lessons/)")
    ap.add_argument("--workdir", help="work folder (default: a new one under $TMPDIR)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("binary", help="the roadbook binary")
    a = ap.parse_args()
    for tool in ("git", "sqlite3", "tmux"):
        if not shutil.which(tool):
            raise SystemExit("crash: %s is needed" % tool)
    h = Harness(a)
    h.log("crash harness: seed %d, %d iterations, %d snapshots, %d transfers, work folder %s" % (
        h.seed, a.iterations, a.snapshots, a.transfers, h.work))
    h.log("repeat with: tests/crash/run --seed %d --iterations %d --snapshots %d --transfers %d "
          "%s" % (h.seed, a.iterations, a.snapshots, a.transfers, a.binary))
    try:
        h.make_template()
        for name, fn, n in (("iterations", h.phase_iterations, a.iterations),
                            ("snapshots", h.phase_snapshots, a.snapshots),
                            ("transfers", h.phase_transfers, a.transfers)):
            t0 = time.monotonic()
            fn(n)
            h.stats["elapsed s: " + name] = round(time.monotonic() - t0)
    except KeyboardInterrupt:
        h.log("interrupted")
        h.failures.append("interrupted")
    finally:
        h.tmux_stop()
        h.stop_daemon()
    h.summary()
    if not h.failures and not a.keep:
        shutil.rmtree(h.work, ignore_errors=True)
    sys.exit(1 if h.failures else 0)


if __name__ == "__main__":
    main()
