/*
 * fund_demo.c — the demo district's records of the fund module (placeholder until
 * the demo is filled in below).
 */
#include "mod/fund.h"

int fund_demo_build(struct ectx *c)
{
	(void)c;
	return 0;
}
