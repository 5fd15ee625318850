/*
 * target.h — "the enterprises a target selects within a scope": who must submit a
 * 报送类型 (submit.c), who takes part in a 专项行动 (campaign.c), asked once, here.
 *
 * A target is what the regulator chose on its form: every enterprise it may see
 * (all), the high-risk ones (high_risk), one 行业门类 (industry), a list of
 * enterprise org ids (list), or a kind a module registers (campaign.c: "campaign",
 * the participants of a campaign). The selection is always of active enterprises
 * (OB_ENTERPRISE_ACTIVE) inside the viewer org's scope (scope_org), so a target can
 * never reach an enterprise the regulator does not supervise.
 *
 * Also here: the two transaction steps every module handler that writes several
 * rows shares (begin, commit with its 500 answers).
 */
#ifndef ANJIAN_ENTITY_TARGET_H
#define ANJIAN_ENTITY_TARGET_H

#include <stdint.h>
#include <jansson.h>

struct db;
struct arena;
struct req;
struct resp;

struct ent_target {
	const char *kind;	/* "all" | "high_risk" | "industry" | "list" | a registered kind */
	const char *industry;	/* industry: 门类代码 "C" */
	const char *list;	/* list: enterprise org ids, comma separated */
	int64_t ref;		/* a registered kind: the row it names (a campaign id) */
};

/* The target of a row that declares it the usual way: members target,
 * target_industry, target_list and target_ref_field (NULL = none; e.g.
 * "target_campaign_id"). Strings point into row (which must outlive t). */
void ent_target_of_row(const json_t *row, const char *target_ref_field, struct ent_target *t);

/* 1 if l is a well-formed list: only digits, commas and blanks (and not NULL). */
int ent_target_list_ok(const char *l);
/* 1 if org is one of the ids of comma list l. */
int ent_target_list_has(const char *l, int64_t org);

/* A module's own kind: the comma list of enterprise org ids that row ref selects
 * (an arena string of a, "" for none), found without scope (the core intersects it
 * with the viewer's). 0 ok, -1 error (logged). */
typedef int (*ent_target_resolve_fn)(struct db *db, struct arena *a, int64_t ref, const char **list);
/* Registers kind (a constant) with its resolver; call from a module's init. */
void ent_target_kind_register(const char *kind, ent_target_resolve_fn fn);

/*
 * The org ids (ascending) of the active enterprises t selects among those viewer (an
 * org id) may see. *out is malloc'ed (the caller frees it, NULL when none), *n their
 * count. An unknown kind or a registered kind that fails is an error. a holds what a
 * resolver returns. 0 ok, -1 error (logged; *out NULL, *n 0).
 */
int ent_target_orgs(struct db *db, struct arena *a, int64_t viewer, const struct ent_target *t,
		    int64_t **out, int *n);
/* 1 if enterprise org is among them, 0 not, -1 error. */
int ent_target_has(struct db *db, struct arena *a, int64_t viewer, const struct ent_target *t,
		   int64_t org);

/* A handler's transaction: begin (0, or the 500 sent: return it), commit (0, or
 * rolled back with the 500 sent). */
int ent_tx_begin(struct req *r, struct resp *s);
int ent_tx_commit(struct req *r, struct resp *s);

#endif
