/* sanitize.c - neutralises control characters and escape sequences (see sanitize.h). One
 * scanner serves both rb_sanitize() and rb_is_safe_display(): with no output buffer it stops at
 * the first byte it would change. */
#include "content/sanitize.h"

#include "content/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MARKS 3u
#define NOT_SAFE  SIZE_MAX

/* Format characters that are invisible but change how a terminal shows the text around them:
 * soft hyphen, bidi controls and isolates, zero-width spaces and joiners, word joiner and
 * invisible operators, the deprecated format controls, BOM, interlinear annotation and tags
 * (used to smuggle invisible text). */
static bool is_format(uint32_t c)
{
	if (c < 0x00AD)
		return false;
	return c == 0x00AD || c == 0x061C || c == 0x180E || (c >= 0x200B && c <= 0x200F) ||
	       (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF ||
	       (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xE0000 && c <= 0xE007F);
}

/* CSI body after its introducer: parameter and intermediate bytes, then one final byte. Any
 * other byte ends the sequence and is scanned again as ordinary text. */
static size_t skip_csi(const unsigned char *s, size_t len, size_t i)
{
	while (i < len && s[i] >= 0x20 && s[i] <= 0x3F)
		i++;
	if (i < len && s[i] >= 0x40 && s[i] <= 0x7E)
		i++;
	return i;
}

/* OSC, DCS, SOS, PM and APC bodies: up to ST (ESC \ or U+009C), or BEL for OSC, or the end of
 * the input. Another ESC aborts the string, as in a terminal, and starts a new sequence. */
static size_t skip_string(const unsigned char *s, size_t len, size_t i, bool bel_ends)
{
	for (; i < len; i++) {
		if (s[i] == 0x07 && bel_ends)
			return i + 1;
		if (s[i] == 0x1B)
			return (i + 1 < len && s[i + 1] == '\\') ? i + 2 : i;
		if (s[i] == 0xC2 && i + 1 < len && s[i + 1] == 0x9C)
			return i + 2;
	}
	return len;
}

/* Dispatches on the byte after ESC (at i). */
static size_t skip_escape(const unsigned char *s, size_t len, size_t i)
{
	if (i >= len)
		return i;
	switch (s[i]) {
	case '[':
		return skip_csi(s, len, i + 1);
	case ']':
		return skip_string(s, len, i + 1, true);
	case 'P':
	case 'X':
	case '^':
	case '_':
		return skip_string(s, len, i + 1, false);
	default:
		break;
	}
	/* ECMA-35 shape: intermediates 0x20-0x2F, then one final character. A control or a
	 * non-ASCII character after ESC is left to be scanned on its own. */
	while (i < len && s[i] >= 0x20 && s[i] <= 0x2F)
		i++;
	if (i < len && s[i] >= 0x30 && s[i] <= 0x7E)
		i++;
	return i;
}

/* Skips the sequence an 8-bit C1 control (code point c, ending at i) introduces. */
static size_t skip_c1(uint32_t c, const unsigned char *s, size_t len, size_t i)
{
	switch (c) {
	case 0x9B:
		return skip_csi(s, len, i);
	case 0x9D:
		return skip_string(s, len, i, true);
	case 0x90:
	case 0x98:
	case 0x9E:
	case 0x9F:
		return skip_string(s, len, i, false);
	default:
		return i;
	}
}

/* The scanner. With dst NULL, returns NOT_SAFE at the first change and 0 when there is none. */
static size_t scan(char *dst, const char *str, size_t len, unsigned flags, struct rb_san_state *st)
{
	const unsigned char *s = (const unsigned char *)str;
	const char newline = (flags & RB_SAN_SINGLE_LINE) ? ' ' : '\n';
	bool base = st->base;
	unsigned marks = st->marks;
	size_t i = 0, o = 0;

#define CHANGED()                                                                                  \
	do {                                                                                       \
		if (!dst)                                                                          \
			return NOT_SAFE;                                                           \
	} while (0)
#define PUT(p, n)                                                                                  \
	do {                                                                                       \
		if (dst)                                                                           \
			memcpy(dst + o, (p), (n));                                                 \
		o += (n);                                                                          \
	} while (0)

	while (i < len) {
		unsigned char b = s[i];
		if (b >= 0x20 && b < 0x7F) {
			size_t j = i + 1;
			while (j < len && s[j] >= 0x20 && s[j] < 0x7F)
				j++;
			PUT(s + i, j - i);
			i = j;
			base = true;
			marks = 0;
			continue;
		}
		if (b == '\n' || b == '\t') {
			char c = (b == '\n') ? newline : ((flags & RB_SAN_KEEP_TAB) ? '\t' : ' ');
			if (c != (char)b)
				CHANGED();
			PUT(&c, 1);
			i++;
			base = (c != '\n');
			marks = 0;
			continue;
		}
		if (b < 0x80) {
			CHANGED();
			i = (b == 0x1B) ? skip_escape(s, len, i + 1) : i + 1;
			continue;
		}
		uint32_t cp;
		size_t n = rb_utf8_decode(str + i, len - i, &cp);
		if (cp == RB_REPLACEMENT_CHAR && n == 1) {
			/* Invalid UTF-8 shows as U+FFFD. A raw 0x9B is CSI to a terminal in 8-bit
			 * mode, so its parameters go with it, as for its UTF-8 form. */
			CHANGED();
			PUT("\xEF\xBF\xBD", 3);
			i = b == 0x9B ? skip_csi(s, len, i + 1) : i + 1;
			base = true;
			marks = 0;
			continue;
		}
		if (cp <= 0x9F) {
			CHANGED();
			i = skip_c1(cp, s, len, i + n);
			continue;
		}
		if (cp == 0x2028 || cp == 0x2029) {
			CHANGED();
			PUT(&newline, 1);
			i += n;
			base = (newline != '\n');
			marks = 0;
			continue;
		}
		if (is_format(cp)) {
			CHANGED();
			i += n;
			continue;
		}
		if (rb_cp_width(cp) == 0) {
			if (!base || marks >= MAX_MARKS) {
				CHANGED();
				i += n;
				continue;
			}
			marks++;
		} else {
			base = true;
			marks = 0;
		}
		PUT(s + i, n);
		i += n;
	}
#undef CHANGED
#undef PUT
	st->base = base;
	st->marks = marks;
	return dst ? o : 0;
}

size_t rb_sanitize_to(char *dst, const char *s, size_t len, unsigned flags, struct rb_san_state *st)
{
	struct rb_san_state fresh = RB_SAN_STATE_INIT;
	if (!s || len == 0)
		return 0;
	return scan(dst, s, len, flags, st ? st : &fresh);
}

char *rb_sanitize(const char *s, size_t len, unsigned flags, size_t *out_len)
{
	struct rb_san_state st = RB_SAN_STATE_INIT;
	char *out;
	size_t n;

	if (!s)
		len = 0;
	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	if (len == 0 || scan(NULL, s, len, flags, &st) != NOT_SAFE) {
		out = malloc(len + 1);
		if (!out)
			return NULL;
		if (len)
			memcpy(out, s, len);
		n = len;
	} else {
		st = (struct rb_san_state)RB_SAN_STATE_INIT;
		out = malloc(3 * len + 1);
		if (!out)
			return NULL;
		n = scan(out, s, len, flags, &st);
	}
	out[n] = '\0';
	if (out_len)
		*out_len = n;
	return out;
}

bool rb_is_safe_display(const char *s, size_t len)
{
	struct rb_san_state st = RB_SAN_STATE_INIT;
	if (!s || len == 0)
		return true;
	return scan(NULL, s, len, 0, &st) != NOT_SAFE;
}
