/* bench.h - what the benchmark programs share: a monotonic clock and sorting samples for
 * medians and percentiles. */
#ifndef ROADBOOK_BENCH_H
#define ROADBOOK_BENCH_H

#include <stdlib.h>
#include <time.h>

static inline double bench_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Sorts the samples in place (for medians and percentiles). */
static inline void bench_sort(double *v, size_t n)
{
	qsort(v, n, sizeof *v, bench_cmp);
}

#endif
