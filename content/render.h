/* render.h - markdown (cmark's syntax tree) to wrapped, styled lines of a given width.
 *
 * The renderer measures and wraps; it never draws. tui/ places the lines on the screen and
 * `roadbook render` prints them with rb_lines_write(). Every text in a line has passed
 * rb_sanitize(): a line holds no control byte, no escape sequence and no '\n', and its display
 * width (cols) is at most the width asked for. docs/rendering.md describes the layout. */
#ifndef ROADBOOK_RENDER_H
#define ROADBOOK_RENDER_H

#include <cmark.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Widths below this are treated as this. */
#define RB_RENDER_MIN_WIDTH 10

/* Style bits of a span; a span may carry several. */
enum rb_style_bits {
	RB_S_BOLD = 1,
	RB_S_ITALIC = 2,
	RB_S_CODE = 4, /* code span or code block */
	RB_S_LINK = 8, /* link text or a URL */
	RB_S_HEADING = 16,
	RB_S_QUOTE = 32,  /* text inside a block quote */
	RB_S_MARKER = 64, /* list bullets and numbers, quote gutters, rules, underlines, [n] */
	RB_S_DIM = 128,   /* secondary: link numbers, image labels */
	RB_S_DEL = 256,   /* words removed (history: the older version's) */
	RB_S_INS = 512,   /* words added (the newer version's) */
};

enum rb_line_kind {
	RB_LINE_TEXT,    /* paragraph, list item, reference */
	RB_LINE_BLANK,   /* separator; text may still hold quote gutters ("│") */
	RB_LINE_HEADING, /* heading text (level 1-6) or the underline of a level 1-2 heading */
	RB_LINE_CODE,    /* one (wrapped) line of a code block */
	RB_LINE_RULE,    /* thematic break */
	RB_LINE_BLOCK,   /* place of a ```roadbook block: empty text, cols 0, see block_index */
};

/* A styled byte range of a line's text. Bytes outside every span have no style. */
struct rb_span {
	uint32_t start, len;
	uint16_t style;
};

struct rb_line {
	char *text;            /* NUL-terminated, sanitised UTF-8, owned by the line */
	size_t len;            /* bytes of text */
	unsigned cols;         /* display width of text, <= the width rendered for */
	struct rb_span *spans; /* sorted, non-overlapping; owned by the line; NULL when none */
	size_t nspans;
	enum rb_line_kind kind;
	int level;       /* heading level (1-6) for RB_LINE_HEADING, else 0 */
	int block_index; /* for RB_LINE_BLOCK: 0-based count of roadbook blocks before it in
			  * document order; -1 on every other line */
};

/* A growable array of lines. Start from a zeroed struct; the functions below append to it.
 * Release the contents with rb_lines_free(). */
struct rb_lines {
	struct rb_line *v;
	size_t n, cap;
};

/* Parses md[0..len) with CMARK_OPT_DEFAULT and appends its lines at the given width (below
 * RB_RENDER_MIN_WIDTH counts as that). A document with links ends with a "References" list of
 * their numbered URLs. Returns 0, or -1 when out of memory (out then holds what was appended
 * so far; free it as usual). */
int rb_render_markdown(const char *md, size_t len, int width, struct rb_lines *out);

/* The same for a document the caller has parsed (and still owns). */
int rb_render_document(cmark_node *doc, int width, struct rb_lines *out);

/* Appends plain, unsanitised text (an exercise prompt, an answer, a comment) word-wrapped at
 * width, every line indented by indent spaces (indent is reduced on narrow widths) and styled
 * with style. Each '\n' starts a new line; empty lines become RB_LINE_BLANK. Returns 0 or -1
 * (out of memory). */
int rb_wrap_plain(struct rb_lines *out, const char *text, size_t len, int width, int indent,
		  uint16_t style);

/* A run of plain (unsanitised) text with its style, for rb_wrap_styled. */
struct rb_styled {
	const char *text;
	size_t len;
	uint16_t style;
};

/* Appends runs as one paragraph word-wrapped at width, indented by indent; '\n' in a run starts
 * a new line. Returns 0 or -1 (out of memory). */
int rb_wrap_styled(struct rb_lines *out, const struct rb_styled *runs, size_t n, int width,
		   int indent);

/* Prints the lines to f, one per output line, skipping RB_LINE_BLOCK lines. With ansi, styles
 * become SGR sequences (reset at the end of each span); without, plain text. Nothing else is
 * ever written. Returns 0, or -1 on a write error. */
int rb_lines_write(FILE *f, const struct rb_lines *l, bool ansi);

/* Frees every line and the array, and zeroes *l (which may then be reused). */
void rb_lines_free(struct rb_lines *l);

#endif
