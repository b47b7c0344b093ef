/* version.c - the program's version string, in one place. */
#include "tui/version.h"

const char *rb_version(void)
{
	return RB_VERSION;
}
