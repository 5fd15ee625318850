/*
 * modules.c — the module table (mod.h "struct module"). Every module of DESIGN.md §5
 * is one entry here; main (serve, check, demo), the cockpit and the scheduler walk
 * the table instead of naming modules, so a new module adds its entry and touches
 * no other central file. Order matters: init registers routes (module routes before
 * the generic ones, which modules_init() adds last); demo builds in table order
 * (risk points before the hazards that cite them).
 */
#include <stddef.h>

#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/obligation.h"
#include "mod/emergency.h"
#include "mod/fund.h"
#include "mod/duty.h"
#include "mod/hazard.h"
#include "mod/hazard_criteria.h"
#include "mod/inspect.h"
#include "mod/notify.h"
#include "mod/permit.h"
#include "mod/mod.h"
#include "mod/risk.h"
#include "mod/scheduler.h"
#include "mod/training.h"
#include "mod/submit.h"
#include "mod/task.h"
#include "entity/inbox.h"
#include "mod/report.h"
#include "mod/accident.h"
#include "mod/evaluation.h"
#include "mod/campaign.h"
#include "mod/ledger.h"

static const struct module mod_account = {
	.name = "account", .label = "账号与组织", .init = account_init,
};
static const struct module mod_enterprise = {
	.name = "enterprise", .label = "一企一档", .init = enterprise_init,
	.schema = enterprise_schema, .duties = enterprise_duties, .home = enterprise_home,
};
static const struct module mod_risk = {
	.name = "risk", .label = "安全风险分级管控", .init = risk_init,
	.demo = risk_demo_build, .duties = risk_duties,
};
static const struct module mod_hazard_criteria = {
	.name = "hazard_criteria", .label = "重大事故隐患判定标准", .init = hazard_criteria_init,
	.schema = hazard_criteria_schema,
};
static const struct module mod_hazard = {
	.name = "hazard", .label = "隐患排查治理", .init = hazard_init,
	.schema = hazard_schema, .demo = hazard_demo_build, .duties = hazard_duties,
};
/* The obligations calendar lives in the core; its entry gives the cockpit its
 * on-time figures. */
static const struct module mod_obligation = {
	.name = "obligation", .label = "履职日历", .cockpit = ob_cockpit,
};
static const struct module mod_notify = {
	.name = "notify", .label = "消息通知", .init = notify_init,
	.demo = notify_demo_build, .jobs = notify_jobs,
};
static const struct module mod_dashboard = {
	.name = "dashboard", .label = "监管驾驶舱", .init = dashboard_init,
	.schema = dashboard_schema,
};

static const struct module mod_emergency = {
	.name = "emergency", .label = "应急管理", .init = emergency_init,
	.demo = emergency_demo_build, .home = emergency_home, .duties = emergency_duties,
};
static const struct module mod_training = {
	.name = "training", .label = "教育培训与标准化", .init = training_init,
	.schema = training_schema, .recompute = training_recompute, .demo = training_demo_build,
	.home = training_home, .duties = training_duties,
};
static const struct module mod_fund = {
	.name = "fund", .label = "安全生产费用与专项台账", .init = fund_init,
	.schema = fund_schema, .demo = fund_demo_build, .home = fund_home, .duties = fund_duties,
};
static const struct module mod_report = {
	.name = "report", .label = "隐患举报与企业码", .init = report_init,
	.schema = report_schema, .demo = report_demo_build, .home = report_home,
};
static const struct module mod_accident = {
	.name = "accident", .label = "事故快报与统计", .init = accident_init,
	.schema = accident_schema, .demo = accident_demo_build, .home = accident_home,
	.duties = accident_duties,
};
static const struct module mod_duty = {
	.name = "duty", .label = "安全生产责任制与制度会议", .init = duty_init,
	.demo = duty_demo_build, .home = duty_home, .duties = duty_duties,
};
static const struct module mod_submit = {
	.name = "submit", .label = "信息报送", .init = submit_init,
	.schema = submit_schema, .demo = submit_demo_build, .jobs = submit_jobs,
	.home = submit_home, .duties = submit_duties,
};

static const struct module mod_task = {
	.name = "task", .label = "任务清单", .init = task_init, .demo = task_demo_build,
	.jobs = task_jobs, .recompute = task_recompute,
};
static const struct module mod_inspect = {
	.name = "inspect", .label = "检查与执法", .init = inspect_init,
	.schema = inspect_schema, .demo = inspect_demo_build, .jobs = inspect_jobs,
	.home = inspect_home, .duties = inspect_duties,
};
static const struct module mod_permit = {
	.name = "permit", .label = "特殊作业票", .init = permit_init,
	.demo = permit_demo_build, .home = permit_home,
};

static const struct module mod_evaluation = {
	.name = "evaluation", .label = "考核与晾晒通报", .init = evaluation_init,
	.schema = evaluation_schema, .demo = evaluation_demo_build,
};

static const struct module mod_campaign = {
	.name = "campaign", .label = "专项行动", .init = campaign_init,
	.schema = campaign_schema, .demo = campaign_demo_build, .jobs = campaign_jobs,
	.home = campaign_home, .duties = campaign_duties,
};

static const struct module mod_ledger = {
	.name = "ledger", .label = "专项台账", .init = ledger_init,
	.demo = ledger_demo_build, .home = ledger_home, .duties = ledger_duties,
};

/* 区领导 (task_leader.c): after the inspection module, whose records its demo links. */
static const struct module mod_task_leader = {
	.name = "task_leader", .label = "区领导履职", .init = task_leader_init,
	.demo = task_leader_demo_build, .jobs = task_leader_jobs,
	.recompute = task_leader_recompute, .duties = task_duties,
};

const struct module *const modules[] = {
	&mod_account, &mod_enterprise, &mod_risk, &mod_hazard_criteria, &mod_hazard,
	&mod_obligation, &mod_notify, &mod_dashboard,
	&mod_emergency,
	&mod_training,
	&mod_fund,
	&mod_report,
	&mod_accident,
	&mod_duty,
	&mod_submit, &mod_task,
	&mod_inspect,
	&mod_permit,
	&mod_evaluation,
	&mod_campaign,
	&mod_ledger,
	&mod_task_leader,
};
const int modules_count = (int)ARRAY_SIZE(modules);

/* Registers every module, then attachments and the generic entity routes. */
void modules_init(void)
{
	obligation_init();
	inbox_init();
	for (int i = 0; i < modules_count; i++) {
		if (modules[i]->init)
			modules[i]->init();
		for (int k = 0; modules[i]->duties && modules[i]->duties[k]; k++)
			obligation_register(modules[i]->duties[k]);
	}
	files_routes_init();
	entity_routes_init();
}

/* Declared aggregate tables, then every module's own schema step. */
int modules_schema(struct db *db)
{
	if (agg_schema(db) != 0 || scheduler_schema(db) != 0)
		return -1;
	/* after the modules' schema steps: the rule seed reads their declarations */
	for (int i = 0; i < modules_count; i++)
		if (modules[i]->schema && modules[i]->schema(db) != 0) {
			log_err("schema of module %s failed", modules[i]->name);
			return -1;
		}
	return ob_schema(db);
}

/* anjian check in one transaction: scope, declared aggregates, module recomputes. */
int modules_recompute(struct db *db)
{
	if (db_begin(db) != 0)
		return -1;
	if (scope_rebuild(db) != 0 || agg_recompute(db) != 0 || ob_rollover(db, 1) != 0)
		goto fail;
	for (int i = 0; i < modules_count; i++)
		if (modules[i]->recompute && modules[i]->recompute(db) != 0) {
			log_err("recompute of module %s failed", modules[i]->name);
			goto fail;
		}
	if (db_commit(db) != 0)
		goto fail;
	/* fresh planner statistics: the calendar's correlated proofs pick their index
	 * by them (measured: without, a condition on an indexed column can read every
	 * hazard per obligation row) */
	if (db_exec(db, "ANALYZE") != 0)
		log_warn("check: ANALYZE: %s", db_errmsg(db));
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/* The demo records of every module in table order. */
int modules_demo(struct ectx *c)
{
	for (int i = 0; i < modules_count; i++)
		if (modules[i]->demo && modules[i]->demo(c) != 0) {
			log_err("demo of module %s failed", modules[i]->name);
			return -1;
		}
	/* the calendar of the records just made, as the scheduler would keep it */
	if (db_begin(c->db) != 0)
		return -1;
	if (ob_rollover(c->db, 1) != 0) {
		db_rollback(c->db);
		return -1;
	}
	return db_commit(c->db);
}
