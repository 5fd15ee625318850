/* permit_demo.c — the demo district's permits (filled below). */
#include "entity/entity.h"
#include "mod/permit.h"

int permit_demo_build(struct ectx *c)
{
	(void)c;
	return 0;
}
