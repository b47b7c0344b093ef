/* version.h - the program's version string. */
#ifndef ROADBOOK_VERSION_H
#define ROADBOOK_VERSION_H
const char *rb_version(void);
#endif
