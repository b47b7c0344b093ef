/* test_buf.c - the growable buffer (content/buf.h): rb_buf_printf writes in one pass when the
 * text fits in the room left and in two otherwise; both must give what snprintf gives, at every
 * length around the buffer's capacity. */
#include "content/buf.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>

/* Appends texts of every length from 0 to 300 after a prefix of every length from 0 to 200,
 * so that each lands before, on and after the capacity's edge, and compares with a reference
 * built by snprintf. */
static void test_printf_edges(void)
{
	char text[301], want[600];
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	int bad = 0;
	for (size_t pre = 0; pre <= 200; pre += 7) {
		for (size_t n = 0; n <= 300; n++) {
			struct rb_buf b = {0};
			if (pre)
				rb_buf_append(&b, text, pre);
			int rc = rb_buf_printf(&b, "%.*s|%zu", (int)n, text, n);
			snprintf(want, sizeof want, "%.*s%.*s|%zu", (int)pre, text, (int)n, text,
				 n);
			if (rc != 0 || !b.data || strcmp(b.data, want) != 0 ||
			    b.len != strlen(want) || b.len + 1 > b.cap)
				bad++;
			rb_buf_free(&b);
		}
	}
	CHECK(bad == 0);
}

/* Many small pieces, then a large one: the result is every piece in order. */
static void test_printf_many(void)
{
	struct rb_buf b = {0};
	struct rb_buf want = {0};
	for (int i = 0; i < 5000; i++) {
		rb_buf_printf(&b, "%d,", i);
		char piece[16];
		snprintf(piece, sizeof piece, "%d,", i);
		rb_buf_puts(&want, piece);
	}
	char *big = malloc(100001);
	CHECK(big != NULL);
	if (big) {
		memset(big, 'y', 100000);
		big[100000] = '\0';
		rb_buf_printf(&b, "[%s]", big);
		rb_buf_puts(&want, "[");
		rb_buf_puts(&want, big);
		rb_buf_puts(&want, "]");
	}
	CHECK(!b.oom && b.len == want.len && !strcmp(b.data, want.data));
	char *s = rb_buf_take(&b);
	CHECK(s && strlen(s) == want.len && b.data == NULL);
	free(s);
	free(big);
	rb_buf_free(&want);
	/* an empty text still gives a string */
	struct rb_buf e = {0};
	CHECK(rb_buf_printf(&e, "%s", "") == 0);
	CHECK_STR(e.data, "");
	rb_buf_free(&e);
}

int main(void)
{
	RUN(test_printf_edges);
	RUN(test_printf_many);
	return HARNESS_EXIT();
}
