/* parts.c - rendered parts kept with their keys (see parts.h). */
#include "content/parts.h"

#include <stdlib.h>
#include <string.h>

void rb_parts_clear(struct rb_parts *p)
{
	for (size_t i = 0; p->text && i < p->n; i++) {
		free(p->key[i]);
		free(p->text[i]);
	}
	free(p->key);
	free(p->text);
	memset(p, 0, sizeof *p);
}

bool rb_parts_for(struct rb_parts *p, const void *owner, size_t n)
{
	if (p->owner == owner && p->n == n && p->text)
		return true;
	rb_parts_clear(p);
	p->key = calloc(n + 1, sizeof *p->key);
	p->text = calloc(n + 1, sizeof *p->text);
	if (!p->key || !p->text) {
		rb_parts_clear(p);
		return false;
	}
	p->owner = owner;
	p->n = n;
	return true;
}

const char *rb_parts_get(const struct rb_parts *p, size_t i, const char *key)
{
	if (!p || !p->text || i >= p->n || !p->text[i])
		return NULL;
	const char *was = p->key[i];
	if ((was == NULL) != (key == NULL) || (key && strcmp(was, key) != 0))
		return NULL;
	return p->text[i];
}

void rb_parts_put(struct rb_parts *p, size_t i, const char *key, char *text)
{
	char *copy = key ? strdup(key) : NULL;
	if (!p || !p->text || i >= p->n || !text || (key && !copy)) {
		free(copy);
		free(text);
		return;
	}
	free(p->key[i]);
	free(p->text[i]);
	p->key[i] = copy;
	p->text[i] = text;
}
