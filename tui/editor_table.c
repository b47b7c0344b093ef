/* editor_table.c - the table editor: rows shown as cards (one line per field), a field edited
 * in a one-line editor at the bottom and checked against its column before it is saved. */
#include "tui/internal.h"

#include "content/buf.h"
#include "content/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *column_hint(const struct rb_column *c)
{
	switch (c->type) {
	case RB_COL_NUMBER:
		return "a number";
	case RB_COL_CHOICE:
		return "one of the choices";
	case RB_COL_QUARTER:
		return "a quarter, e.g. 2027-Q1";
	case RB_COL_DIMENSION:
		return "a readiness dimension";
	default:
		return "text";
	}
}

void tui_table_draw(struct tui *t, int y0, int x, int width)
{
	struct editor *ed = &t->ed;
	const struct rb_exercise *e = ed->e;
	struct rb_table *tb = &ed->table;
	int bottom = t->rows - 2 - (ed->cell_editing ? 3 : 0);
	size_t body = (size_t)(bottom - y0);
	int labelw = 0;
	for (size_t c = 0; c < e->ncolumns; c++) {
		int w = (int)rb_utf8_width(e->columns[c].label, strlen(e->columns[c].label));
		if (w > labelw)
			labelw = w;
	}
	if (labelw > width / 3)
		labelw = width / 3;
	/* A card per row: "Row N" and one line per field. */
	size_t per = e->ncolumns + 2;
	size_t cursor_line = tb->nrows ? ed->row * per + 1 + ed->sel : 0;
	tui_keep_visible(&ed->top, cursor_line ? cursor_line - 1 : 0, cursor_line, body);
	size_t total = tb->nrows * per + 1;
	for (size_t i = ed->top; i < total && i < ed->top + body; i++) {
		int y = y0 + (int)(i - ed->top);
		if (i == tb->nrows * per) {
			tui_text(y, x, width,
				 tb->nrows ? "a: add a row   d d: delete the row   Enter: edit"
					   : "No rows yet. Press a to add one.",
				 A_DIM);
			continue;
		}
		size_t r = i / per, f = i % per;
		if (f == 0) {
			char head[32];
			snprintf(head, sizeof head, "Row %zu", r + 1);
			tui_text(y, x, width, head, tui_attr(t, TC_HEADING));
		} else if (f <= e->ncolumns) {
			size_t c = f - 1;
			bool sel = r == ed->row && c == ed->sel;
			attr_t a = sel ? tui_attr(t, TC_FOCUS) : A_NORMAL;
			if (sel) {
				attrset(a);
				mvhline(y, x, ' ', width);
				attrset(A_NORMAL);
				tui_text(y, x, 1, "▶", a);
			}
			tui_text(y, x + 2, labelw, e->columns[c].label, a | A_BOLD);
			tui_text(y, x + 3 + labelw, width - labelw - 3,
				 tb->cells[r * tb->ncols + c], a);
		}
	}
	if (ed->cell_editing) {
		const struct rb_column *col = &e->columns[ed->sel];
		char label[256];
		snprintf(label, sizeof label,
			 "%s (%s) - Enter: save   Tab: save and next   Esc: cancel", col->label,
			 column_hint(col));
		if (col->type == RB_COL_CHOICE) {
			struct rb_buf b = {0};
			rb_buf_printf(&b, "%s - choices: ", col->label);
			for (size_t i = 0; i < col->nchoices; i++)
				rb_buf_printf(&b, "%s%s", i ? ", " : "", col->choices[i].id);
			snprintf(label, sizeof label, "%s", b.data ? b.data : "");
			rb_buf_free(&b);
		}
		tui_text(bottom + 1, x, width, label, A_DIM);
		const char *v = rb_textedit_text(&ed->te);
		size_t cur = rb_textedit_cursor(&ed->te);
		size_t before = rb_utf8_width(v, cur);
		/* Scroll the field so the cursor stays inside it. */
		size_t skip = before > (size_t)width - 2 ? before - (size_t)width + 2 : 0;
		size_t off = 0;
		while (skip && off < strlen(v)) {
			uint32_t cp;
			size_t nb = rb_utf8_decode(v + off, strlen(v) - off, &cp);
			size_t cw = (size_t)rb_cp_width(cp);
			off += nb;
			skip = skip > cw ? skip - cw : 0;
		}
		attrset(A_UNDERLINE);
		mvhline(bottom + 2, x, ' ', width);
		attrset(A_NORMAL);
		tui_text(bottom + 2, x, width, v + off, A_UNDERLINE);
		move(bottom + 2, x + (int)(rb_utf8_width(v + off, cur - off)));
		curs_set(1);
	}
}

static void table_save(struct tui *t)
{
	char *v = rb_table_format(&t->ed.table);
	if (v)
		tui_edit_store(t, v);
	free(v);
}

static void cell_begin(struct tui *t)
{
	struct editor *ed = &t->ed;
	const char *v = ed->table.cells[ed->row * ed->table.ncols + ed->sel];
	rb_textedit_set_text(&ed->te, v, strlen(v));
	ed->cell_editing = true;
	tui_edit_set_error(t, NULL);
}

/* Checks and stores the cell; false (editing goes on) when it is refused. */
static bool cell_commit(struct tui *t)
{
	struct editor *ed = &t->ed;
	char *cell = NULL, *err = NULL;
	int rc = rb_table_cell_normalize(t->app.cur, &ed->e->columns[ed->sel],
					 rb_textedit_text(&ed->te), &cell, &err);
	if (rc != 0) {
		tui_edit_set_error(t, err ? err : strdup("Out of memory."));
		return false;
	}
	char **slot = &ed->table.cells[ed->row * ed->table.ncols + ed->sel];
	free(*slot);
	*slot = cell;
	ed->cell_editing = false;
	table_save(t);
	return true;
}

static bool add_row(struct tui *t)
{
	struct editor *ed = &t->ed;
	struct rb_table *tb = &ed->table;
	if (tb->nrows >= (size_t)ed->e->max_rows) {
		tui_edit_set_error(t, strdup("This table is full."));
		return false;
	}
	char **v = realloc(tb->cells, (tb->nrows + 1) * tb->ncols * sizeof *v);
	if (!v)
		return false;
	tb->cells = v;
	for (size_t c = 0; c < tb->ncols; c++) {
		v[tb->nrows * tb->ncols + c] = strdup("");
		if (!v[tb->nrows * tb->ncols + c])
			return false;
	}
	tb->nrows++;
	ed->row = tb->nrows - 1;
	ed->sel = 0;
	return true;
}

static void delete_row(struct tui *t)
{
	struct editor *ed = &t->ed;
	struct rb_table *tb = &ed->table;
	if (!tb->nrows)
		return;
	for (size_t c = 0; c < tb->ncols; c++)
		free(tb->cells[ed->row * tb->ncols + c]);
	memmove(tb->cells + ed->row * tb->ncols, tb->cells + (ed->row + 1) * tb->ncols,
		(tb->nrows - ed->row - 1) * tb->ncols * sizeof *tb->cells);
	tb->nrows--;
	if (ed->row >= tb->nrows && ed->row)
		ed->row--;
	table_save(t);
}

static void table_move(struct editor *ed, int dir)
{
	size_t ncol = ed->e->ncolumns;
	if (!ed->table.nrows)
		return;
	if (dir > 0) {
		if (ed->sel + 1 < ncol)
			ed->sel++;
		else if (ed->row + 1 < ed->table.nrows) {
			ed->row++;
			ed->sel = 0;
		}
	} else {
		if (ed->sel)
			ed->sel--;
		else if (ed->row) {
			ed->row--;
			ed->sel = ncol - 1;
		}
	}
}

enum rb_key_result tui_table_key(struct tui *t, const struct tui_key *k)
{
	struct editor *ed = &t->ed;
	if (ed->cell_editing) {
		if (tui_is_done_key(k)) {
			ed->cell_editing = false;
			tui_edit_set_error(t, NULL);
			return RB_KEY_HANDLED;
		}
		bool enter = (!k->is_key && (k->ch == '\r' || k->ch == '\n')) ||
			     (k->is_key && k->code == KEY_ENTER);
		bool tab = !k->is_key && k->ch == '\t';
		if (enter || tab) {
			if (cell_commit(t) && tab) {
				table_move(ed, 1);
				cell_begin(t);
			}
			return RB_KEY_HANDLED;
		}
		size_t width = (size_t)(t->cols - 6);
		return tui_textedit_key(&ed->te, k, width, 1, false) ? RB_KEY_HANDLED
								     : RB_KEY_IGNORED;
	}
	bool confirm = ed->confirm_delete;
	ed->confirm_delete = false;
	if (tui_is_done_key(k) || (!k->is_key && k->ch == 'q')) {
		tui_edit_close(t);
		return RB_KEY_HANDLED;
	}
	if (k->is_key) {
		switch (k->code) {
		case KEY_UP:
			table_move(ed, -1);
			return RB_KEY_HANDLED;
		case KEY_DOWN:
			table_move(ed, 1);
			return RB_KEY_HANDLED;
		case KEY_BTAB:
			table_move(ed, -1);
			return RB_KEY_HANDLED;
		case KEY_NPAGE:
			if (ed->row + 1 < ed->table.nrows)
				ed->row++;
			return RB_KEY_HANDLED;
		case KEY_PPAGE:
			if (ed->row)
				ed->row--;
			return RB_KEY_HANDLED;
		case KEY_IC:
			if (add_row(t))
				cell_begin(t);
			return RB_KEY_HANDLED;
		case KEY_ENTER:
			if (ed->table.nrows)
				cell_begin(t);
			return RB_KEY_HANDLED;
		}
		return RB_KEY_IGNORED;
	}
	switch (k->ch) {
	case '\t':
	case 'j':
		table_move(ed, 1);
		return RB_KEY_HANDLED;
	case 'k':
		table_move(ed, -1);
		return RB_KEY_HANDLED;
	case '\r':
	case '\n':
		if (ed->table.nrows)
			cell_begin(t);
		else if (add_row(t))
			cell_begin(t);
		return RB_KEY_HANDLED;
	case 'a':
		if (add_row(t))
			cell_begin(t);
		return RB_KEY_HANDLED;
	case 'd':
		if (!ed->table.nrows)
			return RB_KEY_HANDLED;
		if (confirm) {
			delete_row(t);
			tui_set_status(t, false, "Row deleted.");
		} else {
			ed->confirm_delete = true;
			tui_set_status(t, false, "Press d again to delete row %zu.", ed->row + 1);
		}
		return RB_KEY_HANDLED;
	}
	return RB_KEY_IGNORED;
}
