/* strategy.h - assembling the strategy document from the curriculum's sections and the answers.
 *
 * The document is built as a cmark syntax tree and rendered by cmark, so that text from answers
 * is escaped by the library that defines the syntax: a '#', '---' or '<script>' typed into an
 * answer stays text. The same answers always give byte-identical output. */
#ifndef ROADBOOK_STRATEGY_H
#define ROADBOOK_STRATEGY_H

#include "content/lesson.h"

#include <stdbool.h>

struct rb_strategy_info {
	const char *name;    /* participant */
	const char *company; /* may be NULL */
	const char *date;    /* shown under the title; may be NULL */
};

enum rb_strategy_flags {
	RB_STRATEGY_OMIT_UNANSWERED = 1, /* leave out exercises that have no answer yet */
};

/* Assembles the document as CommonMark. answers[i] is the canonical answer of curriculum
 * exercise i, or NULL. Returns a malloc'd string (caller frees) or NULL when out of memory. */
char *rb_strategy_markdown(const struct rb_curriculum *c, char *const *answers,
			   const struct rb_strategy_info *info, unsigned flags);

/* The same, and for every level-3 heading in document order, the curriculum index of the
 * exercise it shows (the readiness profile maps to the first current-readiness scale). *map is
 * malloc'd (caller frees), *nmap its length. */
char *rb_strategy_markdown_map(const struct rb_curriculum *c, char *const *answers,
			       const struct rb_strategy_info *info, unsigned flags, long **map,
			       size_t *nmap);

/* What rb_strategy_markdown_cached keeps between calls: each exercise's part of the document,
 * rendered, with the answer it shows. Made for one curriculum (another one empties it). */
struct rb_strategy_cache;
struct rb_strategy_cache *rb_strategy_cache_new(void);
void rb_strategy_cache_free(struct rb_strategy_cache *sc);

/* rb_strategy_markdown, byte for byte, re-rendering only the parts whose answer changed since
 * the last call with the same cache (the roadmap, made from every answer, always). sc may be
 * NULL. */
char *rb_strategy_markdown_cached(const struct rb_curriculum *c, char *const *answers,
				  const struct rb_strategy_info *info, unsigned flags,
				  struct rb_strategy_cache *sc);

/* The same document as an HTML page (cmark's HTML renderer; raw HTML never passes). Returns a
 * malloc'd string or NULL. */
char *rb_strategy_html(const struct rb_curriculum *c, char *const *answers,
		       const struct rb_strategy_info *info, unsigned flags);

#endif
