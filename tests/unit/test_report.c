/* test_report.c - the cohort report and the benchmarks against hand-computed figures for a
 * small cohort (tests/fixtures/report: three dimensions, a technologies multi, a roadmap with
 * match funding, new jobs and roles to upskill): progress, quartiles (n = 0, 1, 2, 4, 5, 6),
 * readiness, technologies, investment, jobs, attendance; the benchmarks' rule of 5 contributors;
 * CSV quoting and formula defusing; markdown and HTML escaping of '|', <script>, and ESC, OSC,
 * CSI and C1 bytes in a participant's company; the attendance and benchmarks files written
 * through libgit2's config API. */
#include "harness.h"

#include "content/answer.h"
#include "content/buf.h"
#include "content/report.h"
#include "content/utf8.h"
#include "store/cohort.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NP 7 /* p1..p6 with answers, p7 never fetched */

static struct rb_curriculum *cur;
static char **answers[NP];

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static void set(size_t p, const char *id, const char *value)
{
	const struct rb_exercise *e = rb_curriculum_exercise(cur, id);
	char *canon = NULL, *err = NULL;
	if (!e || rb_answer_normalize(cur, e, value, &canon, &err) != 0) {
		fprintf(stderr, "bad fixture value for %s: %s\n", id, err ? err : "no exercise");
		free(err);
		harness_failed++;
		return;
	}
	free(answers[p][e->index]);
	answers[p][e->index] = canon;
}

/* The cohort, with the figures worked out by hand in the tests below:
 *
 *        data     people   cyber  tech              grant  roadmap                  jobs skills
 *   p1   1 -> 4   2 -> 3   1      cobots, vision    50     A now 10000, B next 20000  2   10
 *   p2   2 -> 4   2 -> 5   2      vision            0      C now 5000                 0    5
 *   p3   3 -> 5   1 -> 3   3      vision, cloud     -      D later 40000              5    -
 *   p4   2 -> 3   -        4      -                 -      -                          -    -
 *   p5   4 -> 5   -        -      -                 -      -                          -    -
 *   p6   (fetched, nothing answered)
 *   p7   (never fetched: no data)
 *
 * Module assess has 6 required exercises (5 scales and tech; the note is optional), module
 * plan has 4 (grant, roadmap, jobs, skills). */
static void fill(void)
{
	for (size_t p = 0; p < 6; p++)
		answers[p] = calloc(cur->nexercises, sizeof *answers[p]);
	answers[6] = NULL;
	set(0, "data-now", "1"), set(0, "data-target", "4");
	set(0, "people-now", "2"), set(0, "people-target", "3");
	set(0, "cyber-now", "1"), set(0, "tech", "cobots,vision"), set(0, "note", "Fine.");
	set(0, "rm-grant", "50");
	set(0, "rm-plan", "A | now | 10000\nB | next | 20000");
	set(0, "jobs", "2"), set(0, "skills", "10");
	set(1, "data-now", "2"), set(1, "data-target", "4");
	set(1, "people-now", "2"), set(1, "people-target", "5");
	set(1, "cyber-now", "2"), set(1, "tech", "vision"), set(1, "rm-grant", "0");
	set(1, "rm-plan", "C | now | 5000"), set(1, "jobs", "0"), set(1, "skills", "5");
	set(2, "data-now", "3"), set(2, "data-target", "5");
	set(2, "people-now", "1"), set(2, "people-target", "3");
	set(2, "cyber-now", "3"), set(2, "tech", "vision,cloud");
	set(2, "rm-plan", "D | later | 40000"), set(2, "jobs", "5");
	set(3, "data-now", "2"), set(3, "data-target", "3"), set(3, "cyber-now", "4");
	set(4, "data-now", "4"), set(4, "data-target", "5");
}

static const char *const s01[] = {"p1", "P2", "p3", "zed"}; /* zed: not in the roster */
static const char *const s02[] = {"p1", "p1"};              /* twice: counted once */

static struct rb_report_person people[NP];
static const struct rb_report_session sessions[] = {
    {"01", "2027-01-11", "Kick-off", s01, 4},
    {"02", "2027-01-18", "Plan", s02, 2},
    {"03", "2027-01-25", "Visit", NULL, 0},
};

static struct rb_report_in input(void)
{
	static const char *const names[NP][2] = {
	    {"Ann One", "One Ltd"},
	    {"Bo Two", "@home Ltd"},
	    {"Cy Three", "-minus Ltd"},
	    {"Di Four", "Evil <script>alert(1)</script> \x1b[2J\x1b]52;c;aGk=\x07 \xc2\x9b"
			"31m Ltd"},
	    {"=HYPERLINK(\"http://x\",\"y\")", "Five, \"quoted\" Ltd"},
	    {"Pat | Pipe", "+44 Ltd"},
	    {"Quinn Seven", "Seven Ltd"},
	};
	static const char *const ids[NP] = {"p1", "p2", "p3", "p4", "p5", "p6", "p7"};
	for (size_t p = 0; p < NP; p++)
		people[p] = (struct rb_report_person){ids[p], names[p][0], names[p][1], answers[p]};
	return (struct rb_report_in){.cur = cur,
				     .cohort = "North | West <3>",
				     .date = "2026-11-21",
				     .people = people,
				     .npeople = NP,
				     .sessions = sessions,
				     .nsessions = 3};
}

static void check_stats(const struct rb_stats *s, size_t n, double min, double q1, double med,
			double q3, double max)
{
	CHECK(s->n == n);
	CHECK(near(s->min, min) && near(s->q1, q1) && near(s->median, med));
	CHECK(near(s->q3, q3) && near(s->max, max));
	if (s->n != n || !near(s->q1, q1) || !near(s->median, med) || !near(s->q3, q3))
		fprintf(stderr, "  got n=%zu %g %g %g %g %g\n", s->n, s->min, s->q1, s->median,
			s->q3, s->max);
}

static void test_quartiles(void)
{
	struct rb_stats s;
	CHECK(rb_stats_compute(NULL, 0, &s) == 0 && s.n == 0);
	const double one[] = {3};
	rb_stats_compute(one, 1, &s);
	check_stats(&s, 1, 3, 3, 3, 3, 3); /* halves are empty: both quartiles are the value */
	const double two[] = {3, 1};
	rb_stats_compute(two, 2, &s);
	check_stats(&s, 2, 1, 1, 2, 3, 3); /* halves {1} and {3}; median (1+3)/2 */
	const double four[] = {4, 1, 3, 2};
	rb_stats_compute(four, 4, &s);
	check_stats(&s, 4, 1, 1.5, 2.5, 3.5, 4); /* halves {1,2} {3,4} */
	const double five[] = {5, 1, 4, 2, 3};
	rb_stats_compute(five, 5, &s);
	check_stats(&s, 5, 1, 1.5, 3, 4.5, 5); /* median 3 left out: halves {1,2} {4,5} */
	const double six[] = {6, 1, 5, 2, 4, 3};
	rb_stats_compute(six, 6, &s);
	check_stats(&s, 6, 1, 2, 3.5, 5, 6); /* halves {1,2,3} {4,5,6} */
	CHECK(six[0] == 6 && six[5] == 3);   /* the input is not sorted in place */
	char b[32];
	rb_report_number(2.5, b, sizeof b);
	CHECK_STR(b, "2.5");
	rb_report_number(4, b, sizeof b);
	CHECK_STR(b, "4");
	rb_report_number(12000.333, b, sizeof b);
	CHECK_STR(b, "12000.33");
	rb_report_number(1234567, b, sizeof b);
	CHECK_STR(b, "1234567");
	rb_report_number(-0.001, b, sizeof b);
	CHECK_STR(b, "0");
	rb_report_number(0.25, b, sizeof b);
	CHECK_STR(b, "0.25");
}

static void test_figures(void)
{
	struct rb_report_in in = input();
	struct rb_report r;
	CHECK(rb_report_build(&in, &r) == 0);
	CHECK(r.npeople == 7 && r.with_data == 6);
	/* Progress. assess (6 required): p1, p2, p3 complete; p4 (3 of 6), p5 (2) in progress;
	 * p6 not started. plan (4 required): p1, p2 complete; p3 (roadmap and jobs: 2 of 4) in
	 * progress; p4, p5, p6 not started. */
	CHECK(r.modules[0].required == 6 && r.modules[1].required == 4 && r.required == 10);
	CHECK(r.modules[0].complete == 3 && r.modules[0].in_progress == 2 &&
	      r.modules[0].not_started == 1);
	CHECK(r.modules[1].complete == 2 && r.modules[1].in_progress == 1 &&
	      r.modules[1].not_started == 3);
	/* Required answers: 10 + 10 + 8 + 3 + 2 + 0 = 33 (the optional note does not count). */
	CHECK(r.answered == 33);
	CHECK(r.person_answered[0] == 10 && r.person_answered[2] == 8 &&
	      r.person_answered[3] == 3 && r.person_answered[5] == 0 && r.person_answered[6] == 0);
	/* Readiness. data now {1,2,3,2,4} sorted 1 2 2 3 4: median 2, halves {1,2} {3,4}. */
	CHECK(r.ndims == 3 && !strcmp(r.dims[0].dim->id, "data") && r.dims[0].max == 5);
	check_stats(&r.dims[0].current, 5, 1, 1.5, 2, 3.5, 4);
	/* data target {4,4,5,3,5} sorted 3 4 4 5 5: median 4, halves {3,4} {5,5}. */
	check_stats(&r.dims[0].target, 5, 3, 3.5, 4, 5, 5);
	/* people now {2,2,1} sorted 1 2 2: median 2, halves {1} {2}; target 3 3 5. */
	check_stats(&r.dims[1].current, 3, 1, 1, 2, 2, 2);
	check_stats(&r.dims[1].target, 3, 3, 3, 3, 5, 5);
	/* cyber now {1,2,3,4}: median 2.5, halves {1,2} {3,4}; no target scale at all. */
	check_stats(&r.dims[2].current, 4, 1, 1.5, 2.5, 3.5, 4);
	CHECK(r.dims[0].has_current && r.dims[0].has_target);
	CHECK(r.dims[2].has_current && !r.dims[2].has_target && r.dims[2].target.n == 0);
	/* Technologies: p1, p2, p3 answered; vision 3, then cobots 1 and cloud 1 in curriculum
	 * order, then ai 0. */
	CHECK(r.tech && r.tech_answered == 3 && r.ntechs == 4);
	CHECK(!strcmp(r.techs[0].opt->id, "vision") && r.techs[0].count == 3);
	CHECK(!strcmp(r.techs[1].opt->id, "cobots") && r.techs[1].count == 1);
	CHECK(!strcmp(r.techs[2].opt->id, "cloud") && r.techs[2].count == 1);
	CHECK(!strcmp(r.techs[3].opt->id, "ai") && r.techs[3].count == 0);
	/* Investment: roadmaps of p1, p2, p3. Now 10000 + 5000, next 20000, later 40000. Net of
	 * match funding: p1 keeps 50% (5000 now, 10000 next), p2 0% grant (5000), p3 none
	 * (40000): now 10000, next 10000, later 40000. */
	CHECK(r.roadmaps == 3);
	CHECK(near(r.cost[RB_NOW], 15000) && near(r.cost[RB_NEXT], 20000) &&
	      near(r.cost[RB_LATER], 40000));
	CHECK(near(r.net_cost[RB_NOW], 10000) && near(r.net_cost[RB_NEXT], 10000) &&
	      near(r.net_cost[RB_LATER], 40000));
	/* Jobs 2 + 0 + 5 = 7 from 3; roles to upskill 10 + 5 = 15 from 2. */
	CHECK(r.jobs && r.jobs_answered == 3 && near(r.jobs_sum, 7));
	CHECK(r.skill && r.skill_answered == 2 && near(r.skill_sum, 15));
	/* Attendance: session 01 p1, P2 (any case), p3 (zed is not in the roster); 02 p1 once. */
	CHECK(r.session_attended[0] == 3 && r.session_attended[1] == 1 &&
	      r.session_attended[2] == 0);
	CHECK(r.person_sessions[0] == 2 && r.person_sessions[1] == 1 && r.person_sessions[2] == 1 &&
	      r.person_sessions[3] == 0 && r.person_sessions[6] == 0);
	rb_report_free(&r);
}

static bool has(const char *doc, const char *s)
{
	bool ok = doc && strstr(doc, s);
	if (!ok)
		fprintf(stderr, "  missing: %s\n", s);
	return ok;
}

static bool clean_bytes(const char *doc)
{
	for (const unsigned char *p = (const unsigned char *)doc; p && *p; p++)
		if (*p == 0x1b || *p == 0x07 || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return false;
	return doc != NULL;
}

static void test_csv(void)
{
	struct rb_report_in in = input();
	struct rb_report r;
	CHECK(rb_report_build(&in, &r) == 0);
	char *csv = rb_report_write(&in, &r, RB_REPORT_CSV);
	CHECK(csv && !strncmp(csv, "section,item,measure,value\n", 27));
	CHECK(has(csv, "\ncohort,,name,North | West <3>\n"));
	CHECK(has(csv, "\ncohort,,participants,7\n"));
	CHECK(has(csv, "\nprogress,assess,complete,3\n"));
	CHECK(has(csv, "\nprogress,plan,not started,3\n"));
	CHECK(has(csv, "\nprogress,all,answered,33\nprogress,all,total,60\n"));
	CHECK(has(csv, "\nreadiness,data,current lower quartile,1.5\n"));
	CHECK(has(csv, "\nreadiness,data,current median,2\n"));
	CHECK(has(csv, "\nreadiness,data,target upper quartile,5\n"));
	CHECK(has(csv, "\nreadiness,people,current answers,3\n"));
	CHECK(has(csv, "\nreadiness,people,current note,fewer than 5 answers\n"));
	CHECK(!strstr(csv, "readiness,data,current note"));
	CHECK(has(csv, "\nreadiness,cyber,current median,2.5\n"));
	CHECK(!strstr(csv, "readiness,cyber,target"));
	CHECK(has(csv, "\ntechnologies,vision,participants,3\n"));
	CHECK(has(csv, "\ntechnologies,all,note,fewer than 5 answers\n"));
	CHECK(has(csv, "\ninvestment,now,cost,15000\n"));
	CHECK(has(csv, "\ninvestment,later,net of match funding,40000\n"));
	CHECK(has(csv, "\ninvestment,all,roadmaps,3\n"));
	CHECK(has(csv, "\njobs,new jobs,total,7\njobs,new jobs,answered,3\n"));
	CHECK(has(csv, "\njobs,roles upskilled,total,15\n"));
	CHECK(has(csv, "\nsessions,01,attended,3\nsessions,01,roster,7\n"));
	CHECK(has(csv, "\nparticipants,p1,sessions attended,2\n"));
	CHECK(has(csv, "\nparticipants,p7,answered,no data\n"));
	/* Formula injection: text starting with = + - @ is defused with '; quotes doubled and
	 * cells with commas or quotes quoted (RFC 4180). Plain numbers stay plain. */
	CHECK(has(csv, "\nparticipants,p5,name,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n"));
	CHECK(has(csv, "\nparticipants,p5,company,\"Five, \"\"quoted\"\" Ltd\"\n"));
	CHECK(has(csv, "\nparticipants,p6,company,'+44 Ltd\n"));
	CHECK(has(csv, "\nparticipants,p3,company,'-minus Ltd\n"));
	CHECK(has(csv, "\nparticipants,p2,company,'@home Ltd\n"));
	CHECK(!strstr(csv, ",=") && !strstr(csv, ",+") && !strstr(csv, ",@") && !strstr(csv, ",-"));
	/* Control sequences in a company are gone, the text around them kept. */
	CHECK(clean_bytes(csv));
	CHECK(has(csv, "\nparticipants,p4,company,Evil <script>alert(1)</script>"));
	free(csv);
	rb_report_free(&r);
}

static void test_markdown(void)
{
	struct rb_report_in in = input();
	struct rb_report r;
	CHECK(rb_report_build(&in, &r) == 0);
	char *md = rb_report_write(&in, &r, RB_REPORT_MD);
	CHECK(has(md, "# Cohort report: North \\| West \\<3\\>\n"));
	CHECK(has(md, "- Date: 2026-11-21\n"));
	CHECK(has(md, "- Participants: 7 (6 with answers fetched, 1 with no data yet)\n"));
	CHECK(has(md, "Required answers: 33 of 60 (55%), from the 6 participants with data.\n"));
	CHECK(has(md, "| 1. Assess | 3 | 2 | 1 |\n"));
	CHECK(has(md, "| Data | current | 5 | 1 | 1.5 | 2 | 3.5 | 4 |\n"));
	CHECK(has(md, "| People | current | 3 (fewer than 5 answers) | 1 | 1 | 2 | 2 | 2 |\n"));
	CHECK(has(md, "| Cyber security | current | 4 (fewer than 5 answers) | 1 | 1.5 | 2.5 | 3.5 "
		      "| 4 |\n\n"));
	CHECK(!strstr(md, "| Cyber security | target")); /* the curriculum has no such scale */
	CHECK(has(md, "3 participants answered (fewer than 5 answers).\n"));
	CHECK(has(md, "| Machine vision | 3 |\n| Cobots | 1 |\n| Cloud | 1 |\n| AI | 0 |\n"));
	CHECK(has(md, "| Now | £15,000 | £10,000 |\n"));
	CHECK(has(md, "| Total | £75,000 | £60,000 |\n"));
	CHECK(has(md, "| New jobs expected | 7 | 3 (fewer than 5 answers) |\n"));
	CHECK(has(md, "| 01 | 2027-01-11 | Kick-off | 3 of 7 |\n"));
	CHECK(has(md, "| p1 | Ann One | One Ltd | 10 of 10 | 2 of 3 |\n"));
	CHECK(has(md, "| p7 | Quinn Seven | Seven Ltd | no data | 0 of 3 |\n"));
	/* A '|' in a cell is escaped, so the table keeps its columns. */
	CHECK(has(md, "| p6 | Pat \\| Pipe |"));
	/* Raw HTML stays text: every '<' is backslash-escaped. */
	CHECK(has(md, "| Di Four | Evil \\<script\\>alert(1)\\</script\\>"));
	CHECK(!strstr(md, " <script"));
	CHECK(clean_bytes(md));
	free(md);
	rb_report_free(&r);
}

static void test_html(void)
{
	struct rb_report_in in = input();
	struct rb_report r;
	CHECK(rb_report_build(&in, &r) == 0);
	char *html = rb_report_write(&in, &r, RB_REPORT_HTML);
	CHECK(has(html, "<!DOCTYPE html>"));
	CHECK(has(html, "<title>Cohort report: North | West &lt;3&gt;</title>"));
	CHECK(has(html, "Evil &lt;script&gt;alert(1)&lt;/script&gt;"));
	CHECK(!strstr(html, "<script"));
	CHECK(has(html, "&quot;http://x&quot;")); /* text, never a link */
	CHECK(clean_bytes(html));
	/* Three charts, inline; print styles; no scripts, links or external files. */
	size_t svgs = 0;
	for (const char *p = html; p && (p = strstr(p, "<svg")); p++)
		svgs++;
	CHECK(svgs == 3);
	CHECK(has(html, "@media print"));
	CHECK(!strstr(html, "src=") && !strstr(html, "href=") && !strstr(html, "url(") &&
	      !strstr(html, "xmlns") && !strstr(html, "@import"));
	CHECK(has(html, "3 <span class=\"few\">(fewer than 5 answers)</span>"));
	CHECK(has(html, "<td class=\"n\">£15,000</td><td class=\"n\">£10,000</td>"));
	free(html);
	rb_report_free(&r);
}

static void test_benchmarks(void)
{
	struct rb_benchmark *b = NULL;
	size_t n = 0;
	CHECK(rb_benchmarks_compute(cur, (char *const *const *)answers, NP, &b, &n) == 0);
	CHECK(n == 3);
	if (n != 3) {
		free(b);
		return;
	}
	/* data: p1..p5 answered both scales: 5 contributors, medians 2 (now) and 4 (target). */
	CHECK(b[0].has_current && b[0].has_target && b[0].contributors == 5 && b[0].published);
	CHECK(near(b[0].current, 2) && near(b[0].target, 4));
	/* people: 3 contributors: nothing published. */
	CHECK(b[1].contributors == 3 && !b[1].published);
	/* cyber has no target scale: its contributors answered the current one, p1..p4. Four
	 * contributors: no figure. */
	CHECK(b[2].has_current && !b[2].has_target && b[2].contributors == 4 && !b[2].published);
	free(b);
	/* A fifth answer for cyber (p5) publishes its median of {1,2,3,4,5}: 3. */
	set(4, "cyber-now", "5");
	CHECK(rb_benchmarks_compute(cur, (char *const *const *)answers, NP, &b, &n) == 0);
	CHECK(n == 3 && b[2].contributors == 5 && b[2].published && near(b[2].current, 3));
	free(b);
	/* An answer that is only a current score does not count for a dimension with a target
	 * scale: p6 answers data now only, contributors stay 5; the median moves by nothing. */
	set(5, "data-now", "5");
	CHECK(rb_benchmarks_compute(cur, (char *const *const *)answers, NP, &b, &n) == 0);
	CHECK(n == 3 && b[0].contributors == 5 && near(b[0].current, 2));
	free(b);
	free(answers[5][rb_curriculum_exercise(cur, "data-now")->index]);
	answers[5][rb_curriculum_exercise(cur, "data-now")->index] = NULL;
	free(answers[4][rb_curriculum_exercise(cur, "cyber-now")->index]);
	answers[4][rb_curriculum_exercise(cur, "cyber-now")->index] = NULL;
	/* Four participants in all: nothing can be published. */
	CHECK(rb_benchmarks_compute(cur, (char *const *const *)answers, 4, &b, &n) == 0);
	for (size_t d = 0; d < n; d++)
		CHECK(!b[d].published && b[d].contributors <= 4);
	free(b);
}

static char *read_all(const char *path)
{
	size_t len;
	return rb_read_file(path, &len);
}

static void test_files(void)
{
	char dir[] = "/tmp/rb-report-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char *err = NULL;
	CHECK(rb_cohort_set(dir, "cohort", NULL, "name", "C", &err) == 0);
	CHECK(rb_cohort_set(dir, "session", "01", "date", "2027-01-11", &err) == 0);
	CHECK(rb_cohort_set(dir, "participant", "sam", "url", "participants/sam.git", &err) == 0);
	bool changed = false;
	CHECK(rb_cohort_attend(dir, "01", "sam", true, &changed, &err) == 0 && changed);
	CHECK(rb_cohort_attend(dir, "01", "alex", true, &changed, &err) == 0 && changed);
	CHECK(rb_cohort_attend(dir, "01", "sam", true, &changed, &err) == 0 && !changed);
	/* Another spelling of an id already recorded replaces it: one line per participant. */
	CHECK(rb_cohort_attend(dir, "01", "SAM", true, &changed, &err) == 0 && changed);
	struct rb_cohort *c = NULL;
	CHECK(rb_cohort_load(dir, &c, &err) == 0 && c && c->nsessions == 1);
	CHECK(c && c->sessions[0].nattended == 2 && !strcmp(c->sessions[0].attended[0], "alex") &&
	      !strcmp(c->sessions[0].attended[1], "SAM"));
	rb_cohort_free(c);
	CHECK(rb_cohort_attend(dir, "01", "sam", false, &changed, &err) == 0 && changed);
	CHECK(rb_cohort_attend(dir, "01", "sam", false, &changed, &err) == 0 && !changed);
	CHECK(rb_cohort_attend(dir, "01", "a.b", true, &changed, &err) == -1 && err);
	free(err);
	err = NULL;
	c = NULL;
	CHECK(rb_cohort_load(dir, &c, &err) == 0 && c && c->sessions[0].nattended == 1 &&
	      !strcmp(c->sessions[0].attended[0], "alex"));
	rb_cohort_free(c);
	char path[256];
	snprintf(path, sizeof path, "%s/cohort.conf", dir);
	char *conf = read_all(path);
	CHECK(conf && strstr(conf, "\tattended = alex\n") && !strstr(conf, "sam\n\tattended"));
	free(conf);
	/* benchmarks.conf: exactly the documented format. */
	const struct rb_bench_row rows[] = {{"leadership", "2.5", "4", 7}, {"cyber", "3", NULL, 5}};
	CHECK(rb_cohort_write_benchmarks(dir, "2026-11-21", 12, rows, 2, &err) == 0);
	snprintf(path, sizeof path, "%s/" RB_COHORT_BENCHMARKS, dir);
	char *bench = read_all(path);
	CHECK_STR(bench, "[benchmarks]\n"
			 "\tpublished = 2026-11-21\n"
			 "\tparticipants = 12\n"
			 "[dimension \"leadership\"]\n"
			 "\tcurrent = 2.5\n"
			 "\ttarget = 4\n"
			 "\tcontributors = 7\n"
			 "[dimension \"cyber\"]\n"
			 "\tcurrent = 3\n"
			 "\tcontributors = 5\n");
	free(bench);
	/* Written again: replaced as a whole, not merged. */
	CHECK(rb_cohort_write_benchmarks(dir, "2026-11-28", 12, rows, 1, &err) == 0);
	bench = read_all(path);
	CHECK(bench && strstr(bench, "published = 2026-11-28") && !strstr(bench, "cyber"));
	free(bench);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

int main(void)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	struct rb_diags d = {0};
	CHECK(rb_curriculum_load(RB_SOURCE_DIR "/tests/fixtures/report", &cur, &d) == 0);
	CHECK(d.n == 0);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "  %s:%d: %s\n", d.v[i].file, d.v[i].line, d.v[i].message);
	rb_diags_free(&d);
	if (!cur || !cur->nexercises)
		return HARNESS_EXIT();
	fill();
	RUN(test_quartiles);
	RUN(test_figures);
	RUN(test_csv);
	RUN(test_markdown);
	RUN(test_html);
	RUN(test_benchmarks);
	RUN(test_files);
	for (size_t p = 0; p < NP; p++) {
		for (size_t i = 0; answers[p] && i < cur->nexercises; i++)
			free(answers[p][i]);
		free(answers[p]);
	}
	rb_curriculum_free(cur);
	return HARNESS_EXIT();
}
