/* fuzz_sanitize.c - libFuzzer harness for the terminal sanitiser (content/sanitize.h).
 *
 * Input: byte 0 chooses the flags (bit 0 RB_SAN_KEEP_TAB, bit 1 RB_SAN_SINGLE_LINE), byte 1 the
 * piece size for rb_sanitize_to() in pieces; the rest is the text. Checked on every output:
 * valid UTF-8; no C0 control but '\n' (not with RB_SAN_SINGLE_LINE) and '\t' (only with
 * RB_SAN_KEEP_TAB); no DEL; no C1 control U+0080-U+009F; no bidi control, zero-width or other
 * format character, no U+2028/U+2029; at most 3 combining marks after a base character and none
 * without one; rb_is_safe_display() holds (tabs aside); sanitising twice gives the same text as
 * once; rb_sanitize_to() writes the same bytes as rb_sanitize(); rb_is_safe_display(s) is true
 * exactly when rb_sanitize(s, 0) leaves s unchanged; text sanitised piece by piece with a shared
 * state is as safe as text sanitised whole. */
#include "content/sanitize.h"
#include "content/utf8.h"
#include "fuzz_util.h"

#include <stdbool.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

/* Format characters that must never reach the terminal (sanitize.h and docs/rendering.md). */
static bool is_forbidden_cp(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9F) || c == 0x00AD || c == 0x061C || c == 0x180E ||
	       (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2060 && c <= 0x206F) || c == 0x2028 || c == 0x2029 || c == 0xFEFF ||
	       (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xE0000 && c <= 0xE007F);
}

/* Every rule a sanitised text obeys, whatever the input. */
static void check_safe(const char *s, size_t len, unsigned flags)
{
	FUZZ_CHECK(rb_utf8_valid(s, len, NULL));
	bool base = false;
	unsigned marks = 0;
	for (size_t i = 0; i < len;) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) {
			if (b == '\n')
				FUZZ_CHECK(!(flags & RB_SAN_SINGLE_LINE));
			else if (b == '\t')
				FUZZ_CHECK(flags & RB_SAN_KEEP_TAB);
			else
				FUZZ_CHECK(b >= 0x20 && b != 0x7F);
			base = b != '\n';
			marks = 0;
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = rb_utf8_decode(s + i, len - i, &cp);
		FUZZ_CHECK(!is_forbidden_cp(cp));
		if (rb_cp_width(cp) == 0) {
			FUZZ_CHECK(base);         /* a mark has a base character */
			FUZZ_CHECK(++marks <= 3); /* and at most 3 marks follow it */
		} else {
			base = true;
			marks = 0;
		}
		i += n;
	}
}

static void check_flags(const char *in, size_t len, unsigned flags)
{
	size_t olen = (size_t)-1;
	char *out = rb_sanitize(in, len, flags, &olen);
	FUZZ_CHECK(out != NULL);
	FUZZ_CHECK(olen <= 3 * len);
	FUZZ_CHECK(strlen(out) == olen);
	check_safe(out, olen, flags);
	if (flags & RB_SAN_KEEP_TAB) {
		/* rb_is_safe_display() speaks of flags 0, where a tab becomes a space */
		char *t = malloc(olen + 1);
		FUZZ_CHECK(t != NULL);
		memcpy(t, out, olen + 1);
		for (size_t i = 0; i < olen; i++)
			if (t[i] == '\t')
				t[i] = ' ';
		FUZZ_CHECK(rb_is_safe_display(t, olen));
		free(t);
	} else {
		FUZZ_CHECK(rb_is_safe_display(out, olen));
	}

	/* idempotent */
	size_t olen2;
	char *out2 = rb_sanitize(out, olen, flags, &olen2);
	FUZZ_CHECK(out2 != NULL);
	FUZZ_CHECK(olen2 == olen && memcmp(out, out2, olen) == 0);
	free(out2);

	/* the low-level form writes the same bytes */
	char *dst = malloc(3 * len + 1);
	FUZZ_CHECK(dst != NULL);
	size_t n = rb_sanitize_to(dst, in, len, flags, NULL);
	FUZZ_CHECK(n == olen && memcmp(dst, out, n) == 0);
	free(dst);

	if (flags == 0)
		FUZZ_CHECK(rb_is_safe_display(in, len) == (olen == len && !memcmp(in, out, len)));
	free(out);
}

/* Text split into pieces of piece bytes, sanitised with one state. */
static void check_pieces(const char *in, size_t len, unsigned flags, size_t piece)
{
	char *dst = malloc(3 * len + 1);
	FUZZ_CHECK(dst != NULL);
	struct rb_san_state st = RB_SAN_STATE_INIT;
	size_t o = 0;
	for (size_t at = 0; at < len; at += piece) {
		size_t n = len - at < piece ? len - at : piece;
		o += rb_sanitize_to(dst + o, in + at, n, flags, &st);
		FUZZ_CHECK(o <= 3 * (at + n));
	}
	check_safe(dst, o, flags);
	free(dst);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	unsigned flags = data[0] & 3u;
	size_t piece = data[1] ? data[1] : 1;
	const char *in = (const char *)data + 2;
	size_t len = size - 2;
	check_flags(in, len, flags);
	if (flags)
		check_flags(in, len, 0);
	check_pieces(in, len, flags, piece);
	return 0;
}
