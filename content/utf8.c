/* utf8.c - UTF-8 decoding and display width (see utf8.h). */
#include "content/utf8.h"

#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <wchar.h>

bool rb_utf8_locale_init(void)
{
	const char *codeset = nl_langinfo(CODESET);
	if (codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0))
		return true;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	return false;
}

size_t rb_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c = s[0];
	size_t n;
	uint32_t min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		*cp = RB_REPLACEMENT_CHAR;
		return 1;
	}
	if (len < n) {
		*cp = RB_REPLACEMENT_CHAR;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = RB_REPLACEMENT_CHAR;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = RB_REPLACEMENT_CHAR;
		return 1;
	}
	*cp = c;
	return n;
}

size_t rb_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = RB_REPLACEMENT_CHAR;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

bool rb_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = rb_utf8_decode(s + i, len - i, &cp);
		if (cp == RB_REPLACEMENT_CHAR && n == 1 && (unsigned char)s[i] >= 0x80) {
			if (bad_offset)
				*bad_offset = i;
			return false;
		}
		i += n;
	}
	return true;
}

int rb_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1; /* unassigned or unknown to the C library: assume one column */
	return w > 2 ? 2 : w;
}

size_t rb_utf8_width(const char *s, size_t len)
{
	size_t i = 0, w = 0;
	while (i < len) {
		uint32_t cp;
		i += rb_utf8_decode(s + i, len - i, &cp);
		w += (size_t)rb_cp_width(cp);
	}
	return w;
}

size_t rb_utf8_prefix_for_width(const char *s, size_t len, size_t cols)
{
	size_t i = 0, w = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = rb_utf8_decode(s + i, len - i, &cp);
		int cw = rb_cp_width(cp);
		if (w + (size_t)cw > cols)
			break;
		w += (size_t)cw;
		i += n;
	}
	return i;
}
