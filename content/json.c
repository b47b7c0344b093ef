/* json.c - JSON string escaping (see json.h). */
#include "content/json.h"

#include "content/utf8.h"

#include <string.h>

int rb_json_string(struct rb_buf *b, const char *s)
{
	if (!s)
		return rb_buf_puts(b, "null");
	rb_buf_puts(b, "\"");
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = rb_utf8_decode(s + i, len - i, &cp);
		if (cp == '"')
			rb_buf_puts(b, "\\\"");
		else if (cp == '\\')
			rb_buf_puts(b, "\\\\");
		else if (cp == '\n')
			rb_buf_puts(b, "\\n");
		else if (cp == '\t')
			rb_buf_puts(b, "\\t");
		else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 ||
			 cp == 0x2029)
			rb_buf_printf(b, "\\u%04x", (unsigned)cp);
		else if (cp == RB_REPLACEMENT_CHAR && n == 1)
			rb_buf_puts(b, "\xEF\xBF\xBD");
		else
			rb_buf_append(b, s + i, n);
		i += n;
	}
	return rb_buf_puts(b, "\"");
}
