/* textedit.h - the model behind roadbook's multi-line answer editor: a growable UTF-8 buffer
 * with a cursor, undo/redo, and a cached word-wrap layout. No curses here: the widget that
 * draws the layout and maps keys to these operations lives elsewhere, so that all of this can
 * be unit-tested without a terminal.
 *
 * Text model
 * - The buffer always holds valid UTF-8 without NUL bytes and without control characters
 *   other than '\n'. Everything entering it goes through the same normalisation (see
 *   rb_textedit_insert).
 * - A "character" for movement and deletion is a cluster: one code point followed by any
 *   zero-width code points (combining marks, variation selectors, ZWJ), except that '\n' is
 *   always a cluster of its own and a zero-width code point right after '\n' starts a new
 *   cluster. This approximates Unicode grapheme clusters well enough for terminal editing.
 * - The cursor is a byte offset, always on a cluster boundary (0 <= cursor <= length).
 * - Display widths come from content/utf8.h (rb_cp_width). Words (for word movement and
 *   deletion) are runs of clusters whose first code point satisfies iswalnum(): call
 *   setlocale(LC_ALL, "") and rb_utf8_locale_init() first, or non-ASCII letters are not
 *   recognised as letters.
 *
 * Errors: functions returning int give a negative value when memory ran out; the editor is
 * then unchanged (or, for the layout cache only, invalidated) and still usable. */
#ifndef ROADBOOK_TEXTEDIT_H
#define ROADBOOK_TEXTEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Undo history bounds: the oldest steps are dropped beyond either limit (the newest step is
 * always kept, however large). */
#define RB_TE_UNDO_MAX_STEPS 1000
#define RB_TE_UNDO_MAX_BYTES (8u * 1024u * 1024u)

/* Columns between tab stops: a tab becomes spaces up to the next multiple of this, counted
 * from the start of the logical line. */
#define RB_TE_TAB_STOP 4

/* Flags returned by rb_textedit_insert, rb_textedit_type and rb_textedit_set_text. */
#define RB_TE_INS_REPLACED  0x1 /* invalid UTF-8 was replaced by U+FFFD */
#define RB_TE_INS_DROPPED   0x2 /* control characters (ESC, BEL, DEL, C1, ...) were dropped */
#define RB_TE_INS_TRUNCATED 0x4 /* the maximum length cut the text short */

/* One visual row of the layout. The bytes text[start, start + len) are what the row shows;
 * they never include the '\n' that ends a logical line, nor the spaces that "hang" past the
 * right edge when a line is wrapped at a run of spaces. */
struct rb_te_row {
	size_t start; /* byte offset of the row's first byte in the text */
	size_t len;   /* bytes shown on this row */
	size_t width; /* display columns of those bytes */
};

enum rb_te_move {
	RB_TE_LEFT,       /* previous cluster (crosses line ends) */
	RB_TE_RIGHT,      /* next cluster */
	RB_TE_WORD_LEFT,  /* start of the word before the cursor (skips non-word first) */
	RB_TE_WORD_RIGHT, /* end of the word after the cursor (skips non-word first) */
	RB_TE_LINE_START, /* start of the logical line (after the previous '\n') */
	RB_TE_LINE_END,   /* end of the logical line (before its '\n') */
	RB_TE_ROW_START,  /* start of the visual row */
	RB_TE_ROW_END,    /* last cursor position of the visual row */
	RB_TE_UP,         /* one visual row up, keeping the preferred column */
	RB_TE_DOWN,       /* one visual row down, keeping the preferred column */
	RB_TE_PAGE_UP,    /* page_rows visual rows up, keeping the preferred column */
	RB_TE_PAGE_DOWN,  /* page_rows visual rows down, keeping the preferred column */
	RB_TE_TEXT_START,
	RB_TE_TEXT_END,
};

enum rb_te_delete {
	RB_TE_DEL_BACK,         /* Backspace: the cluster before the cursor */
	RB_TE_DEL_FORWARD,      /* Delete: the cluster after the cursor */
	RB_TE_DEL_WORD_BACK,    /* Ctrl-W, Alt-Backspace: back to where RB_TE_WORD_LEFT goes */
	RB_TE_DEL_WORD_FORWARD, /* Alt-D: up to where RB_TE_WORD_RIGHT goes */
	RB_TE_DEL_LINE_END,     /* Ctrl-K: to the end of the logical line; at its end, the '\n' */
	RB_TE_DEL_ALL,          /* the whole text (one undo step) */
};

struct rb_te_step; /* one undo step (private) */

/* An editor. Embed it or allocate it yourself; all fields are private to textedit.c and
 * textedit_layout.c. */
struct rb_textedit {
	char *text; /* NUL-terminated; NULL until the first insertion */
	size_t len, cap;
	size_t cursor;
	size_t max_len;  /* 0: unlimited */
	size_t pref_col; /* preferred column for up/down; SIZE_MAX when none */
	bool modified;

	/* layout cache, valid for lay_width (0: invalid) */
	size_t lay_width;
	struct rb_te_row *rows;
	size_t *deps; /* per row: the row depends on text bytes before deps[i] only */
	size_t nrows, rows_cap;
	struct rb_te_row *tmp_rows;
	size_t *tmp_deps;
	size_t ntmp, tmp_cap;

	/* undo history: steps[0, undo_pos) can be undone, steps[undo_pos, nsteps) redone */
	struct rb_te_step *steps;
	size_t nsteps, steps_cap, undo_pos;
	size_t hist_bytes;
	bool group_open; /* the newest step may still absorb typing or repeated deletions */
};

/* Initialises an empty editor. max_len is the maximum text length in bytes (0: no limit).
 * Allocates nothing; release with rb_textedit_done. */
void rb_textedit_init(struct rb_textedit *te, size_t max_len);

/* Frees everything the editor owns and leaves it empty (it can be initialised again). */
void rb_textedit_done(struct rb_textedit *te);

/* Replaces the whole text with s[0, len) (normalised as by rb_textedit_insert, cut to the
 * maximum length), puts the cursor at the end, clears the undo history and the modified flag.
 * s is copied. Returns RB_TE_INS_* flags (>= 0) or negative when out of memory (then nothing
 * changed). */
int rb_textedit_set_text(struct rb_textedit *te, const char *s, size_t len);

/* The text, NUL-terminated, owned by the editor. Valid until the next call that changes the
 * text. Never NULL (an empty editor gives ""). */
const char *rb_textedit_text(const struct rb_textedit *te);
size_t rb_textedit_length(const struct rb_textedit *te);
size_t rb_textedit_cursor(const struct rb_textedit *te);

/* Moves the cursor to byte offset pos (clamped to the length, moved back to the start of the
 * cluster containing it). Closes the current undo group. */
void rb_textedit_set_cursor(struct rb_textedit *te, size_t pos);

/* True when the text changed since rb_textedit_set_text or rb_textedit_clear_modified (undo
 * counts as a change). For autosave: save, then clear. */
bool rb_textedit_modified(const struct rb_textedit *te);
void rb_textedit_clear_modified(struct rb_textedit *te);

/* Inserts pasted or programmatic text s[0, len) at the cursor, as one undo step, and moves
 * the cursor after it. Normalisation: "\r\n" and lone '\r' become '\n'; '\t' becomes spaces
 * up to the next RB_TE_TAB_STOP column of the logical line; other C0 controls, DEL and C1
 * controls (U+0080-U+009F) are dropped (an escape sequence loses its ESC, the rest stays as
 * plain text); each invalid UTF-8 byte becomes U+FFFD. When the maximum length would be
 * exceeded, the longest prefix that fits (on a code-point boundary) is inserted.
 * Returns RB_TE_INS_* flags (0 when inserted as given, up to the normalisation of newlines
 * and tabs) or negative when out of memory. */
int rb_textedit_insert(struct rb_textedit *te, const char *s, size_t len);

/* Inserts one typed code point, normalised as above (cp '\r' gives '\n'; values that are not
 * Unicode scalar values give U+FFFD). Consecutive typing is grouped into undo steps by word:
 * a word and the spaces typed after it form one step; a newline is a step of its own; any
 * cursor movement, other edit, undo or redo closes the group. Returns as rb_textedit_insert. */
int rb_textedit_type(struct rb_textedit *te, uint32_t cp);

/* Moves the cursor. width is the layout width (used by the row-based moves, ignored by the
 * others); page_rows is the number of rows for RB_TE_PAGE_UP/DOWN (0 counts as 1).
 * Up/down keep a preferred column across consecutive vertical moves (a short row puts the
 * cursor at its end; the next long row restores the column); up on the first row goes to the
 * start of the text and down on the last row to its end, keeping the preferred column.
 * Returns 1 when the cursor moved, 0 when it was already there, negative when out of memory. */
int rb_textedit_move(struct rb_textedit *te, enum rb_te_move move, size_t width, size_t page_rows);

/* Moves the cursor to the position shown at visual row `row`, column `col` of the layout for
 * `width` (for mouse clicks): the last cursor position of that row whose column is <= col.
 * Rows past the end give the last row. Returns as rb_textedit_move. */
int rb_textedit_move_to_cell(struct rb_textedit *te, size_t width, size_t row, size_t col);

/* Deletes as described in enum rb_te_delete, as one undo step (consecutive Backspaces, and
 * consecutive Deletes, are grouped). Returns 1 when something was deleted, 0 when there was
 * nothing to delete, negative when out of memory. */
int rb_textedit_delete(struct rb_textedit *te, enum rb_te_delete what);

/* Undo/redo one step; the cursor returns to where it was before/after that step. A new edit
 * after an undo discards the redo steps. Return 1 when done, 0 when there was nothing to
 * undo/redo, negative when out of memory. */
int rb_textedit_undo(struct rb_textedit *te);
int rb_textedit_redo(struct rb_textedit *te);

/* Ends the current undo group, so that the next typed character starts a new step (e.g.
 * after an idle pause or an autosave). */
void rb_textedit_break_undo_group(struct rb_textedit *te);

/* Word-wrap layout for `width` columns (0 counts as 1). Stores in *rows an array of *nrows
 * visual rows, owned by the editor and valid until the next call that changes the text or
 * lays out for another width; and the cursor's visual row and column in *cur_row, *cur_col
 * (any of the output pointers may be NULL).
 *
 * Rules: every logical line has at least one row, so an empty text has one row and a text
 * ending in '\n' has an empty last row for the cursor. A line is broken after the last space
 * that fits; a run of spaces that reaches the edge hangs past it (it belongs to the row but
 * is not in its bytes); a word longer than the width is broken between clusters; a wide
 * character is never split, it moves to the next row. A row always takes at least one
 * cluster, so a character wider than the width (a wide character at width 1) gets a row of
 * its own whose width exceeds `width`: the widget must clip it.
 *
 * The cursor belongs to the row whose byte range (up to the next row's start) contains it.
 * At the end of a logical line whose last row is full, and on hanging spaces, *cur_col can
 * equal `width` (one past the last column): a widget that wants the cursor always inside its
 * window lays out for its width minus one.
 *
 * Cost: the layout is cached per width; an edit re-lays only the rows it can affect and
 * shifts the offsets of the rest. Returns 0, or negative when out of memory. */
int rb_textedit_layout(struct rb_textedit *te, size_t width, const struct rb_te_row **rows,
		       size_t *nrows, size_t *cur_row, size_t *cur_col);

#endif
