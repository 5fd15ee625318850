/*
 * campaign_int.h — what campaign.c, campaign_data.c and campaign_demo.c share.
 */
#ifndef ANJIAN_MOD_CAMPAIGN_INT_H
#define ANJIAN_MOD_CAMPAIGN_INT_H

#include <stddef.h>

struct cmp_tpl_phase { const char *name, *start, *end; };
struct cmp_tpl_item {
	const char *name;
	const char *kind;	/* selfcheck | activity | document */
	const char *activity;	/* study | snapshot | exchange | lecture | article | inspection */
	const char *checklist;	/* selfcheck: the shipped checklist code */
	const char *due;	/* in the template's year */
	const char *description;
};
struct cmp_template {
	const char *code, *name, *issuer, *source, *description;
	int year;		/* the year the document's dates are of */
	const char *start, *end;
	const char *target;	/* all | high_risk */
	const struct cmp_tpl_phase *phases;
	size_t nphases;
	const struct cmp_tpl_item *items;
	size_t nitems;
};
extern const struct cmp_template cmp_templates[];
extern const size_t cmp_ntemplates;
const struct cmp_template *cmp_template_find(const char *code);

#endif
