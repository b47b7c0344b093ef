/* report.h - the facilitator's report commands (cli/report.c), dispatched by
 * cli/cohort.c: argv[0] is the subcommand's name ("report", "publish"). */
#ifndef ROADBOOK_CLI_REPORT_H
#define ROADBOOK_CLI_REPORT_H

#include "cli/cli.h"

/* roadbook cohort report [--format md|csv|html] [-o FILE]. Returns an exit code. */
int rb_cohort_cmd_report(const struct rb_cli *cli, int argc, char **argv);
/* roadbook cohort publish: benchmarks.conf, committed to the cohort repository. */
int rb_cohort_cmd_publish(const struct rb_cli *cli, int argc, char **argv);

#endif
