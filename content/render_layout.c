/* render_layout.c - line building for the renderer: prefixes from the box stack, word wrap,
 * code blocks, and printing and freeing lines (see render_layout.h and render.h). */
#include "content/render_layout.h"

#include "content/utf8.h"

#include <stdlib.h>
#include <string.h>

#define TAB_STOP 4

/* Display width of sanitised text (rb_utf8_width with a fast path for ASCII). */
static unsigned text_width(const char *s, size_t n)
{
	unsigned w = 0;
	for (size_t i = 0; i < n;) {
		if ((unsigned char)s[i] < 0x80) {
			w++;
			i++;
			continue;
		}
		uint32_t cp;
		i += rb_utf8_decode(s + i, n - i, &cp);
		w += (unsigned)rb_cp_width(cp);
	}
	return w;
}

int rb_sbuf_reserve(struct rb_sbuf *b, size_t extra)
{
	if (b->cap - b->len > extra)
		return 0;
	if (extra > SIZE_MAX / 2 - b->len)
		return -1;
	size_t cap = b->cap ? b->cap : 64;
	while (cap - b->len <= extra)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

/* Grows an array of *cap elements of size sz so that one more fits. */
static int grow(void **v, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 16;
	if (c > SIZE_MAX / sz)
		return -1;
	void *p = realloc(*v, c * sz);
	if (!p)
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

void rb_layout_init(struct rb_layout *L, struct rb_lines *out, int width)
{
	memset(L, 0, sizeof *L);
	L->out = out;
	L->width = width < RB_RENDER_MIN_WIDTH ? RB_RENDER_MIN_WIDTH : (unsigned)width;
	/* keep at least 10 columns (half of a very narrow screen) for the text itself */
	L->max_indent = L->width - (L->width >= 20 ? 10 : L->width / 2);
}

void rb_layout_done(struct rb_layout *L)
{
	free(L->boxes);
	free(L->line.p);
	free(L->spans);
	free(L->para.text.p);
	free(L->para.runs);
	free(L->scratch.p);
	free(L->scratch2.p);
	memset(L, 0, sizeof *L);
}

int rb_layout_push(struct rb_layout *L, enum rb_box_kind kind, const char *marker, unsigned cols)
{
	if (grow((void **)&L->boxes, &L->capboxes, L->nboxes, sizeof *L->boxes))
		return -1;
	struct rb_box *b = &L->boxes[L->nboxes];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->cols = cols;
	if (marker) {
		size_t n = strlen(marker);
		if (n >= sizeof b->first)
			n = sizeof b->first - 1;
		memcpy(b->first, marker, n);
		b->first_len = (unsigned)n;
	}
	b->active = L->nactive == L->nboxes && L->prefix_cols + cols <= L->max_indent;
	if (b->active) {
		L->nactive++;
		L->prefix_cols += cols;
	} else if (kind == RB_BOX_ITEM) {
		L->pending++;
	}
	L->nboxes++;
	return 0;
}

static int line_open(struct rb_layout *L, bool consume);
static int line_finish(struct rb_layout *L, enum rb_line_kind kind, int level);

int rb_layout_pop(struct rb_layout *L)
{
	int rc = 0;
	if (L->nboxes == 0)
		return 0;
	struct rb_box *b = &L->boxes[L->nboxes - 1];
	if (b->kind == RB_BOX_ITEM && !b->used) {
		/* an empty list item still shows its marker, on a line of its own */
		rc = line_open(L, true);
		if (rc == 0)
			rc = line_finish(L, RB_LINE_TEXT, 0);
		if (rc == 0) {
			L->out->v[L->out->n - 1].kind = RB_LINE_TEXT;
			L->last_blank = false;
		}
	}
	L->nboxes--;
	if (b->active) {
		L->nactive--;
		L->prefix_cols -= b->cols;
	} else if (b->kind == RB_BOX_ITEM && !b->used) {
		L->pending--; /* only when out of memory above */
	}
	return rc;
}

static int para_style(struct rb_para *P, uint16_t style)
{
	if (P->nruns && P->runs[P->nruns - 1].style == style)
		return 0;
	if (P->nruns && P->runs[P->nruns - 1].start == P->text.len) {
		P->runs[P->nruns - 1].style = style;
		return 0;
	}
	if (grow((void **)&P->runs, &P->cap, P->nruns, sizeof *P->runs))
		return -1;
	P->runs[P->nruns++] = (struct rb_run){P->text.len, style};
	return 0;
}

int rb_para_add(struct rb_para *P, const char *s, size_t len, uint16_t style, unsigned flags)
{
	if (len == 0)
		return 0;
	if (len > SIZE_MAX / 4 || para_style(P, style) || rb_sbuf_reserve(&P->text, 3 * len))
		return -1;
	P->text.len += rb_sanitize_to(P->text.p + P->text.len, s, len, flags, &P->san);
	return 0;
}

int rb_para_add_safe(struct rb_para *P, const char *s, size_t len, uint16_t style)
{
	if (len == 0)
		return 0;
	if (para_style(P, style) || rb_sbuf_reserve(&P->text, len))
		return -1;
	memcpy(P->text.p + P->text.len, s, len);
	P->text.len += len;
	P->san.base = s[len - 1] != '\n';
	P->san.marks = 0;
	return 0;
}

/* ---- the line being built ---- */

static int line_add(struct rb_layout *L, const char *s, size_t n, uint16_t style)
{
	if (n == 0)
		return 0;
	if (rb_sbuf_reserve(&L->line, n))
		return -1;
	size_t at = L->line.len;
	memcpy(L->line.p + at, s, n);
	L->line.len += n;
	if (!style)
		return 0;
	struct rb_span *last = L->nspans ? &L->spans[L->nspans - 1] : NULL;
	if (last && last->style == style && last->start + last->len == at) {
		last->len += (uint32_t)n;
		return 0;
	}
	if (grow((void **)&L->spans, &L->capspans, L->nspans, sizeof *L->spans))
		return -1;
	L->spans[L->nspans++] = (struct rb_span){(uint32_t)at, (uint32_t)n, style};
	return 0;
}

static int line_spaces(struct rb_layout *L, unsigned n)
{
	static const char sp[] = "                ";
	while (n) {
		unsigned k = n < sizeof sp - 1 ? n : (unsigned)sizeof sp - 1;
		if (line_add(L, sp, k, 0))
			return -1;
		n -= k;
	}
	return 0;
}

/* Starts a line with the prefixes of the active boxes; consume prints unused item markers. */
static int line_open(struct rb_layout *L, bool consume)
{
	L->line.len = 0;
	L->nspans = 0;
	L->cols = L->prefix_cols;
	L->open = true;
	L->content = false;
	for (size_t i = 0; i < L->nactive; i++) {
		struct rb_box *b = &L->boxes[i];
		int rc;
		if (b->kind == RB_BOX_QUOTE) {
			rc = line_add(L, "\xE2\x94\x82 ", 4, RB_S_MARKER | RB_S_QUOTE);
		} else if (b->kind == RB_BOX_ITEM && consume && !b->used) {
			rc = line_add(L, b->first, b->first_len, RB_S_MARKER);
			b->used = true;
		} else {
			rc = line_spaces(L, b->cols);
		}
		if (rc)
			return -1;
	}
	/* items nested past the budget add no indentation, but their markers still show, at
	 * the start of their first line, in at most half of the room left */
	for (size_t i = L->nactive; consume && L->pending && i < L->nboxes; i++) {
		struct rb_box *b = &L->boxes[i];
		if (b->kind != RB_BOX_ITEM || b->used)
			continue;
		b->used = true;
		L->pending--;
		if ((L->cols - L->prefix_cols + b->cols) * 2 > L->width - L->prefix_cols)
			continue;
		if (line_add(L, b->first, b->first_len, RB_S_MARKER))
			return -1;
		L->cols += b->cols;
	}
	return 0;
}

static int push_line(struct rb_lines *out, struct rb_line *ln)
{
	if (grow((void **)&out->v, &out->cap, out->n, sizeof *out->v))
		return -1;
	out->v[out->n++] = *ln;
	return 0;
}

static int line_finish(struct rb_layout *L, enum rb_line_kind kind, int level)
{
	struct rb_line ln = {0};
	L->open = false;
	if (!L->content) {
		/* a line of prefixes only: no trailing blanks */
		while (L->line.len && L->line.p[L->line.len - 1] == ' ') {
			L->line.len--;
			L->cols--;
		}
		while (L->nspans && L->spans[L->nspans - 1].start >= L->line.len)
			L->nspans--;
		if (L->nspans) {
			struct rb_span *sp = &L->spans[L->nspans - 1];
			if (sp->start + sp->len > L->line.len)
				sp->len = (uint32_t)(L->line.len - sp->start);
		}
		if (kind == RB_LINE_TEXT)
			kind = RB_LINE_BLANK;
	}
	ln.text = malloc(L->line.len + 1);
	if (!ln.text)
		return -1;
	if (L->line.len)
		memcpy(ln.text, L->line.p, L->line.len);
	ln.text[L->line.len] = '\0';
	ln.len = L->line.len;
	ln.cols = L->cols;
	if (L->nspans) {
		ln.spans = malloc(L->nspans * sizeof *ln.spans);
		if (!ln.spans) {
			free(ln.text);
			return -1;
		}
		memcpy(ln.spans, L->spans, L->nspans * sizeof *ln.spans);
		ln.nspans = L->nspans;
	}
	ln.kind = kind;
	ln.level = kind == RB_LINE_HEADING ? level : 0;
	ln.block_index = -1;
	if (push_line(L->out, &ln)) {
		free(ln.text);
		free(ln.spans);
		return -1;
	}
	L->emitted = true;
	L->last_blank = kind == RB_LINE_BLANK;
	return 0;
}

int rb_layout_blank(struct rb_layout *L)
{
	if (line_open(L, false))
		return -1;
	return line_finish(L, RB_LINE_BLANK, 0);
}

int rb_layout_block(struct rb_layout *L, int index)
{
	struct rb_line ln = {0};
	ln.text = calloc(1, 1);
	if (!ln.text)
		return -1;
	ln.kind = RB_LINE_BLOCK;
	ln.block_index = index;
	/* the block stands in for a list item's text: no marker line of its own after it */
	for (size_t i = 0; i < L->nboxes && (i < L->nactive || L->pending); i++) {
		struct rb_box *b = &L->boxes[i];
		if (!b->active && b->kind == RB_BOX_ITEM && !b->used)
			L->pending--;
		b->used = true;
	}
	if (push_line(L->out, &ln)) {
		free(ln.text);
		return -1;
	}
	L->emitted = true;
	L->last_blank = false;
	return 0;
}

int rb_layout_repeat(struct rb_layout *L, const char *ch, unsigned count, enum rb_line_kind kind,
		     int level)
{
	size_t n = strlen(ch);
	if (line_open(L, true))
		return -1;
	unsigned avail = L->width - L->cols;
	if (count == 0 || count > avail)
		count = avail;
	for (unsigned i = 0; i < count; i++)
		if (line_add(L, ch, n, RB_S_MARKER))
			return -1;
	L->cols += count;
	L->content = true;
	return line_finish(L, kind, level);
}

/* ---- word wrap ---- */

/* Scripts written without spaces between words (Chinese, Japanese): a line may break before
 * and after each of their characters. Korean separates words with spaces, so wraps at them. */
static bool is_cjk(uint32_t c)
{
	return (c >= 0x2E80 && c <= 0x312F) || (c >= 0x3190 && c <= 0x9FFF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	       (c >= 0xFF00 && c <= 0xFF60) || (c >= 0x20000 && c <= 0x3FFFD);
}

/* Closing punctuation that must not begin a line (a simple kinsoku rule). */
static bool no_break_before(uint32_t c)
{
	switch (c) {
	case 0x3001:
	case 0x3002:
	case 0x3009:
	case 0x300B:
	case 0x300D:
	case 0x300F:
	case 0x3011:
	case 0x3015:
	case 0x30FC:
	case 0xFF01:
	case 0xFF09:
	case 0xFF0C:
	case 0xFF0E:
	case 0xFF1A:
	case 0xFF1B:
	case 0xFF1F:
	case 0xFF3D:
	case 0xFF5D:
		return true;
	default:
		return false;
	}
}

/* End of the word starting at s[i] (not a space or '\n'); its width goes to *cols. */
static size_t scan_word(const char *s, size_t i, size_t n, unsigned *cols)
{
	size_t j = i;
	unsigned w = 0;
	bool cjk = false; /* the word is one CJK character: it ends at the next base */
	while (j < n && s[j] != ' ' && s[j] != '\n') {
		if ((unsigned char)s[j] < 0x80) {
			if (cjk && !memchr(",.;:!?)]}", s[j], 9))
				break;
			w++;
			j++;
			continue;
		}
		uint32_t cp;
		size_t k = rb_utf8_decode(s + j, n - j, &cp);
		int cw = rb_cp_width(cp);
		if (cw != 0 && !no_break_before(cp)) {
			if (cjk || (is_cjk(cp) && j > i))
				break;
			cjk = is_cjk(cp);
		}
		w += (unsigned)cw;
		j += k;
	}
	*cols = w;
	return j;
}

/* End of the run of spaces (with any marks on them) at s[i]; its width to *cols. */
static size_t scan_gap(const char *s, size_t i, size_t n, unsigned *cols)
{
	size_t j = i;
	unsigned w = 0;
	while (j < n) {
		if (s[j] == ' ') {
			w++;
			j++;
			continue;
		}
		uint32_t cp;
		size_t k = rb_utf8_decode(s + j, n - j, &cp);
		if ((unsigned char)s[j] < 0x80 || rb_cp_width(cp) != 0)
			break;
		j += k;
	}
	*cols = w;
	return j;
}

/* Copies para text [a, b) to the line with its styles; *rc is the run cursor. */
static int line_add_para(struct rb_layout *L, size_t a, size_t b, size_t *rc)
{
	struct rb_para *P = &L->para;
	while (a < b) {
		while (*rc + 1 < P->nruns && P->runs[*rc + 1].start <= a)
			(*rc)++;
		size_t end = *rc + 1 < P->nruns ? P->runs[*rc + 1].start : P->text.len;
		if (end > b)
			end = b;
		uint16_t style = P->nruns ? P->runs[*rc].style : 0;
		if (line_add(L, P->text.p + a, end - a, style))
			return -1;
		a = end;
	}
	return 0;
}

int rb_layout_flush(struct rb_layout *L, enum rb_line_kind kind, int level, unsigned *max_cols)
{
	struct rb_para *P = &L->para;
	const char *s = P->text.p;
	size_t n = P->text.len, i = 0, rc = 0;
	size_t seg_a = 0, seg_b = 0; /* the para text on the current line, copied when it ends */
	unsigned avail = L->width - L->prefix_cols, gap = 0, widest = 0;
	int rc_err = -1;

#define FINISH()                                                                                   \
	do {                                                                                       \
		unsigned c_ = L->cols - L->prefix_cols;                                            \
		if (c_ > widest)                                                                   \
			widest = c_;                                                               \
		if (seg_b > seg_a && line_add_para(L, seg_a, seg_b, &rc))                          \
			goto done;                                                                 \
		seg_a = seg_b = 0;                                                                 \
		if (line_finish(L, kind, level))                                                   \
			goto done;                                                                 \
	} while (0)

	L->open = false;
	while (i < n) {
		if (s[i] == '\n') {
			if (!L->open && line_open(L, true))
				goto done;
			FINISH();
			i++;
			gap = 0;
			continue;
		}
		if (s[i] == ' ') {
			i = scan_gap(s, i, n, &gap);
			continue;
		}
		unsigned w;
		size_t end = scan_word(s, i, n, &w);
		if (!L->open && line_open(L, true))
			goto done;
		/* used: columns already on the line after its prefix (text, or the markers of
		 * list items nested past the indentation budget) */
		unsigned used = L->cols - L->prefix_cols;
		if (L->content && used + gap + w <= avail) {
			L->cols += gap; /* the gap is in the segment, between its words */
		} else {
			if (L->content) {
				FINISH();
				if (line_open(L, true))
					goto done;
				used = L->cols - L->prefix_cols;
			}
			/* a word wider than the line is cut into pieces of the line's width */
			while (used + w > avail) {
				size_t k = rb_utf8_prefix_for_width(s + i, end - i, avail - used);
				uint32_t cp;
				if (k == 0 && used == 0) { /* wider than any line: drop it */
					k = rb_utf8_decode(s + i, end - i, &cp);
					w -= (unsigned)rb_cp_width(cp);
					i += k;
					continue;
				}
				unsigned kw = text_width(s + i, k);
				seg_a = i;
				seg_b = i + k;
				L->cols += kw;
				L->content = true;
				FINISH();
				if (line_open(L, true))
					goto done;
				used = L->cols - L->prefix_cols;
				i += k;
				w -= kw;
			}
		}
		if (!L->content)
			seg_a = i;
		seg_b = end;
		L->cols += w;
		L->content = true;
		i = end;
		gap = 0;
	}
	if (L->open)
		FINISH();
	rc_err = 0;
done:
#undef FINISH
	if (max_cols)
		*max_cols = widest;
	P->text.len = 0;
	P->nruns = 0;
	P->san = (struct rb_san_state)RB_SAN_STATE_INIT;
	L->open = false;
	return rc_err;
}

/* ---- code blocks ---- */

/* Emits one line of code (no '\n', tabs expanded), hard-wrapped at the available width. */
static int code_line(struct rb_layout *L, const char *s, size_t n, unsigned cols)
{
	unsigned avail = L->width - L->prefix_cols;
	if (line_open(L, true))
		return -1;
	unsigned used = L->cols - L->prefix_cols;
	while (used + cols > avail) {
		size_t k = rb_utf8_prefix_for_width(s, n, avail - used);
		uint32_t cp;
		if (k == 0 && used == 0) { /* wider than any line: drop it */
			k = rb_utf8_decode(s, n, &cp);
			cols -= (unsigned)rb_cp_width(cp);
			s += k;
			n -= k;
			continue;
		}
		unsigned kw = text_width(s, k);
		if (line_add(L, s, k, RB_S_CODE))
			return -1;
		L->cols += kw;
		L->content = true;
		if (line_finish(L, RB_LINE_CODE, 0) || line_open(L, true))
			return -1;
		used = L->cols - L->prefix_cols;
		s += k;
		n -= k;
		cols -= kw;
	}
	if (line_add(L, s, n, RB_S_CODE))
		return -1;
	L->cols += cols;
	L->content = n > 0;
	return line_finish(L, RB_LINE_CODE, 0);
}

int rb_layout_code(struct rb_layout *L, const char *s, size_t len)
{
	struct rb_sbuf *san = &L->scratch, *ln = &L->scratch2;
	san->len = 0;
	if (len > SIZE_MAX / 4 || rb_sbuf_reserve(san, 3 * len))
		return -1;
	san->len = rb_sanitize_to(san->p, s, len, RB_SAN_KEEP_TAB, NULL);
	for (size_t i = 0; i < san->len;) {
		const char *p = san->p + i;
		const char *nl = memchr(p, '\n', san->len - i);
		size_t n = nl ? (size_t)(nl - p) : san->len - i;
		i += n + 1;
		if (!memchr(p, '\t', n)) {
			if (code_line(L, p, n, text_width(p, n)))
				return -1;
			continue;
		}
		/* tabs to spaces, up to the next multiple of TAB_STOP columns */
		ln->len = 0;
		if (n > SIZE_MAX / TAB_STOP || rb_sbuf_reserve(ln, n * TAB_STOP))
			return -1;
		unsigned cols = 0;
		for (size_t j = 0; j < n;) {
			if (p[j] == '\t') {
				unsigned k = TAB_STOP - cols % TAB_STOP;
				memset(ln->p + ln->len, ' ', k);
				ln->len += k;
				cols += k;
				j++;
				continue;
			}
			size_t e = j;
			while (e < n && p[e] != '\t')
				e++;
			memcpy(ln->p + ln->len, p + j, e - j);
			ln->len += e - j;
			cols += text_width(p + j, e - j);
			j = e;
		}
		if (code_line(L, ln->p, ln->len, cols))
			return -1;
	}
	return 0;
}

/* ---- output ---- */

static void sgr(FILE *f, uint16_t style)
{
	char buf[48];
	size_t n = 0;
	static const struct {
		uint16_t bit;
		const char *code;
	} map[] = {
	    {RB_S_BOLD, ";1"},    {RB_S_HEADING, ";35"}, {RB_S_DIM, ";2"},
	    {RB_S_ITALIC, ";3"},  {RB_S_LINK, ";4;34"},  {RB_S_CODE, ";36"},
	    {RB_S_MARKER, ";33"}, {RB_S_DEL, ";9;31"},   {RB_S_INS, ";1;32"},
	};
	buf[n++] = '\x1b';
	buf[n++] = '[';
	buf[n++] = '0';
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (!(style & map[i].bit))
			continue;
		size_t k = strlen(map[i].code);
		memcpy(buf + n, map[i].code, k);
		n += k;
	}
	buf[n++] = 'm';
	buf[n] = '\0';
	rb_safe_control(f, buf); /* roadbook's own style, past a sanitised stdout */
}

int rb_lines_write(FILE *f, const struct rb_lines *l, bool ansi)
{
	/* a skipped block leaves the blank lines on either side of it: print only one */
	bool blank_before = true, after_block = false;
	for (size_t i = 0; i < l->n; i++) {
		const struct rb_line *ln = &l->v[i];
		if (ln->kind == RB_LINE_BLOCK) {
			after_block = after_block || blank_before;
			continue;
		}
		if (ln->kind == RB_LINE_BLANK && after_block)
			continue;
		after_block = false;
		blank_before = ln->kind == RB_LINE_BLANK;
		if (!ansi || ln->nspans == 0) {
			fwrite(ln->text, 1, ln->len, f);
		} else {
			size_t at = 0;
			for (size_t k = 0; k < ln->nspans; k++) {
				const struct rb_span *sp = &ln->spans[k];
				fwrite(ln->text + at, 1, sp->start - at, f);
				sgr(f, sp->style);
				fwrite(ln->text + sp->start, 1, sp->len, f);
				rb_safe_control(f, "\x1b[0m");
				at = sp->start + sp->len;
			}
			fwrite(ln->text + at, 1, ln->len - at, f);
		}
		putc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

void rb_lines_free(struct rb_lines *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].text);
		free(l->v[i].spans);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

int rb_wrap_plain(struct rb_lines *out, const char *text, size_t len, int width, int indent,
		  uint16_t style)
{
	struct rb_styled run = {text, text ? len : 0, style};
	return rb_wrap_styled(out, &run, 1, width, indent);
}

int rb_wrap_styled(struct rb_lines *out, const struct rb_styled *runs, size_t n, int width,
		   int indent)
{
	struct rb_layout L;
	int rc = -1;
	rb_layout_init(&L, out, width);
	if (indent < 0)
		indent = 0;
	if ((unsigned)indent > L.max_indent)
		indent = (int)L.max_indent;
	if (indent && rb_layout_push(&L, RB_BOX_INDENT, NULL, (unsigned)indent))
		goto done;
	for (size_t i = 0; i < n; i++)
		if (runs[i].len &&
		    rb_para_add(&L.para, runs[i].text, runs[i].len, runs[i].style, 0))
			goto done;
	rc = rb_layout_flush(&L, RB_LINE_TEXT, 0, NULL);
done:
	rb_layout_done(&L);
	return rc;
}
