/*
 * ledger.h — 专项台账 (issue 10, "special ledgers the documents name"): the ledgers of
 * seeds/003 第26项 and seeds/004 第21、24、25项 and 应急管理部令第10号 第十三条:
 *
 *   major_hazard            重大危险源 (GB 18218-2018): grade 一级–四级 (from R when
 *                           given, rules/ledger.c), filing 备案日期/备案号, online
 *                           monitoring; flags 未备案, 包保责任人不全;
 *   major_hazard_point      监测点: kind, alarm thresholds, online;
 *   major_hazard_guardian   三级包保责任人 (主要负责人 / 技术负责人 / 操作负责人: name,
 *                           position, phone, duty) and the next due of each one's
 *                           periodic 履职 (quarterly / monthly / weekly), a duty of the
 *                           obligations calendar per person;
 *   major_hazard_duty       包保履职记录 (what proves that duty);
 *   hazardous_chemical      危险化学品 in use: CAS, UN, max storage, storage place,
 *                           重点监管, MSDS (missing flagged), linked 重大危险源;
 *   chemical_check          the yearly 申报 and 对标自查 of seeds/004 第24项 (a yearly
 *                           duty of enterprises using hazardous chemicals);
 *   confined_space          有限空间: identified, logged, signposted (photo); the 令第10号
 *                           第十三条第1项 flag (not identified or not signposted);
 *   env_facility            环保设施 under safety assessment (seeds/003 第26项 five
 *                           kinds, seeds/004 第25项): assessment, result, report, next
 *                           assessment (a duty); not assessed / overdue / failed flagged;
 *                           POST /api/env_facility/:id/hazard creates the linked hazard;
 *   duty_roster             值班表 for a period (holiday or month): draft → submitted →
 *                           confirmed, with
 *   duty_roster_entry       day-by-day entries (date, shift, 带班领导, 值班人员, phone);
 *                           night and holiday entries without a 带班 leader flagged
 *                           (seeds/004 第21项).
 *
 * GET /api/duty_roster/on_duty?date= — for the regulator: every enterprise in scope
 * with who is on duty that day, and the enterprises without a roster.
 */
#ifndef ANJIAN_MOD_LEDGER_H
#define ANJIAN_MOD_LEDGER_H

#include <stdint.h>

struct ectx;
struct home_notices;
struct jw;
struct obligation_def;

void ledger_init(void);
int ledger_home(struct ectx *c, int64_t org, const char *today, struct home_notices *w);
int ledger_demo_build(struct ectx *c);
extern const struct obligation_def *const ledger_duties[];

#endif
