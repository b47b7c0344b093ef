#!/usr/bin/env python3
"""creation.py - interrupting the steps that create a workbook (docs/RELIABILITY.md).

    creation.py [--rounds N] [--seed S] [--keep] ROADBOOK_BINARY

For each step that makes state, ROUNDS runs are stopped at a random moment, drawn uniformly
from 0 to 1.3 times the step's typical duration (measured first):

  join      `roadbook join` of a complete workbook (the example company, 99 answers) from a
            bare repository, stopped by kill -9 or by SIGINT (Ctrl-C), in turn
  rebuild   a workbook whose database is missing or damaged, opened by `roadbook status`
            (which rebuilds it from the repository), killed
  init      `roadbook init`, killed
  add       the facilitator's `roadbook cohort add`, killed

The invariant after every interruption: the workbook is complete (every answer, the name and
the company; `git fsck` clean) or says what to do, and doing it works: a folder left empty
or absent takes the same step again, successfully; a Ctrl-C leaves nothing at all. Every
tenth round the workbook is synced and the remote must still hold every answer, so no
version with lost answers reaches a remote. With root, a full-disk pass (a small tmpfs)
repeats each step where it cannot fit: it must fail with a message about the disk and leave
nothing it made.

Prints one summary line per step; exit 1 on any failure (the round, the delay and what was
found are printed, and the folder is kept).
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ANSWERS = 99  # the example company answers every exercise


class Failure(Exception):
    pass


class Harness:
    def __init__(self, rb, work, seed):
        self.rb = rb
        self.work = work
        self.rng = random.Random(seed)
        self.env = dict(os.environ, NO_COLOR="1", HOME=os.path.join(work, "home"),
                        GIT_CONFIG_NOSYSTEM="1", LANG="C.UTF-8")
        self.env.pop("ROADBOOK_LESSONS", None)
        os.makedirs(self.env["HOME"], exist_ok=True)
        self.outcomes = {}
        self.failures = 0

    # ------------------------------------------------------------ running roadbook
    def run(self, *args, cwd=None, timeout=120, check=False):
        p = subprocess.run([self.rb, *args], env=self.env, cwd=cwd or self.work,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=timeout)
        if check and p.returncode != 0:
            raise Failure(f"roadbook {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()}")
        return p

    def interrupted(self, args, delay, sig):
        """Runs roadbook ARGS, sends sig after delay seconds (unless it has ended), and
        returns (exit code, stderr, whether the signal was sent)."""
        p = subprocess.Popen([self.rb, *args], env=self.env, cwd=self.work,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
        sent = False
        try:
            p.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            p.send_signal(sig)
            sent = True
        _, err = p.communicate(timeout=120)
        return p.returncode, err, sent

    def typical(self, make, args_of, n=3):
        """The median duration of a step, made ready by make(i) and run as args_of(i)."""
        times = []
        for i in range(n):
            make(i)
            t0 = time.monotonic()
            self.run(*args_of(i), check=True)
            times.append(time.monotonic() - t0)
        times.sort()
        return times[len(times) // 2]

    def git(self, *args):
        return subprocess.run(["git", "-c", "safe.directory=*", *args], capture_output=True,
                              text=True, env=self.env)

    # ------------------------------------------------------------ the invariant
    def complete(self, wb, what):
        """wb is a complete workbook: status says every answer, the name and the company, and
        git fsck is clean."""
        p = self.run("-C", wb, "status", "--json")
        if p.returncode != 0:
            raise Failure(f"{what}: the workbook left does not open (exit {p.returncode}): "
                          f"{p.stderr.strip()}")
        s = json.loads(p.stdout)
        if s.get("answered") != ANSWERS or not s.get("participant") or not s.get("company"):
            raise Failure(f"{what}: the workbook left is not complete: "
                          f"{s.get('answered')} answers, name {s.get('participant')!r}, "
                          f"company {s.get('company')!r}")
        f = self.git("-C", wb, "fsck", "--strict", "--no-dangling")
        if f.returncode != 0:
            raise Failure(f"{what}: git fsck: {f.stdout}{f.stderr}")

    def empty_or_absent(self, d):
        return not os.path.exists(d) or (os.path.isdir(d) and not os.listdir(d))

    def leftovers(self, d):
        parent, base = os.path.split(d)
        return [n for n in os.listdir(parent) if n.startswith(f".{base}.joining-")]

    def count(self, step, outcome):
        self.outcomes.setdefault(step, {}).setdefault(outcome, 0)
        self.outcomes[step][outcome] += 1

    # ------------------------------------------------------------ the steps
    def setup(self):
        self.demo = os.path.join(self.work, "demo")
        self.run("demo", self.demo, check=True)
        self.remote = os.path.join(self.work, "demo.git")
        r = self.git("clone", "-q", "--bare", self.demo, self.remote)
        if r.returncode != 0:
            raise Failure(f"git clone --bare: {r.stderr}")

    def remote_complete(self, what):
        """The remote still holds every answer: a fresh join of it is complete."""
        d = os.path.join(self.work, "remote-check")
        shutil.rmtree(d, ignore_errors=True)
        self.run("join", self.remote, d, check=True)
        self.complete(d, f"{what}: the remote after a sync")
        shutil.rmtree(d)

    def step_join(self, rounds):
        base = os.path.join(self.work, "join")
        os.makedirs(base)
        dirs = lambda i: os.path.join(base, f"t{i}")  # noqa: E731
        t = self.typical(lambda i: None, lambda i: ["join", self.remote, dirs(f"m{i}")])
        for i in range(rounds):
            d = dirs(i)
            if self.rng.random() < 0.3:
                os.makedirs(d)  # an empty folder given to join
            sig = signal.SIGINT if i % 2 else signal.SIGKILL
            delay = self.rng.uniform(0, 1.3 * t)
            what = f"join round {i} ({sig.name} after {delay * 1000:.0f} ms)"
            rc, err, sent = self.interrupted(["join", self.remote, d], delay, sig)
            if not sent or rc == 0:
                self.complete(d, what)
                self.count("join", "finished before the signal")
            elif self.empty_or_absent(d):
                if sig == signal.SIGINT and self.leftovers(d):
                    raise Failure(f"{what}: Ctrl-C left {self.leftovers(d)}")
                # exit 1 with its message; or, when the signal came before roadbook had
                # started the join, the signal's default (nothing was made yet)
                if sig == signal.SIGINT and rc not in (1, -signal.SIGINT):
                    raise Failure(f"{what}: Ctrl-C: exit {rc}, not 1 ({err.strip()})")
                self.count("join", f"stopped by {sig.name}: nothing kept")
                # what to do: join again; it works and tidies what was left
                p = self.run("join", self.remote, d)
                if p.returncode != 0:
                    raise Failure(f"{what}: joining again failed: {p.stderr.strip()}")
                if self.leftovers(d):
                    raise Failure(f"{what}: joining again left {self.leftovers(d)}")
                self.complete(d, f"{what}, joined again")
            else:
                self.complete(d, what)
                self.count("join", f"stopped by {sig.name}: complete")
            if i % 10 == 0:
                p = self.run("-C", d, "sync")
                if p.returncode != 0:
                    raise Failure(f"{what}: sync after: exit {p.returncode}: {p.stderr}")
                self.remote_complete(what)
            shutil.rmtree(d)

    def step_rebuild(self, rounds):
        wb = os.path.join(self.work, "rebuild")
        self.run("join", self.remote, wb, check=True)
        db = os.path.join(wb, ".roadbook", "state.db")

        def lose(i):
            for ext in ("", "-wal", "-shm"):
                if os.path.exists(db + ext):
                    os.unlink(db + ext)
            if i % 2:  # damaged rather than missing
                with open(db, "wb") as f:
                    f.write(b"this is not a database" * 100)

        t = self.typical(lose, lambda i: ["-C", wb, "status"])
        for i in range(rounds):
            lose(i)
            kind = "damaged" if i % 2 else "missing"
            delay = self.rng.uniform(0, 1.3 * t)
            what = f"rebuild round {i} ({kind}, kill -9 after {delay * 1000:.0f} ms)"
            rc, err, sent = self.interrupted(["-C", wb, "status"], delay, signal.SIGKILL)
            half = [n for n in os.listdir(os.path.dirname(db)) if n.startswith("state.db.new-")]
            if os.path.exists(db) and kind == "missing" or (sent and os.path.exists(db) and
                                                            os.path.getsize(db) > 2200):
                self.count("rebuild", "database in place")
            else:
                self.count("rebuild", "no database yet" if sent else "finished")
            # what to do: open it again; it must be complete, with no half-made database left
            self.complete(wb, what)
            if sent and half:
                self.count("rebuild", "half-made database left aside, removed next time")
            left = [n for n in os.listdir(os.path.dirname(db)) if n.startswith("state.db.new-")]
            if left:
                raise Failure(f"{what}: after opening again, {left} is still there")
        # the damaged files are kept aside: tidy them between runs of this harness only
        for n in os.listdir(os.path.dirname(db)):
            if n.startswith("state.db.damaged-"):
                os.unlink(os.path.join(os.path.dirname(db), n))

    def step_init(self, rounds):
        base = os.path.join(self.work, "init")
        os.makedirs(base)
        args = lambda d: ["init", d, "--name", "Sam Taylor", "--company",  # noqa: E731
                          "Taylor Foods Ltd", "--sector", "food", "--employees", "60"]
        t = self.typical(lambda i: None, lambda i: args(os.path.join(base, f"m{i}")))
        for i in range(rounds):
            d = os.path.join(base, f"t{i}")
            delay = self.rng.uniform(0, 1.3 * t)
            what = f"init round {i} (kill -9 after {delay * 1000:.0f} ms)"
            rc, err, sent = self.interrupted(args(d), delay, signal.SIGKILL)
            p = self.run("-C", d, "status", "--json")
            if p.returncode == 0:
                s = json.loads(p.stdout)
                if s.get("participant") != "Sam Taylor" or s.get("company") != "Taylor Foods Ltd":
                    raise Failure(f"{what}: a workbook without its profile: {s.get('participant')!r}, "
                                  f"{s.get('company')!r}")
                self.count("init", "complete" if sent else "finished")
            elif p.returncode == 3:
                if "roadbook init" not in p.stderr:
                    raise Failure(f"{what}: status does not say what to do: {p.stderr.strip()}")
                q = self.run(*args(d))
                if q.returncode != 0:
                    raise Failure(f"{what}: init again failed: {q.stderr.strip()}")
                self.count("init", "nothing yet: init again worked")
            else:
                raise Failure(f"{what}: status exit {p.returncode}: {p.stderr.strip()}")
            log = self.git("-C", d, "log", "--format=%s")
            if log.returncode == 0 and self.git("-C", d, "fsck", "--strict").returncode != 0:
                raise Failure(f"{what}: git fsck failed")
            shutil.rmtree(d)

    def step_add(self, rounds):
        cohort = os.path.join(self.work, "cohort")
        self.run("cohort", "init", cohort, "--name", "Harness cohort", check=True)

        def args(pid):
            return ["-C", cohort, "cohort", "add", pid, "--name", f"Person {pid}", "--company",
                    f"Company {pid} Ltd"]

        t = self.typical(lambda i: None, lambda i: args(f"m{i}"))
        for i in range(rounds):
            pid = f"p{i}"
            delay = self.rng.uniform(0, 1.3 * t)
            what = f"cohort add round {i} (kill -9 after {delay * 1000:.0f} ms)"
            rc, err, sent = self.interrupted(args(pid), delay, signal.SIGKILL)
            ids = self.run("-C", cohort, "cohort", "status", "--ids").stdout.split()
            if pid in ids:
                self.count("add", "added" if not sent else "in the roster after the kill")
            else:
                self.count("add", "not in the roster")
            # what to do: add again (when not there), then the participant can join
            if pid not in ids:
                q = self.run(*args(pid))
                if q.returncode != 0:
                    raise Failure(f"{what}: adding again failed: {q.stderr.strip()}")
            wb = os.path.join(self.work, f"joined-{pid}")
            url = os.path.join(cohort, "participants", f"{pid}.git")
            j = self.run("join", url, wb)
            if j.returncode != 0:
                raise Failure(f"{what}: the participant cannot join: {j.stderr.strip()}")
            s = json.loads(self.run("-C", wb, "status", "--json", check=True).stdout)
            if s.get("participant") != f"Person {pid}" or s.get("company") != f"Company {pid} Ltd":
                raise Failure(f"{what}: joined a workbook without its profile")
            shutil.rmtree(wb)

    def full_disk(self):
        """Each step where it cannot fit: a message that says the disk is full, and nothing
        half-made: the folder is empty, or a workbook that opens (its answers all there)."""
        mnt = os.path.join(self.work, "full")
        os.makedirs(mnt)

        def mount(size):
            return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", mnt],
                                  capture_output=True).returncode == 0

        def says_full(p, what):
            if not any(w in p.stderr for w in ("full", "room", "space")):
                raise Failure(f"full disk, {what}: the message does not say the disk is "
                              f"full: {p.stderr.strip()}")

        if not mount("16k"):
            self.count("full disk", "skipped: cannot mount a tmpfs")
            return
        subprocess.run(["umount", mnt])
        init = ["--name", "Sam Taylor", "--company", "Taylor Foods Ltd"]
        for size in ("16k", "64k", "100k", "160k", "400k", "1m"):
            mount(size)
            try:
                # join
                d = os.path.join(mnt, "j")
                p = self.run("join", self.remote, d)
                if p.returncode == 0:
                    self.complete(d, f"full disk ({size}), join")
                    self.count("full disk", "join: fitted")
                else:
                    says_full(p, f"join ({size})")
                    if not self.empty_or_absent(d) or self.leftovers(d):
                        raise Failure(f"full disk ({size}), join: left {os.listdir(mnt)}")
                    self.count("full disk", "join: refused, disk named, nothing left")
                shutil.rmtree(d, ignore_errors=True)
                # init
                d = os.path.join(mnt, "i")
                p = self.run("init", d, *init)
                s = self.run("-C", d, "status", "--json")
                if s.returncode == 0:
                    j = json.loads(s.stdout)
                    if j.get("participant") != "Sam Taylor" or not j.get("company"):
                        raise Failure(f"full disk ({size}), init: a workbook without its profile")
                    if p.returncode != 0 or p.stderr:
                        says_full(p, f"init ({size})")
                    self.count("full disk", "init: workbook made" + (
                        ", its first version waits for room" if p.stderr else ""))
                else:
                    says_full(p, f"init ({size})")
                    if s.returncode != 3 or "roadbook init" not in s.stderr:
                        raise Failure(f"full disk ({size}), init: the folder left says "
                                      f"{s.stderr.strip()}")
                    self.count("full disk", "init: refused, disk named, no workbook")
                shutil.rmtree(d, ignore_errors=True)
            finally:
                subprocess.run(["umount", mnt])
        # cohort add on a full disk: refused, nobody in the roster, no repository left
        mount("8m")
        try:
            c = os.path.join(mnt, "c")
            self.run("cohort", "init", c, "--name", "Full cohort", check=True)
            filler = os.path.join(mnt, "filler")
            subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=4k"], capture_output=True)
            args = ["-C", c, "cohort", "add", "fd", "--name", "Fay Dee", "--company", "Dee Ltd"]
            p = self.run(*args)
            if p.returncode == 0:
                raise Failure("full disk, cohort add: worked on a full disk?")
            says_full(p, "cohort add")
            ids = self.run("-C", c, "cohort", "status", "--ids").stdout.split()
            left = [n for n in os.listdir(os.path.join(c, "participants"))] \
                if os.path.isdir(os.path.join(c, "participants")) else []
            if "fd" in ids or left:
                raise Failure(f"full disk, cohort add: left the roster {ids}, files {left}")
            os.unlink(filler)
            self.run(*args, check=True)
            wb = os.path.join(self.work, "joined-fd")
            self.run("join", os.path.join(c, "participants", "fd.git"), wb, check=True)
            shutil.rmtree(wb)
            self.count("full disk", "cohort add: refused, disk named, nothing left; "
                       "added once there was room")
        finally:
            subprocess.run(["umount", mnt])
        # the rebuild: a workbook whose disk is full when its database must be made again
        mount("2m")
        try:
            d = os.path.join(mnt, "r")
            self.run("join", self.remote, d, check=True)
            db = os.path.join(d, ".roadbook", "state.db")
            os.unlink(db)
            filler = os.path.join(mnt, "filler")
            subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=4k"],
                           capture_output=True)
            p = self.run("-C", d, "status")
            if p.returncode == 0:
                raise Failure("full disk, rebuild: status worked on a full disk?")
            says_full(p, "rebuild")
            half = [n for n in os.listdir(os.path.dirname(db)) if n.startswith("state.db")]
            if half:
                raise Failure(f"full disk, rebuild: left {half}")
            os.unlink(filler)
            self.complete(d, "full disk, rebuild once there is room")
            self.count("full disk", "rebuild: refused, disk named, nothing left; "
                       "rebuilt once there was room")
        finally:
            subprocess.run(["umount", mnt])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("roadbook")
    ap.add_argument("--rounds", type=int, default=40, help="interruptions per step (40)")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--steps", default="join,rebuild,init,add,full",
                    help="which steps, comma-separated (all)")
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    work = tempfile.mkdtemp(prefix="rb-creation.")
    print(f"creation harness: seed {seed}, {a.rounds} rounds per step, in {work}")
    h = Harness(os.path.abspath(a.roadbook), work, seed)
    failed = False
    try:
        h.setup()
        for step in a.steps.split(","):
            t0 = time.monotonic()
            try:
                if step == "full":
                    if os.geteuid() == 0:
                        h.full_disk()
                    else:
                        h.count("full disk", "skipped: not root")
                else:
                    getattr(h, f"step_{step}")(a.rounds)
            except Failure as e:
                print(f"FAIL: {e}")
                failed = True
            print(f"  {step}: {time.monotonic() - t0:.1f} s")
    finally:
        print("==== creation harness summary")
        for step, oc in h.outcomes.items():
            print(f"{step}: " + "; ".join(f"{k} {v}" for k, v in sorted(oc.items())))
        if failed or a.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("creation harness: " + ("FAILED" if failed else "every interruption left a complete "
                                  "workbook or one that said what to do"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
