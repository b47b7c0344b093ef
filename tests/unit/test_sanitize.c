/* test_sanitize.c - the terminal sanitiser against a corpus of hostile sequences, each with
 * its exact expected output, normal text that must pass unchanged, and random bytes. */
#include "content/sanitize.h"
#include "content/utf8.h"
#include "harness.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FFFD  "\xEF\xBF\xBD"
#define ACUTE "\xCC\x81" /* U+0301 COMBINING ACUTE ACCENT */

struct hostile {
	const char *name;
	const char *in;
	size_t len; /* 0: strlen(in) */
	unsigned flags;
	const char *want;
};

/* Octal escapes (\033, \007) throughout: a hex escape would swallow a following letter. */
static const struct hostile corpus[] = {
    /* OSC */
    {"OSC 0 title, BEL", "a\033]0;pwned\007b", 0, 0, "ab"},
    {"OSC 2 title, ST", "a\033]2;title\033\\b", 0, 0, "ab"},
    {"OSC 8 hyperlink", "\033]8;;http://evil.example/\033\\click\033]8;;\033\\", 0, 0, "click"},
    {"OSC 52 clipboard write", "x\033]52;c;cm0gLXJmIH4=\007y", 0, 0, "xy"},
    {"OSC 52 clipboard query", "\033]52;c;?\007", 0, 0, ""},
    {"OSC 4 palette", "p\033]4;1;rgb:ff/00/00\033\\q", 0, 0, "pq"},
    {"OSC unterminated at end", "safe\033]52;c;abc", 0, 0, "safe"},
    {"OSC aborted by ESC", "a\033]0;t\033[31mb", 0, 0, "ab"},
    {"OSC ended by 8-bit ST",
     "a\033]0;t\xC2\x9C"
     "b",
     0, 0, "ab"},
    /* CSI */
    {"CSI SGR", "\033[31mred\033[0m", 0, 0, "red"},
    {"CSI SGR truecolour", "\033[1;38;2;255;0;0mX\033[m", 0, 0, "X"},
    {"CSI cursor up", "a\033[5Ab", 0, 0, "ab"},
    {"CSI home and clear", "\033[H\033[2Jcleared", 0, 0, "cleared"},
    {"CSI erase line", "a\033[2Kb", 0, 0, "ab"},
    {"CSI cursor position", "\033[10;20Hx", 0, 0, "x"},
    {"CSI private mode", "\033[?1049hA\033[?25l", 0, 0, "A"},
    {"CSI with intermediate", "a\033[1 qb", 0, 0, "ab"},
    {"CSI device status report", "\033[6n", 0, 0, ""},
    {"CSI title report", "\033[21t", 0, 0, ""},
    {"CSI scroll region", "\033[1;5rz", 0, 0, "z"},
    {"CSI truncated at end", "end\033[1;3", 0, 0, "end"},
    {"CSI broken by newline", "a\033[31\nb", 0, 0, "a\nb"},
    /* other ESC sequences */
    {"ESC at end", "x\033", 0, 0, "x"},
    {"ESC 7 / ESC 8", "\0337a\0338", 0, 0, "a"},
    {"ESC c reset", "\033cX", 0, 0, "X"},
    {"ESC ( B charset", "\033(Bx", 0, 0, "x"},
    {"ESC # 8 alignment", "\033#8y", 0, 0, "y"},
    {"ESC ESC CSI", "\033\033[31mz", 0, 0, "z"},
    {"ESC before newline", "a\033\nb", 0, 0, "a\nb"},
    /* DCS, APC, PM, SOS */
    {"DCS request", "a\033P1$r0m\033\\b", 0, 0, "ab"},
    {"DCS tmux passthrough", "\033Ptmux;\033\033]52;c;eA==\007\033\\ok", 0, 0, "ok"},
    {"DCS sixel truncated", "a\033Pq#0;2;0;0;0", 0, 0, "a"},
    {"APC kitty graphics", "a\033_Gf=100;AAAA\033\\b", 0, 0, "ab"},
    {"PM", "a\033^private\033\\b", 0, 0, "ab"},
    {"SOS", "a\033Xstring\033\\b", 0, 0, "ab"},
    /* C1 controls as UTF-8 */
    {"C1 CSI as UTF-8",
     "a\xC2\x9B"
     "31mb",
     0, 0, "ab"},
    {"C1 OSC as UTF-8",
     "a\xC2\x9D"
     "0;t\007b",
     0, 0, "ab"},
    {"C1 DCS with C1 ST",
     "a\xC2\x90"
     "q\xC2\x9C"
     "b",
     0, 0, "ab"},
    {"C1 APC as UTF-8",
     "a\xC2\x9F"
     "x\033\\b",
     0, 0, "ab"},
    {"C1 NEL as UTF-8",
     "a\xC2\x85"
     "b",
     0, 0, "ab"},
    {"C1 lone ST",
     "a\xC2\x9C"
     "b",
     0, 0, "ab"},
    /* C1 as raw bytes: invalid UTF-8, so U+FFFD; a raw CSI takes its parameters with it */
    {"C1 CSI raw byte",
     "a\x9B"
     "31mb",
     0, 0, "a" FFFD "b"},
    {"C1 NEL raw byte", "\x85", 0, 0, FFFD},
    /* C0 */
    {"CR overwrite", "safe\rEVIL", 0, 0, "safeEVIL"},
    {"CRLF", "line1\r\nline2", 0, 0, "line1\nline2"},
    {"BS", "abc\b\b\bxyz", 0, 0, "abcxyz"},
    {"BEL", "ding\007", 0, 0, "ding"},
    {"NUL in the middle", "a\0b", 3, 0, "ab"},
    {"other C0",
     "\001\002\003\004\005\006\013\014\016\017\020\021\022\023\024\025\026\027\030\031\032\034"
     "\035\036\037",
     0, 0, ""},
    {"DEL", "a\177b", 0, 0, "ab"},
    {"tab", "a\tb", 0, 0, "a b"},
    {"tab kept", "a\tb", 0, RB_SAN_KEEP_TAB, "a\tb"},
    {"newline, single line", "a\nb", 0, RB_SAN_SINGLE_LINE, "a b"},
    /* bidi and invisible characters */
    {"bidi RLO/PDF (Trojan Source)",
     "access\xE2\x80\xAE"
     "level\xE2\x80\xAC",
     0, 0, "accesslevel"},
    {"bidi LRE/RLE/LRO",
     "\xE2\x80\xAA"
     "a\xE2\x80\xAB"
     "b\xE2\x80\xAD"
     "c",
     0, 0, "abc"},
    {"bidi isolates",
     "\xE2\x81\xA6"
     "x\xE2\x81\xA7"
     "y\xE2\x81\xA8"
     "z\xE2\x81\xA9",
     0, 0, "xyz"},
    {"LRM RLM ALM", "\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C", 0, 0, ""},
    {"zero-width characters",
     "a\xE2\x80\x8B"
     "b\xE2\x80\x8C"
     "c\xE2\x80\x8D"
     "d\xE2\x81\xA0"
     "e\xEF\xBB\xBF"
     "f",
     0, 0, "abcdef"},
    {"soft hyphen",
     "soft\xC2\xAD"
     "hyphen",
     0, 0, "softhyphen"},
    {"invisible operators",
     "f\xE2\x81\xA1"
     "x\xE2\x81\xA2\xE2\x81\xA3\xE2\x81\xA4",
     0, 0, "fx"},
    {"tag characters", "hi\xF3\xA0\x81\x81\xF3\xA0\x81\xBF", 0, 0, "hi"},
    {"line separator",
     "a\xE2\x80\xA8"
     "b\xE2\x80\xA9"
     "c",
     0, 0, "a\nb\nc"},
    {"line separator, single line",
     "a\xE2\x80\xA8"
     "b",
     0, RB_SAN_SINGLE_LINE, "a b"},
    /* invalid UTF-8 */
    {"invalid byte", "\xFF", 0, 0, FFFD},
    {"truncated 2-byte at end", "x\xC3", 0, 0, "x" FFFD},
    {"truncated 3-byte", "\xE2\x82z", 0, 0, FFFD FFFD "z"},
    {"lone continuation", "\x80\xBF", 0, 0, FFFD FFFD},
    {"overlong slash", "\xC0\xAF", 0, 0, FFFD FFFD},
    {"overlong ESC", "\xC0\x9B[31m", 0, 0, FFFD FFFD "31m"},
    {"overlong 3-byte", "\xE0\x80\xAF", 0, 0, FFFD FFFD FFFD},
    {"overlong 4-byte", "\xF0\x80\x80\xAF", 0, 0, FFFD FFFD FFFD FFFD},
    {"surrogate high", "\xED\xA0\x80", 0, 0, FFFD FFFD FFFD},
    {"surrogate low", "\xED\xBF\xBF", 0, 0, FFFD FFFD FFFD},
    {"above U+10FFFF", "\xF4\x90\x80\x80", 0, 0, FFFD FFFD FFFD FFFD},
    {"F5 lead byte", "\xF5\x80", 0, 0, FFFD FFFD},
    /* combining marks */
    {"combining mark with no base", ACUTE "x", 0, 0, "x"},
    {"combining mark after newline", "a\n" ACUTE "b", 0, 0, "a\nb"},
    {"combining mark after newline made a space", "a\n" ACUTE, 0, RB_SAN_SINGLE_LINE, "a " ACUTE},
    {"four marks capped at three", "a" ACUTE ACUTE ACUTE ACUTE "b" ACUTE, 0, 0,
     "a" ACUTE ACUTE ACUTE "b" ACUTE},
    {"marks after a removed escape", "a\033[0m" ACUTE, 0, 0, "a" ACUTE},
};

static void test_corpus(void)
{
	size_t n = sizeof corpus / sizeof corpus[0];
	CHECK(n >= 50);
	for (size_t i = 0; i < n; i++) {
		const struct hostile *h = &corpus[i];
		size_t len = h->len ? h->len : strlen(h->in), out_len = 0;
		char *out = rb_sanitize(h->in, len, h->flags, &out_len);
		CHECK(out != NULL);
		if (!out)
			continue;
		if (strcmp(out, h->want) != 0 || out_len != strlen(h->want)) {
			fprintf(stderr, "  %s\n", h->name);
			CHECK_STR(out, h->want);
		}
		if (!(h->flags & RB_SAN_KEEP_TAB))
			CHECK(rb_is_safe_display(out, out_len));
		/* the unsafe input is recognised as such */
		if (h->flags == 0)
			CHECK(rb_is_safe_display(h->in, len) == (strcmp(h->in, h->want) == 0));
		free(out);
	}
}

static void test_hundred_marks(void)
{
	char in[1 + 100 * 2 + 1];
	in[0] = 'e';
	for (int i = 0; i < 100; i++)
		memcpy(in + 1 + 2 * i, ACUTE, 2);
	in[sizeof in - 1] = '\0';
	char *out = rb_sanitize(in, sizeof in - 1, 0, NULL);
	CHECK_STR(out, "e" ACUTE ACUTE ACUTE);
	CHECK(!rb_is_safe_display(in, sizeof in - 1));
	free(out);
}

static void test_normal_text(void)
{
	static const char *const texts[] = {
	    "Plain ASCII, punctuation: (a) [b] {c} <d> ~!@#$%^&*_+=|\\/?'\"`",
	    "Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
	    "e \xC3\xA0 la fran\xC3\xA7"
	    "aise, na\xC3\xAFve, \xC5\x81\xC3\xB3"
	    "d\xC5\xBA, Stra\xC3\x9F"
	    "e",
	    "e" ACUTE "cole, decomposed",
	    "\xE4\xB8\xAD\xE5\xB0\x8F\xE4\xBC\x81\xE6\xA5\xAD\xE3\x81\xAE\xE3\x83\x87\xE3\x82\xB8"
	    "\xE3\x82\xBF\xE3\x83\xAB\xE5\x8C\x96",
	    "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 \xEB\xAC\xB8\xEC\x9E\xA5",
	    "\xF0\x9F\x8F\xAD \xF0\x9F\xA4\x96 \xF0\x9F\x93\x88 \xF0\x9F\x94\xA7",
	    "\xF0\x9F\x87\xAC\xF0\x9F\x87\xA7 flag, \xE2\x9D\xA4\xEF\xB8\x8F heart",
	    "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
	    "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x80",
	    "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5",
	    "line one\nline two\n\nafter a blank line\n",
	    "box \xE2\x94\x82 \xE2\x95\x90\xE2\x95\x90 \xE2\x80\xA2 bullets \xE2\x80\x94 dash",
	    "a literal replacement character: " FFFD,
	    "",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		size_t len = strlen(texts[i]), out_len = 99;
		CHECK(rb_is_safe_display(texts[i], len));
		char *out = rb_sanitize(texts[i], len, 0, &out_len);
		CHECK_STR(out, texts[i]);
		CHECK(out_len == len);
		free(out);
	}
	CHECK(rb_is_safe_display(NULL, 0));
	char *out = rb_sanitize(NULL, 0, 0, NULL);
	CHECK_STR(out, "");
	free(out);
}

/* The state carries the mark count across pieces of one line. */
static void test_state(void)
{
	struct rb_san_state st = RB_SAN_STATE_INIT;
	char buf[64];
	size_t n = rb_sanitize_to(buf, "a" ACUTE, 3, 0, &st);
	n += rb_sanitize_to(buf + n, ACUTE ACUTE ACUTE, 6, 0, &st);
	buf[n] = '\0';
	CHECK_STR(buf, "a" ACUTE ACUTE ACUTE);
	/* without a state, a piece starts a line: its leading mark has no base */
	n = rb_sanitize_to(buf, ACUTE "b", 3, 0, NULL);
	buf[n] = '\0';
	CHECK_STR(buf, "b");
}

/* Random bytes, biased towards ESC, controls and UTF-8 lead bytes: the output is always
 * valid, safe, free of controls, and sanitising it again changes nothing. */
static void test_random(void)
{
	static const unsigned char alphabet[] = {
	    0x1B, '[',  ']',  'P',  '\\', 0x07, 0x9B, 0xC2, 0x9C, 0xE2, 0x80, 0xAE, 0xCC,
	    0x81, '\n', '\r', '\t', 0x00, 0x7F, 0xFF, 'a',  ';',  '1',  'm',  0xF0};
	unsigned long seed = 12345;
	char in[64];
	int bad = 0;
	for (int iter = 0; iter < 20000; iter++) {
		size_t len = (size_t)(iter % 63) + 1;
		for (size_t i = 0; i < len; i++) {
			seed = seed * 6364136223846793005ul + 1442695040888963407ul;
			unsigned r = (unsigned)(seed >> 33);
			in[i] =
			    (char)(r & 1 ? alphabet[(r >> 1) % sizeof alphabet] : (r >> 8) & 0xFF);
		}
		size_t n;
		char *out = rb_sanitize(in, len, 0, &n);
		if (!out) {
			bad++;
			continue;
		}
		bool ok = n <= 3 * len && rb_utf8_valid(out, n, NULL) && rb_is_safe_display(out, n);
		for (size_t i = 0; i < n; i++)
			if (((unsigned char)out[i] < 0x20 && out[i] != '\n') || out[i] == 0x7F)
				ok = false;
		char *again = rb_sanitize(out, n, 0, NULL);
		ok = ok && again && strcmp(again, out) == 0;
		if (!ok)
			bad++;
		free(again);
		free(out);
	}
	CHECK(bad == 0);
}

/* The sanitised stream (what stdout and stderr become on the command line), its buffer set to
 * 5 bytes so that characters, ESC and sequences are cut between writes: the output must be the
 * same as sanitising the whole text at once, and our own control strings pass as they are. */
static void test_stream(void)
{
	int fds[2];
	CHECK(pipe(fds) == 0);
	FILE *raw = fdopen(fds[1], "w");
	FILE *f = raw ? rb_safe_stream(raw, false) : NULL;
	CHECK(f != NULL);
	if (!f)
		return;
	static char buf[5];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	const char *text =
	    "caf\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x8f\xad \x1b[31mred \x1b]52;c;ZXZpbA==\x07"
	    "ok \xe2\x80\xae\xc2\x9b"
	    "2J\tend\n";
	fputs(text, f);
	CHECK(rb_safe_control(f, "\x1b[1m") == 0);
	fputs("bold", f);
	CHECK(rb_safe_stream_raw(f) == raw);
	CHECK(rb_safe_stream_raw(stdin) == stdin);
	fputs("\xe2\x98", f); /* cut off at the very end: U+FFFD per byte, as rb_sanitize does */
	fclose(f);
	fclose(raw);
	char got[256];
	ssize_t n = read(fds[0], got, sizeof got - 1);
	close(fds[0]);
	got[n > 0 ? n : 0] = '\0';
	CHECK_STR(got, "caf\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x8f\xad red ok \tend\n\x1b[1mbold"
		       "\xef\xbf\xbd\xef\xbf\xbd");
}

int main(void)
{
	setlocale(LC_ALL, "");
	rb_utf8_locale_init();
	RUN(test_corpus);
	RUN(test_hundred_marks);
	RUN(test_normal_text);
	RUN(test_state);
	RUN(test_random);
	RUN(test_stream);
	return HARNESS_EXIT();
}
