/*
 * risk_int.h — private to the risk module (risk.c, risk_views.c, risk_demo.c):
 * what its files share. The demo district builds its risks through the same declarations and
 * report functions as the API.
 */
#ifndef ANJIAN_RISK_INT_H
#define ANJIAN_RISK_INT_H

#include <stdint.h>
#include <jansson.h>

#include "entity/entity.h"

extern const struct entity_def risk_point_def;	/* "risk_point" */
extern const struct entity_def risk_source_def;	/* "danger_source" */
extern const struct entity_def risk_measure_def;	/* "control_measure" */
extern const struct entity_def risk_report_def;	/* "risk_report", workflow 上报 */

/* Builds (or rebuilds a draft of) the annual risk report of enterprise org for year
 * from the data; *id gets its id, *created 1 when new. 0 ok, -1 with e filled. */
int risk_report_save(struct ectx *c, int64_t org, int year, int64_t *id, int *created,
		     struct verr *e);

#define RISK_VIEW_MAX 2000	/* rows of one due / board view */
#define RISK_SUB_MAX 200	/* sources or measures shown per risk point */
/* Columns of a risk point as the views print them (see risk_write_point). */
#define POINT_COLS "t.id, t.name, t.kind, t.location, t.method, t.factors, t.score, t.level," \
	" t.colour, t.control_level, t.responsible_name, t.responsible_phone, t.next_review," \
	" t.emergency_measures, t.unit_id, u.name, t.org_id, e.name, t.danger_class, t.last_review"
#define POINT_FROM " FROM risk_point t LEFT JOIN org u ON u.id = t.unit_id" \
	" LEFT JOIN org e ON e.id = t.org_id"
#define LEVEL_RANK "CASE t.level WHEN 'major' THEN 1 WHEN 'high' THEN 2" \
	" WHEN 'medium' THEN 3 ELSE 4 END"


struct jw;
struct db_stmt;
struct req;
struct resp;
struct risk_bands;

/* Option tables of the declarations (risk.c), also labelling the views. */
extern const struct enum_opt risk_kind_opts[], risk_method_opts[], risk_level_opts[],
	risk_colour_opts[], risk_control_opts[], risk_measure_kind_opts[];

/* Helpers of risk.c shared with risk_views.c (see their comments there). */
const char *risk_opt_label(const struct enum_opt *o, const char *code);
int risk_org_row(struct ectx *c, int64_t id, const char **path, const char **kind, const char **level, const char **name);
int64_t risk_enterprise_org_of(struct ectx *c, const char *path, const char **epath);
int risk_internal(struct ectx *c, struct verr *e, const char *what);
int risk_bands_load(struct ectx *c, const char *method, int64_t ver, struct risk_bands *out,
		    int64_t *got);
int risk_write_counts(struct ectx *c, struct jw *w, const char *key, const char *sql, int64_t org, const struct enum_opt *opts);
int risk_write_point(struct ectx *c, struct jw *w, struct db_stmt *st, int deep, int64_t today_days);

/* The views (risk_views.c), registered by risk_init(). */
int risk_due(struct req *r, struct resp *s);
int risk_distribution(struct req *r, struct resp *s);
int risk_card(struct req *r, struct resp *s);
int risk_my_card(struct req *r, struct resp *s);
int risk_board(struct req *r, struct resp *s);
int risk_bands_view(struct req *r, struct resp *s);

#endif
