/*
 * accident_demo.c — the demo district's accident records (filled in next).
 */
#include "entity/entity.h"
#include "mod/accident.h"

int accident_demo_build(struct ectx *c)
{
	(void)c;
	return 0;
}
