/*
 * training_int.h — what the files of the training module share (training.c the
 * declarations and hooks, training_std.c 标准化 and PPE, training_demo.c the demo).
 */
#ifndef ANJIAN_MOD_TRAINING_INT_H
#define ANJIAN_MOD_TRAINING_INT_H

#include <jansson.h>
#include <stdint.h>

#include "entity/entity.h"

#define RB(r) (1u << (r))
/* Who keeps an enterprise's training records: its manager and principal, and the
 * administrator; the regulator reads them. */
#define TR_WRITERS (RB(ROLE_ADMIN) | RB(ROLE_ENT_MANAGER) | RB(ROLE_ENT_PRINCIPAL))

/* SQL over a person row aliased t; TODAY is "{today}" (declarations) or "?" (the
 * home's counts). Hours this year: the sessions of this calendar year attended and
 * passed (a session without an exam passes everyone present). */
#define TR_SQL_HOURS(TODAY) \
	"(SELECT COALESCE(SUM(s.hours), 0) FROM training_attendance a" \
	" JOIN training_session s ON s.id = a.session_id WHERE a.employee_id = t.id" \
	" AND a.passed = 1 AND substr(s.session_date, 1, 4) = substr(" TODAY ", 1, 4))"
/* Short of this year's hours. */
#define TR_SQL_SHORT(TODAY) \
	"(t.status = 'in_post' AND t.required_hours > 0 AND " TR_SQL_HOURS(TODAY) \
	" < t.required_hours)"
/* The last examined training was failed (004 第9项 考核不合格). */
#define TR_SQL_FAILED \
	"((SELECT a.passed FROM training_attendance a JOIN training_session s" \
	" ON s.id = a.session_id WHERE a.employee_id = t.id AND s.has_exam = 1" \
	" ORDER BY s.session_date DESC, a.id DESC LIMIT 1) = 0)"
/* Lacks the certificate the kind requires (法律法规规定应具备而未取得相应资格). */
#define TR_SQL_NOCERT(TODAY) \
	"(t.required_cert IS NOT NULL AND NOT EXISTS (SELECT 1 FROM training_cert c" \
	" WHERE c.employee_id = t.id AND c.kind = t.required_cert" \
	" AND (c.due_date IS NULL OR c.due_date >= " TODAY ")))"
#define TR_SQL_NOT_ON_DUTY(TODAY) \
	"(t.status = 'in_post' AND (" TR_SQL_FAILED " OR " TR_SQL_NOCERT(TODAY) "))"

/* Certificate rows aliased t: due_date / warn_from are kept by the module. */
#define TR_SQL_CERT_EXPIRED(TODAY) "(t.due_date IS NOT NULL AND t.due_date < " TODAY ")"
#define TR_SQL_CERT_EXPIRING(TODAY) \
	"(t.due_date IS NOT NULL AND t.warn_from <= " TODAY " AND t.due_date >= " TODAY ")"

/* training.c */
/* The enterprise org a record of c belongs to: obj's org_id (or the user's org)
 * must be an enterprise or one of its units; sets obj's org_id to the enterprise
 * (and, when unit_field is given and empty, that field to the unit). 0 ok, -1 with
 * e filled. */
int tr_org_check(struct ectx *c, json_t *obj, const char *unit_field, struct verr *e);
/* 1 if person id belongs to enterprise org; 0 not or missing, -1 error. */
int tr_employee_of(struct db *db, int64_t id, int64_t org);
/* A configured figure (training_setting), dflt when absent; industry (the
 * enterprise's high-risk code) selects an industry's own row first. */
double tr_setting(struct db *db, const char *key, const char *industry, double dflt);
/* The enterprise's high-risk code and division, static-free copies in c's arena. */
int tr_enterprise_industry(struct ectx *c, int64_t org, const char **high_risk,
			   const char **division);

/* training_std.c: 标准化 grading, self-assessment, PPE issues. */
void training_std_init(void);
extern const struct obligation_def training_std_assessment_duty;

#endif
