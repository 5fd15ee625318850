/*
 * campaign.h — 专项行动 (issue 8, "Campaigns"): a time-boxed campaign of a
 * regulator (百日攻坚, 六个一 …) with phases, required items, the participating
 * enterprises chosen by a filter, and per enterprise × item one row with a declared
 * review workflow and a duty of the obligations calendar. See campaign.c.
 *
 * Entities (generic routes of the entity core serve them all):
 *   campaign, campaign_phase, campaign_item   the regulator's campaign (org = issuer)
 *   campaign_task                             one required item of one enterprise
 *                                             (org = the enterprise), workflow
 *                                             待提交 → 已提交 → 通过 | 退回 → 已提交 …
 * Module routes:
 *   GET  /api/campaign/templates             the shipped templates (百日攻坚, 六个一)
 *   POST /api/campaign/from-template         {template, year} → 201 the campaign
 *   POST /api/campaign/:id/launch            participants by the filter → tasks
 *   POST /api/campaign/:id/sync              self-check items done by inspections
 *   GET  /api/campaign/progress[/export]     enterprise × item rows with counts
 */
#ifndef ANJIAN_MOD_CAMPAIGN_H
#define ANJIAN_MOD_CAMPAIGN_H

#include <stdint.h>

struct db;
struct ectx;
struct home_notices;
struct jw;
struct verr;
struct obligation_def;
struct entity_def;

void campaign_init(void);
int campaign_schema(struct db *db);
int campaign_demo_build(struct ectx *c);
int campaign_jobs(struct ectx *c);
int campaign_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);
extern const struct obligation_def *const campaign_duties[];
extern const struct entity_def campaign_def, campaign_task_def;

/* Creates campaign of shipped template code for year (dates moved) with its phases
 * and items, owned by c's org (or org when c has no user), inside the caller's
 * transaction. Its id, or -1 with e filled. */
int64_t campaign_from_template_tx(struct ectx *c, const char *code, int year, int64_t org,
				  struct verr *e);
/* Stores the participants of campaign id by its filter and creates the missing
 * tasks (enterprise × item). *created gets the count. 0 ok, -1 with e filled. */
int campaign_launch_tx(struct ectx *c, int64_t id, int *created, struct verr *e);
/* Links finished self-check inspections to the pending self-check tasks of
 * campaign id (0 = every campaign). *linked gets the count. 0 ok, -1 with e. */
int campaign_sync_tx(struct ectx *c, int64_t id, int *linked, struct verr *e);

#endif
