/* strategy_html.c - the strategy document as one self-contained HTML page (title page, the
 * readiness chart as inline SVG, A4 print styles) for a board meeting (see strategy.h). */
#include "content/strategy.h"

#include "content/buf.h"
#include "content/roadmap.h"
#include "content/strategy_internal.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The readiness chart: one row per dimension, the current level filled, the target outlined.
 * Inline SVG, no script, no external files. */
char *rb_strategy_svg_chart(const struct rb_readiness *rows, size_t n)
{
	const int row_h = 30, label_w = 270, unit = 56, top = 28;
	int max = 5;
	for (size_t i = 0; i < n; i++)
		if (rows[i].max > max)
			max = rows[i].max;
	int width = label_w + unit * max + 90, height = top + row_h * (int)n + 10;
	struct rb_buf b = {0};
	rb_buf_printf(&b,
		      "<figure class=\"readiness\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
		      "role=\"img\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
		      "aria-label=\"Readiness now and target for each dimension\">\n",
		      width, height);
	for (int p = 0; p <= max; p++)
		rb_buf_printf(&b,
			      "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ccc\"/>"
			      "<text x=\"%d\" y=\"18\" font-size=\"12\" text-anchor=\"middle\">%d"
			      "</text>\n",
			      label_w + p * unit, top - 6, label_w + p * unit, height - 6,
			      label_w + p * unit, p);
	for (size_t i = 0; i < n; i++) {
		const struct rb_readiness *r = &rows[i];
		int y = top + row_h * (int)i;
		rb_buf_printf(&b, "<text x=\"0\" y=\"%d\" font-size=\"13\">", y + 19);
		rb_buf_put_html(&b, r->dim->title);
		rb_buf_puts(&b, "</text>\n");
		if (r->target > 0)
			rb_buf_printf(&b,
				      "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" "
				      "fill=\"none\" stroke=\"#e08a00\" stroke-width=\"2\" "
				      "stroke-dasharray=\"4 3\"/>\n",
				      label_w, y + 6, r->target * unit);
		if (r->current > 0)
			rb_buf_printf(&b,
				      "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" "
				      "fill=\"#2e7d32\"/>\n",
				      label_w, y + 6, r->current * unit);
		if (r->current >= 0 || r->target >= 0) {
			char now[16] = "-", aim[16] = "-";
			if (r->current >= 0)
				snprintf(now, sizeof now, "%d", r->current);
			if (r->target >= 0)
				snprintf(aim, sizeof aim, "%d", r->target);
			rb_buf_printf(&b,
				      "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s → %s</text>\n",
				      label_w + unit * max + 10, y + 19, now, aim);
		}
	}
	rb_buf_puts(&b, "</svg><figcaption>Filled: where we are now. Dashed outline: our "
			"target.</figcaption></figure>\n");
	return rb_buf_take(&b);
}

char *rb_strategy_html(const struct rb_curriculum *c, char *const *answers,
		       const struct rb_strategy_info *info, unsigned flags)
{
	cmark_node *doc = rb_strategy_tree(c, answers, info, flags, true);
	if (!doc)
		return NULL;
	char *body = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	cmark_node_free(doc);
	if (!body)
		return NULL;
	struct rb_buf b = {0};
	rb_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<title>");
	if (info && info->company) {
		rb_buf_put_html(&b, info->company);
		rb_buf_puts(&b, ": ");
	}
	rb_buf_puts(&b,
		    "Digital strategy and technology roadmap</title>\n<style>\n"
		    "@page { size: A4; margin: 18mm 16mm; }\n"
		    "body { font-family: Georgia, 'DejaVu Serif', serif; font-size: 11pt; "
		    "line-height: 1.45; max-width: 46em; margin: 2em auto; padding: 0 1em; "
		    "color: #222; }\n"
		    "h1, h2, h3, h4 { font-family: Helvetica, Arial, 'DejaVu Sans', sans-serif; "
		    "break-after: avoid; }\n"
		    "h2 { border-bottom: 2px solid #2e7d32; padding-bottom: 0.2em; "
		    "margin-top: 2em; }\n"
		    "h2 + p em { color: #555; }\n"
		    "li, figure, tr { break-inside: avoid; }\n"
		    ".title-page { min-height: 60vh; display: flex; flex-direction: column; "
		    "justify-content: center; }\n"
		    ".title-page h1 { font-size: 28pt; margin: 0 0 0.3em; }\n"
		    ".title-page .company { font-size: 18pt; margin: 0; }\n"
		    ".title-page p { margin: 0.2em 0; }\n"
		    "figure.readiness { margin: 1em 0; }\n"
		    "figcaption { font-size: 9pt; color: #555; }\n"
		    "@media print {\n"
		    "  body { max-width: none; margin: 0; }\n"
		    "  .title-page { min-height: 240mm; break-after: page; }\n"
		    "  h2 { break-before: page; }\n"
		    "}\n</style>\n</head>\n<body>\n<header class=\"title-page\">\n"
		    "<h1>Digital strategy and technology roadmap</h1>\n");
	if (info && info->company) {
		rb_buf_puts(&b, "<p class=\"company\">");
		rb_buf_put_html(&b, info->company);
		rb_buf_puts(&b, "</p>\n");
	}
	if (info && info->name) {
		rb_buf_puts(&b, "<p>Prepared by ");
		rb_buf_put_html(&b, info->name);
		rb_buf_puts(&b, "</p>\n");
	}
	if (info && info->date) {
		rb_buf_puts(&b, "<p>");
		rb_buf_put_html(&b, info->date);
		rb_buf_puts(&b, "</p>\n");
	}
	if (c->title) {
		rb_buf_puts(&b, "<p><em>");
		rb_buf_put_html(&b, c->title);
		rb_buf_puts(&b, "</em></p>\n");
	}
	rb_buf_puts(&b, "</header>\n<main>\n");
	rb_buf_puts(&b, body);
	rb_buf_puts(&b, "</main>\n</body>\n</html>\n");
	free(body);
	return rb_buf_take(&b);
}
