/*
 * accident.h — 事故快报与统计 (accident.c, accident_flow.c, accident_stat.c,
 * accident_demo.c): the quick report of 国务院令第493号 Art. 12 with its grade
 * (Art. 3), the one-hour duty (Art. 9), 补报/续报 (Art. 13), the investigation
 * with the government's 批复 and 追责落实, corrective actions with their
 * post-evaluation (seeds/003 item 45), near misses, and the annual statistics sent
 * to 区国资委 by mid-January (seeds/000 §二(四)3).
 */
#ifndef ANJIAN_MOD_ACCIDENT_H
#define ANJIAN_MOD_ACCIDENT_H

#include <stdint.h>

struct db;
struct ectx;
struct home_notices;
struct jw;
struct obligation_def;

void accident_init(void);
int accident_schema(struct db *db);
int accident_demo_build(struct ectx *c);
int accident_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);
extern const struct obligation_def *const accident_duties[];

#endif
