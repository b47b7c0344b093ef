/* version.c - the program's version string, in one place. */
#include "app/version.h"

const char *rb_version(void)
{
	return RB_VERSION;
}
