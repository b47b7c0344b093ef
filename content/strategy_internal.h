/* strategy_internal.h - what content/strategy.c (the document as a cmark tree) and
 * content/strategy_html.c (the HTML page) share. */
#ifndef ROADBOOK_STRATEGY_INTERNAL_H
#define ROADBOOK_STRATEGY_INTERNAL_H

#include "content/roadmap.h"
#include "content/strategy.h"

#include <cmark.h>
#include <stdbool.h>

/* The document as a cmark tree (caller frees); html: without the markdown title lines and
 * with the readiness chart as raw SVG. NULL when out of memory. */
cmark_node *rb_strategy_tree(const struct rb_curriculum *c, char *const *answers,
			     const struct rb_strategy_info *info, unsigned flags, bool html);

/* The readiness chart as inline SVG: one row per dimension, the current level filled, the
 * target outlined. malloc'd, or NULL. */
char *rb_strategy_svg_chart(const struct rb_readiness *rows, size_t n);

#endif
