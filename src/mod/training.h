/*
 * training.h — 教育培训 and 标准化 (issue 9, "Training and certificates" and "Safety
 * standardisation and PPE"): the person roster (employee), the annual training
 * plan, sessions with their attendance and the hours they give, certificates, the
 * 标准化 grading and yearly self-assessment, PPE issue records. Other modules refer
 * to people through the employee entity and ask the functions below before letting
 * a person take a role that needs a certificate (a permit's guardian, …).
 */
#ifndef ANJIAN_MOD_TRAINING_H
#define ANJIAN_MOD_TRAINING_H

#include <stdint.h>

struct db;
struct ectx;
struct home_notices;
struct jw;
struct obligation_def;

void training_init(void);
int training_schema(struct db *db);
int training_recompute(struct db *db);	/* required hours / certificate of every person */
int training_demo_build(struct ectx *c);
int training_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);
extern const struct obligation_def *const training_duties[];

/* 1 if employee_id holds a certificate of kind ("special_op", "principal",
 * "safety_manager", "engineer") valid on date ("YYYY-MM-DD": neither expired nor
 * past its review date), 0 if not (or no such person), -1 on a database error. */
int employee_cert_valid(struct db *db, int64_t employee_id, const char *kind, const char *date);
/* 1 if the person may be on duty on date (004 第9项: 安全生产教育培训考核不合格的
 * 从业人员和法律法规规定应具备而未取得相应资格的人员，不得上岗作业): in post, the last
 * examined training passed, and the certificate the person's kind requires valid.
 * 0 not (reason, when given, gets a static Chinese text), -1 error. */
int employee_fit_for_duty(struct db *db, int64_t employee_id, const char *date,
			  const char **reason);

#endif
