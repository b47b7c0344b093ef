/* parts.h - rendered parts of a document kept with the answer each was made from, so that a
 * document rebuilt after one answer changed renders only that answer's part again (the answers
 * files, content/answers_md.c; strategy.md, content/strategy.c).
 *
 * A part may depend only on its slot (an exercise, a section) of one curriculum and on its key
 * (the answer; NULL for no answer). */
#ifndef ROADBOOK_PARTS_H
#define ROADBOOK_PARTS_H

#include <stdbool.h>
#include <stddef.h>

struct rb_parts {
	const void *owner; /* what the parts were made for (a curriculum); NULL: none kept */
	size_t n;          /* slots */
	char **key;        /* per slot: the key its part was made from (a copy) */
	char **text;       /* per slot: the part; NULL when none is kept */
};

/* Makes p hold n slots for owner: kept as they are when p already does, else emptied. false
 * when out of memory: p then keeps nothing, and the caller renders every part. */
bool rb_parts_for(struct rb_parts *p, const void *owner, size_t n);
/* The part kept in slot i for key, or NULL. */
const char *rb_parts_get(const struct rb_parts *p, size_t i, const char *key);
/* Keeps text (taken: freed when it cannot be kept) in slot i, made from key. */
void rb_parts_put(struct rb_parts *p, size_t i, const char *key, char *text);
/* Frees every part; p keeps nothing until rb_parts_for. */
void rb_parts_clear(struct rb_parts *p);

#endif
