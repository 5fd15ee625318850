/*
 * evaluation_demo.c — the demo district's evaluation: filled in the next step.
 */
#include "mod/evaluation.h"

int evaluation_demo_build(struct ectx *c)
{
	(void)c;
	return 0;
}
