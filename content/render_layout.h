/* render_layout.h - internal to the renderer (render.c and render_layout.c); not a public API.
 *
 * A layout appends lines to a struct rb_lines. Container blocks (quotes, list items, code
 * indentation) are "boxes" on a stack: each adds a prefix to every line inside it, the first
 * line of a list item getting the item's marker. Inline text is gathered into a paragraph
 * buffer (sanitised on the way in) with its style runs, then word-wrapped into lines. */
#ifndef ROADBOOK_RENDER_LAYOUT_H
#define ROADBOOK_RENDER_LAYOUT_H

#include "content/render.h"
#include "content/sanitize.h"

struct rb_sbuf {
	char *p;
	size_t len, cap;
};

/* Makes room for extra more bytes. 0 or -1 (out of memory). */
int rb_sbuf_reserve(struct rb_sbuf *b, size_t extra);

/* Style of para text from start to the next run's start. */
struct rb_run {
	size_t start;
	uint16_t style;
};

/* Text of one paragraph or heading before wrapping. '\n' in text is a hard line break. */
struct rb_para {
	struct rb_sbuf text;
	struct rb_run *runs;
	size_t nruns, cap;
	struct rb_san_state san;
};

enum rb_box_kind { RB_BOX_QUOTE, RB_BOX_ITEM, RB_BOX_INDENT };

struct rb_box {
	char first[16]; /* the item's marker (RB_BOX_ITEM) */
	unsigned first_len, cols;
	enum rb_box_kind kind;
	bool used;   /* the marker has been printed */
	bool active; /* within the indentation budget; boxes past it add nothing */
};

struct rb_layout {
	struct rb_lines *out;
	unsigned width, max_indent;
	struct rb_box *boxes;
	size_t nboxes, capboxes, nactive;
	unsigned prefix_cols; /* sum of the active boxes' cols */
	size_t pending;       /* items past the budget whose marker is unshown */
	/* the line being built */
	struct rb_sbuf line;
	struct rb_span *spans;
	size_t nspans, capspans;
	unsigned cols;
	bool open, content;
	struct rb_para para;
	struct rb_sbuf scratch, scratch2; /* reused by code blocks */
	bool emitted, last_blank;
};

void rb_layout_init(struct rb_layout *L, struct rb_lines *out, int width);
void rb_layout_done(struct rb_layout *L);

/* Pushes a box; marker (item kind only) is its first-line marker, cols its width. */
int rb_layout_push(struct rb_layout *L, enum rb_box_kind kind, const char *marker, unsigned cols);
/* Pops the innermost box. An item whose marker was never printed (an empty item) prints it
 * on a line of its own first. 0 or -1 (out of memory). */
int rb_layout_pop(struct rb_layout *L);

/* Appends text to the paragraph: sanitised with flags, or as is when already safe. */
int rb_para_add(struct rb_para *P, const char *s, size_t len, uint16_t style, unsigned flags);
int rb_para_add_safe(struct rb_para *P, const char *s, size_t len, uint16_t style);

/* Wraps and emits the paragraph as lines of kind (level for headings), then empties it.
 * *max_cols (may be NULL) receives the widest line's text width without prefixes. */
int rb_layout_flush(struct rb_layout *L, enum rb_line_kind kind, int level, unsigned *max_cols);

/* A blank separator line (quote gutters only). */
int rb_layout_blank(struct rb_layout *L);
/* One line holding count copies of the character ch (a rule or an underline); count 0 means
 * the whole width available. */
int rb_layout_repeat(struct rb_layout *L, const char *ch, unsigned count, enum rb_line_kind kind,
		     int level);
/* A code block's literal: tabs expanded, each line hard-wrapped. */
int rb_layout_code(struct rb_layout *L, const char *s, size_t len);
/* The placeholder line of a roadbook block. */
int rb_layout_block(struct rb_layout *L, int index);

#endif
