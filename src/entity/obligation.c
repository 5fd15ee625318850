/*
 * obligation.c — the obligations calendar kept by the core (obligation.h).
 *
 * Tables (declared entities, so lists, filters, scope, export and meta come from
 * the entity core):
 *   obligation       one row per (enterprise org, duty, period key): due_at,
 *                    warn_from, status, done_at, the proving record, the rule
 *                    version it was judged by. Unique (org_id, duty, period_key).
 *                    Per-record duties use the record's id as the period key.
 *   obligation_rule  the rules as data: one version per row (period, due kind and
 *                    numbers, the alternative for alt_when, warning days, the period
 *                    it applies from). Version 1 comes from the declaration.
 *   holiday          the public-holiday calendar (放假 / 调休上班), kept by the admin
 *                    since 国务院办公厅 publishes it each year; 工作日 rules use it.
 *
 * The rows change (1) inside every write through the core of a record some duty
 * watches (ob_snap before, ob_apply after: the periods the record proved before and
 * proves now are re-evaluated; a per-record duty follows its row), (2) when an
 * enterprise is written (its periodic rows are generated at once: an enterprise
 * turning high-risk mid-year owes the duty from that period on), and (3) in the
 * scheduler's roll-over, which creates the coming period's rows and moves statuses
 * with the clock (ob_rollover). `anjian check` rebuilds everything from the records.
 *
 * Statuses compare dates as "YYYY-MM-DD" strings and datetimes as "YYYY-MM-DD
 * HH:MM:SS": a duty due on a date is on time when done on that date.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "obligation.h"
#include "../core/util.h"
#include "../db/db.h"

#define OB_MAX 128
#define OB_HOLIDAYS_MAX 400
#define OB_BACK_DAYS 400	/* periods generated back from today */

static const struct obligation_def *defs[OB_MAX];
static int ndefs;

void obligation_register(const struct obligation_def *d)
{
	if (ndefs == OB_MAX)
		BUG("too many obligations");
	if (!d->code || !ent_ident_ok(d->code) || !d->proof_entity)
		BUG("obligation without a code or a proof entity");
	if (d->record_user && (d->period != OB_EVENT || !d->remind_roles))
		BUG("record_user needs a per-record duty with remind_roles");
	if (d->period != OB_EVENT) {
		int n = 1;
		for (int i = 0; i < ndefs; i++)
			n += defs[i]->period != OB_EVENT && strcmp(defs[i]->proof_entity, d->proof_entity) == 0;
		if (n > OB_SNAP_MAX)	/* a write's snapshot must hold every periodic duty of its entity */
			BUG("more periodic duties on one entity than OB_SNAP_MAX");
	}
	defs[ndefs++] = d;
}

size_t obligation_count(void) { return (size_t)ndefs; }
const struct obligation_def *obligation_at(size_t i) { return i < (size_t)ndefs ? defs[i] : NULL; }

const struct obligation_def *obligation_find(const char *code)
{
	for (int i = 0; code && i < ndefs; i++)
		if (strcmp(defs[i]->code, code) == 0)
			return defs[i];
	return NULL;
}

/* ------------------------------------------------------------ declarations */

static const struct enum_opt status_opts[] = {
	{"not_due", "未到期"}, {"due_soon", "即将到期"}, {"done", "已完成"},
	{"done_late", "逾期完成"}, {"overdue", "逾期未完成"}, {"na", "不适用"}, {NULL, NULL}
};
static const struct enum_opt period_opts[] = {
	{"year", "每年"}, {"half", "每半年"}, {"quarter", "每季度"}, {"month", "每月"},
	{"event", "按事件"}, {NULL, NULL}
};
static const struct enum_opt party_opts[] = {
	{"enterprise", "企业"}, {"regulator", "监管部门"}, {NULL, NULL}
};
static const struct enum_opt due_kind_opts[] = {
	{"period_end", "期末后第N日"}, {"next_month_day", "次月某日"},
	{"month_day", "当年某月某日"}, {"month_day_next_year", "次年某月某日"},
	{"period_month_day", "期末月某日"}, {"workdays_after", "事件后N个工作日"},
	{"days_after", "事件后N日"}, {"hours_after", "事件后N小时"}, {NULL, NULL}
};
static const struct enum_opt holiday_opts[] = {
	{"off", "放假"}, {"on", "调休上班"}, {NULL, NULL}
};

#define RB(r) (1u << (r))

static const struct field_def ob_fields[] = {
	{.name = "duty", .label = "义务", .type = FT_TEXT, .max_len = 64,
	 .flags = F_FILTER | F_READONLY | F_HIDDEN},
	{.name = "duty_label", .label = "义务名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_LIST | F_SEARCH | F_READONLY},
	{.name = "party", .label = "责任方", .type = FT_ENUM, .opts = party_opts,
	 .flags = F_FILTER | F_READONLY},
	{.name = "period", .label = "周期", .type = FT_ENUM, .opts = period_opts,
	 .flags = F_FILTER | F_READONLY},
	{.name = "period_key", .label = "期次", .type = FT_TEXT, .max_len = 32,
	 .flags = F_FILTER | F_READONLY | F_HIDDEN},
	{.name = "period_label", .label = "期次", .type = FT_TEXT, .max_len = 100,
	 .flags = F_LIST | F_SEARCH | F_READONLY},
	{.name = "due_at", .label = "截止时间", .type = FT_TEXT, .max_len = 19,
	 .flags = F_LIST | F_SORT | F_READONLY},
	/* the date of due_at, for the calendar's range filter ?due_date_from=&due_date_to= */
	{.name = "due_date", .label = "截止日期", .type = FT_DATE,
	 .flags = F_RANGE | F_READONLY | F_HIDDEN, .expr = "substr(t.due_at, 1, 10)"},
	{.name = "warn_from", .label = "提醒日期", .type = FT_DATE, .flags = F_READONLY},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = status_opts,
	 .flags = F_LIST | F_FILTER | F_READONLY},
	{.name = "done_at", .label = "完成时间", .type = FT_TEXT, .max_len = 19,
	 .flags = F_LIST | F_SORT | F_READONLY},
	{.name = "proof_entity", .label = "证明记录类型", .type = FT_TEXT, .max_len = 64,
	 .flags = F_READONLY},
	{.name = "proof_id", .label = "证明记录编号", .type = FT_INT, .flags = F_READONLY},
	{.name = "title", .label = "事项", .type = FT_TEXT, .max_len = 300,
	 .flags = F_LIST | F_SEARCH | F_READONLY},
	{.name = "source", .label = "依据", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY | F_EXPORT},
	{.name = "form", .label = "办理页面", .type = FT_TEXT, .max_len = 200,
	 .flags = F_READONLY | F_HIDDEN},
	{.name = "na_reason", .label = "不适用原因", .type = FT_TEXT, .max_len = 300,
	 .flags = F_READONLY},
	{.name = "rule_version", .label = "规则版本", .type = FT_INT, .flags = F_READONLY},
	{.name = "notified", .label = "已提醒", .type = FT_TEXT, .max_len = 20,
	 .flags = F_READONLY | F_HIDDEN},
};

static const char *const ob_indexes[] = {
	"duty, period_key, status", "duty, due_at, status", "status, due_at", "period_key, duty",
	"due_at, status", NULL
};

const struct entity_def obligation_def = {
	.name = "obligation", .table = "obligation", .label = "履职事项",
	.fields = ob_fields, .nfields = ARRAY_SIZE(ob_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE | E_DERIVED,
	.write_roles = RB(ROLE_ADMIN),
	.display_field = "duty_label", .default_sort = "due_at",
	.indexes = ob_indexes,
};

static int ob_rule_rejudge(struct db *db, const char *code);
static int rule_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int rule_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e);

static const struct field_def rule_fields[] = {
	{.name = "code", .label = "义务代码", .type = FT_TEXT, .max_len = 64,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "label", .label = "义务名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_READONLY | F_LIST | F_SEARCH},
	{.name = "source", .label = "依据（文件及条款）", .type = FT_TEXT, .max_len = 500,
	 .flags = F_READONLY | F_LIST},
	{.name = "period", .label = "周期", .type = FT_ENUM, .opts = period_opts,
	 .flags = F_READONLY | F_LIST},
	{.name = "version", .label = "版本", .type = FT_INT, .flags = F_READONLY | F_LIST},
	{.name = "effective_from", .label = "起始期次", .type = FT_TEXT, .max_len = 16,
	 .flags = F_LIST, .help = "自该期次起适用，如 2027、2027-H1、2027-Q1、2027-01；已判定的期次不变"},
	{.name = "due_kind", .label = "截止规则", .type = FT_ENUM, .opts = due_kind_opts,
	 .flags = F_LIST, .help = "截止时间由记录本身确定的义务（整改期限、有效期）不填"},
	{.name = "due_month", .label = "月", .type = FT_INT, .min = 0, .max = 12, .flags = F_LIST},
	{.name = "due_day", .label = "日", .type = FT_INT, .min = 0, .max = 31, .flags = F_LIST,
	 .help = "0 表示该月最后一日"},
	{.name = "due_n", .label = "天数/工作日/小时数", .type = FT_INT, .min = 0, .max = 3650,
	 .flags = F_LIST},
	{.name = "alt_kind", .label = "特定企业截止规则", .type = FT_ENUM, .opts = due_kind_opts},
	{.name = "alt_month", .label = "特定企业·月", .type = FT_INT, .min = 0, .max = 12},
	{.name = "alt_day", .label = "特定企业·日", .type = FT_INT, .min = 0, .max = 31},
	{.name = "alt_n", .label = "特定企业·天数", .type = FT_INT, .min = 0, .max = 3650},
	{.name = "warn_days", .label = "提前提醒天数", .type = FT_INT, .min = 0, .max = 365,
	 .flags = F_LIST},
	{.name = "note", .label = "调整说明", .type = FT_TEXT, .max_len = 300},
};

const struct entity_def obligation_rule_def = {
	.name = "obligation_rule", .table = "obligation_rule", .label = "履职规则",
	.fields = rule_fields, .nfields = ARRAY_SIZE(rule_fields),
	.flags = E_NO_ORG | E_NO_UPDATE | E_NO_DELETE,
	.write_roles = RB(ROLE_ADMIN),
	.display_field = "label", .default_sort = "code",
	.validate = rule_validate, .after_write = rule_after_write,
};

static const struct field_def holiday_fields[] = {
	{.name = "date", .label = "日期", .type = FT_DATE,
	 .flags = F_REQUIRED | F_UNIQUE | F_LIST | F_SORT | F_RANGE},
	{.name = "kind", .label = "类型", .type = FT_ENUM, .opts = holiday_opts,
	 .flags = F_REQUIRED | F_LIST | F_FILTER},
	{.name = "name", .label = "节日", .type = FT_TEXT, .max_len = 50, .flags = F_LIST},
};

static int holiday_after_write(struct ectx *c, enum entity_action a, int64_t id,
			       const json_t *before, const json_t *after, struct verr *e);

const struct entity_def holiday_def = {
	.name = "holiday", .table = "holiday", .label = "节假日安排",
	.fields = holiday_fields, .nfields = ARRAY_SIZE(holiday_fields),
	.flags = E_NO_ORG, .write_roles = RB(ROLE_ADMIN),
	.display_field = "name", .default_sort = "date",
	.after_write = holiday_after_write,
};

/* ------------------------------------------------------------------ codes */

static const char *const period_codes[] = { NULL, "year", "half", "quarter", "month", "event" };
static const char *const due_codes[] = { NULL, "period_end", "next_month_day", "month_day",
	"month_day_next_year", "period_month_day", "workdays_after", "days_after", "hours_after" };

static int due_kind_parse(const char *s)
{
	for (int i = 1; s && i < (int)ARRAY_SIZE(due_codes); i++)
		if (strcmp(due_codes[i], s) == 0)
			return i;
	return 0;
}

/* A new version applies from a period not yet begun (past periods keep their
 * judgement), keeps the duty's period, and its rule must compute. */
static int rule_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const struct obligation_def *d = obligation_find(row_str(obj, "code"));
	const char *from = row_str(obj, "effective_from");
	char today[11], cur[16], first[11], last[11];
	int64_t n = 0;

	if (!d) {
		verr_add(e, "code", "没有该义务");
		return 0;
	}
	json_object_set_new(obj, "label", json_string(d->label));
	json_object_set_new(obj, "source", d->source ? json_string(d->source) : json_null());
	json_object_set_new(obj, "period", json_string(period_codes[d->period]));
	entity_today(today);
	if (d->period != OB_EVENT) {
		if (!from || ob_period_bounds(d->period, from, first, last) != 0) {
			verr_add(e, "effective_from", "起始期次格式不正确（如 2027、2027-H1、2027-Q1、2027-01）");
			return 0;
		}
		if (ob_period_key(d->period, today, cur) != 0 || strcmp(from, cur) <= 0)
			verr_add(e, "effective_from", "规则调整自下一期次起适用，不能改变当前及以前期次");
	} else if (!from || date_parse(from, &n) != 0 || strcmp(from, today) <= 0) {
		verr_add(e, "effective_from", "按事件的义务，起始日期须为明天或以后（YYYY-MM-DD）");
	}
	{
		int k = due_kind_parse(row_str(obj, "due_kind")), ka = due_kind_parse(row_str(obj, "alt_kind"));
		int ev = k >= DUE_WORKDAYS_AFTER, eva = ka >= DUE_WORKDAYS_AFTER;
		if (d->period == OB_EVENT && d->record_due) {
			if (row_str(obj, "due_kind") || row_str(obj, "alt_kind"))
				verr_add(e, "due_kind", "该义务的截止时间由记录本身确定（如整改期限、有效期），只能调整提醒天数");
		} else if (!k) {
			verr_add(e, "due_kind", "请选择截止规则");
		} else if ((d->period == OB_EVENT) != ev) {
			verr_add(e, "due_kind", d->period == OB_EVENT ?
				 "按事件的义务须按事件后的天数、工作日或小时数确定截止时间" :
				 "按周期的义务须按期末、次月或某月某日确定截止时间");
		}
		if (ka && (!d->alt_when || (d->period == OB_EVENT) != eva))
			verr_add(e, "alt_kind", "该义务没有特定企业的截止规则，或规则与周期不符");
		if (!json_is_integer(json_object_get(obj, "warn_days")))
			verr_add(e, "warn_days", "请填写提前提醒天数");
	}
	{
		struct db_stmt *st = db_prepare(c->db, "SELECT COALESCE(MAX(version), 0) FROM obligation_rule WHERE code = ?");
		n = 0;
		if (st && db_bind_text(st, 1, d->code) == 0 && db_step(st) == DB_ROW)
			n = db_col_int64(st, 0);
		db_finalize(st);
	}
	json_object_set_new(obj, "version", json_integer(n + 1));
	return 0;
}

/* A new rule version: the periods it governs that are not yet done are judged
 * again by it (their rows are made anew); done and past periods keep theirs. */
static int rule_after_write(struct ectx *c, enum entity_action a, int64_t id,
			    const json_t *before, const json_t *after, struct verr *e)
{
	struct db_stmt *st;
	int ok;

	if (a != EA_CREATE)
		return 0;
	st = db_prepare(c->db, "DELETE FROM obligation WHERE duty = ? AND period_key >= ?"
			" AND done_at IS NULL AND period <> 'event'");
	ok = st && db_bind_text(st, 1, row_str(after, "code")) == 0 &&
	     db_bind_text(st, 2, row_str(after, "effective_from")) == 0 && db_step(st) == DB_DONE;
	db_finalize(st);
	if (!ok || ob_rollover(c->db, 0) != 0) {
		ent_internal(e);
		return -1;
	}
	/* a per-record duty's open rows whose event falls under the new version */
	if (ob_rule_rejudge(c->db, row_str(after, "code")) != 0) {
		ent_internal(e);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------- rules */

struct ob_rule {
	struct ob_due due, alt;
	int has_alt;
	int warn;
	int version;
};

/* The rule version of d that judges period key (or event date) key. */
static int ob_rule(struct db *db, const struct obligation_def *d, const char *key, struct ob_rule *r)
{
	static const char sql[] =
		"SELECT due_kind, due_month, due_day, due_n, alt_kind, alt_month, alt_day, alt_n,"
		" warn_days, version FROM obligation_rule WHERE code = ?"
		" AND (effective_from IS NULL OR effective_from <= ?) ORDER BY version DESC LIMIT 1";
	struct db_stmt *st = db_prepare(db, sql);
	int s, rc = -1;

	r->due = d->due;
	r->alt = d->due_alt;
	r->has_alt = d->alt_when != NULL;
	r->warn = d->warn_days;
	r->version = 1;
	if (!st || db_bind_text(st, 1, d->code) < 0 || db_bind_text(st, 2, key) < 0)
		goto out;
	s = db_step(st);
	if (s == DB_ROW) {
		int k = due_kind_parse(db_col_text(st, 0));
		if (k) {
			r->due = (struct ob_due){ (enum ob_due_kind)k, (int)db_col_int64(st, 1),
				(int)db_col_int64(st, 2), (int)db_col_int64(st, 3) };
		}
		k = due_kind_parse(db_col_text(st, 4));
		if (k && d->alt_when)
			r->alt = (struct ob_due){ (enum ob_due_kind)k, (int)db_col_int64(st, 5),
				(int)db_col_int64(st, 6), (int)db_col_int64(st, 7) };
		if (!db_col_isnull(st, 8))
			r->warn = (int)db_col_int64(st, 8);
		r->version = (int)db_col_int64(st, 9);
	} else if (s != DB_DONE)
		goto out;
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* The holiday calendar (strings in arena a). */
struct ob_cal {
	struct ob_calendar cal;
	const char *off[OB_HOLIDAYS_MAX], *on[OB_HOLIDAYS_MAX];
};

static int ob_cal_load(struct db *db, struct arena *a, struct ob_cal *oc)
{
	struct db_stmt *st = db_prepare(db, "SELECT date, kind FROM holiday ORDER BY date");
	int s;

	memset(oc, 0, sizeof(*oc));
	oc->cal.off = oc->off;
	oc->cal.on = oc->on;
	if (!st)
		return -1;
	while ((s = db_step(st)) == DB_ROW) {
		const char *d = db_col_text(st, 0), *k = db_col_text(st, 1);
		if (!d || !k)
			continue;
		if (strcmp(k, "on") == 0 && oc->cal.non < OB_HOLIDAYS_MAX)
			oc->on[oc->cal.non++] = arena_strdup(a, d);
		else if (strcmp(k, "off") == 0 && oc->cal.noff < OB_HOLIDAYS_MAX)
			oc->off[oc->cal.noff++] = arena_strdup(a, d);
	}
	db_finalize(st);
	return s == DB_DONE ? 0 : -1;
}

/* due − warn days as a date. */
static void ob_warn_from(const char *due, int warn, char out[11])
{
	int64_t days;
	char d[11];

	snprintf(d, sizeof(d), "%.10s", due);
	if (date_parse(d, &days) != 0) {
		snprintf(out, 11, "%s", d);
		return;
	}
	time_date((time_t)((days - warn) * 86400), out);
}

/* The status of a row now (ob_status_at with the thread's clock). */
static const char *ob_status_now(const char *due, const char *done, int warn)
{
	char now[20];

	entity_now(now);
	return ob_status_code(ob_status_at(due, done, now, warn, 1));
}

/* ------------------------------------------------------- periodic: set-based */

/* SQL status over the stored row (parameters: now, today). */
#define OB_STATUS_SQL \
	"CASE WHEN status = 'na' THEN 'na'" \
	" WHEN done_at IS NOT NULL AND substr(done_at, 1, length(due_at)) <= due_at THEN 'done'" \
	" WHEN done_at IS NOT NULL THEN 'done_late'" \
	" WHEN (CASE WHEN length(due_at) > 10 THEN ? ELSE ? END) > due_at THEN 'overdue'" \
	" WHEN ? >= warn_from THEN 'due_soon' ELSE 'not_due' END"

/* Inserts the missing rows of d for period key (org 0 = every enterprise). */
static int ob_generate(struct db *db, struct arena *a, const struct obligation_def *d,
		       const char *key, int64_t org, const struct ob_cal *oc)
{
	struct ob_rule r;
	char due[20], warn[11], label[32], now[20];
	struct buf sql;
	int rc = -1;

	if (ob_rule(db, d, key, &r) < 0)
		return -1;
	entity_now(now);
	ob_period_label(d->period, key, label);
	buf_init(&sql, 1 << 14);
	for (int alt = 0; alt <= (r.has_alt ? 1 : 0); alt++) {
		struct db_stmt *st;
		int i = 1;
		if (ob_due(alt ? &r.alt : &r.due, d->period, key, NULL, &oc->cal, due) != 0) {
			log_warn("obligation %s %s: the rule gives no due date; skipped", d->code, key);
			continue;
		}
		ob_warn_from(due, r.warn, warn);
		buf_reset(&sql);
		buf_puts(&sql, "INSERT INTO obligation (org_id, created_at, updated_at, duty, duty_label,"
			 " party, period, period_key, period_label, due_at, warn_from, status, source, form,"
			 " rule_version, title) SELECT e.org_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'not_due', ?, ?, ?, ?"
			 " FROM enterprise e WHERE e.org_id IS NOT NULL AND " OB_ENTERPRISE_ACTIVE);
		if (d->applies)
			buf_printf(&sql, " AND (%s)", d->applies);
		/* a NULL classification is "not alt" (所有企业), never neither */
		if (r.has_alt)
			buf_printf(&sql, " AND (CASE WHEN %s THEN 1 ELSE 0 END) = %d", d->alt_when, alt);
		if (org)
			buf_puts(&sql, " AND e.org_id = ?");
		buf_puts(&sql, " AND NOT EXISTS (SELECT 1 FROM obligation o WHERE o.org_id = e.org_id"
			 " AND o.duty = ? AND o.period_key = ?)");
		st = buf_failed(&sql) ? NULL : db_prepare(db, buf_str(&sql));
		if (!st || db_bind_text(st, i++, now) < 0 || db_bind_text(st, i++, now) < 0 ||
		    db_bind_text(st, i++, d->code) < 0 || db_bind_text(st, i++, d->label) < 0 ||
		    db_bind_text(st, i++, d->party == OBP_REGULATOR ? "regulator" : "enterprise") < 0 ||
		    db_bind_text(st, i++, period_codes[d->period]) < 0 ||
		    db_bind_text(st, i++, key) < 0 || db_bind_text(st, i++, label) < 0 ||
		    db_bind_text(st, i++, due) < 0 || db_bind_text(st, i++, warn) < 0 ||
		    db_bind_text(st, i++, d->source) < 0 || db_bind_text(st, i++, d->form) < 0 ||
		    db_bind_int64(st, i++, r.version) < 0 ||
		    db_bind_text(st, i++, arena_printf(a, "%s（%s）", d->label, label)) < 0 ||
		    (org && db_bind_int64(st, i++, org) < 0) ||
		    db_bind_text(st, i++, d->code) < 0 || db_bind_text(st, i++, key) < 0 ||
		    db_step(st) != DB_DONE) {
			db_finalize(st);
			goto out;
		}
		db_finalize(st);
	}
	rc = 0;
out:
	if (rc)
		log_err("obligation generate %s %s: %s", d->code, key, db_errmsg(db));
	buf_release(&sql);
	return rc;
}

/* Judges again, in place, the due dates of d's rows for key that are not done
 * (org 0 = every enterprise): the rule version for the period and the enterprise's
 * classification now (规上 or not). Rows keep their ids and reminder state. Rows
 * of an enterprise that no longer owes the duty go. */
static int ob_redue(struct db *db, const struct obligation_def *d, const char *key, int64_t org,
		    const struct ob_cal *oc)
{
	struct ob_rule r;
	struct buf sql;
	int rc = -1;

	if (ob_rule(db, d, key, &r) < 0)
		return -1;
	buf_init(&sql, 1 << 13);
	for (int alt = 0; alt <= (r.has_alt ? 1 : 0); alt++) {
		char due[20], warn[11];
		struct db_stmt *st;
		int i = 1;
		if (ob_due(alt ? &r.alt : &r.due, d->period, key, NULL, &oc->cal, due) != 0)
			continue;
		ob_warn_from(due, r.warn, warn);
		buf_reset(&sql);
		buf_puts(&sql, "UPDATE obligation SET due_at = ?, warn_from = ?, rule_version = ?"
			 " WHERE duty = ? AND period_key = ? AND done_at IS NULL");
		if (org)
			buf_puts(&sql, " AND org_id = ?");
		buf_puts(&sql, " AND org_id IN (SELECT e.org_id FROM enterprise e WHERE 1 = 1");
		if (r.has_alt)
			buf_printf(&sql, " AND (CASE WHEN %s THEN 1 ELSE 0 END) = %d", d->alt_when, alt);
		buf_puts(&sql, ")");
		st = buf_failed(&sql) ? NULL : db_prepare(db, buf_str(&sql));
		if (!st || db_bind_text(st, i++, due) < 0 || db_bind_text(st, i++, warn) < 0 ||
		    db_bind_int64(st, i++, r.version) < 0 || db_bind_text(st, i++, d->code) < 0 ||
		    db_bind_text(st, i++, key) < 0 || (org && db_bind_int64(st, i++, org) < 0) ||
		    db_step(st) != DB_DONE) {
			db_finalize(st);
			goto out;
		}
		db_finalize(st);
	}
	/* no longer owed (the enterprise left the duty's scope or the registry): the
	 * current and coming periods only — a past period stays as it was judged */
	{
		struct db_stmt *st;
		char today[11], cur[16];
		int i = 1;
		entity_today(today);
		if (ob_period_key(d->period, today, cur) != 0 || strcmp(key, cur) < 0) {
			rc = 0;
			goto out;
		}
		buf_reset(&sql);
		buf_puts(&sql, "DELETE FROM obligation WHERE duty = ? AND period_key = ? AND done_at IS NULL");
		if (org)
			buf_puts(&sql, " AND org_id = ?");
		buf_printf(&sql, " AND org_id NOT IN (SELECT e.org_id FROM enterprise e WHERE"
			   " e.org_id IS NOT NULL AND %s%s%s%s)", OB_ENTERPRISE_ACTIVE,
			   d->applies ? " AND (" : "", d->applies ? d->applies : "", d->applies ? ")" : "");
		st = buf_failed(&sql) ? NULL : db_prepare(db, buf_str(&sql));
		if (!st || db_bind_text(st, i++, d->code) < 0 || db_bind_text(st, i++, key) < 0 ||
		    (org && db_bind_int64(st, i++, org) < 0) || db_step(st) != DB_DONE) {
			db_finalize(st);
			goto out;
		}
		db_finalize(st);
	}
	rc = 0;
out:
	if (rc)
		log_err("obligation redue %s %s: %s", d->code, key, db_errmsg(db));
	buf_release(&sql);
	return rc;
}

/* Re-evaluates the proof and status of d's rows for key (org 0 = all). */
static int ob_evaluate(struct db *db, const struct obligation_def *d, const char *key, int64_t org)
{
	const struct entity_def *pe = entity_find(d->proof_entity);
	const char *in = d->proof_in ? d->proof_in : d->proof_at;
	char first[11], last[11], now[20], today[11];
	struct buf sql, sub;
	struct db_stmt *st = NULL;
	int i = 1, rc = -1, w = d->warn_days;

	if (!pe || ob_period_bounds(d->period, key, first, last) != 0)
		return 0;
	entity_now(now);
	entity_today(today);
	buf_init(&sql, 1 << 14);
	buf_init(&sub, 1 << 14);
	(void)w;
	buf_printf(&sub, " FROM %s t WHERE t.org_id = obligation.org_id", pe->table);
	if (d->proof_cond)
		buf_printf(&sub, " AND (%s)", d->proof_cond);
	buf_printf(&sub, " AND substr(%s, 1, 10) >= ? AND substr(%s, 1, 10) <= ?", in, in);
	buf_printf(&sql, "UPDATE obligation SET done_at = (SELECT MIN(%s)%s),"
		   " proof_entity = ?, proof_id = (SELECT t.id%s ORDER BY %s, t.id LIMIT 1), updated_at = ?",
		   d->proof_at, buf_str(&sub), buf_str(&sub), d->proof_at);
	buf_puts(&sql, " WHERE duty = ? AND period_key = ?");
	if (org)
		buf_puts(&sql, " AND org_id = ?");
	st = buf_failed(&sql) ? NULL : db_prepare(db, buf_str(&sql));
	if (!st || db_bind_text(st, i++, first) < 0 || db_bind_text(st, i++, last) < 0 ||
	    db_bind_text(st, i++, d->proof_entity) < 0 ||
	    db_bind_text(st, i++, first) < 0 || db_bind_text(st, i++, last) < 0 ||
	    db_bind_text(st, i++, now) < 0 ||
	    db_bind_text(st, i++, d->code) < 0 || db_bind_text(st, i++, key) < 0 ||
	    (org && db_bind_int64(st, i++, org) < 0) || db_step(st) != DB_DONE)
		goto out;
	db_finalize(st);
	st = NULL;
	buf_reset(&sql);
	buf_puts(&sql, "UPDATE obligation SET status = " OB_STATUS_SQL
		 ", proof_id = CASE WHEN done_at IS NULL THEN NULL ELSE proof_id END"
		 " WHERE duty = ? AND period_key = ?");
	if (org)
		buf_puts(&sql, " AND org_id = ?");
	i = 1;
	st = db_prepare(db, buf_str(&sql));
	if (!st || db_bind_text(st, i++, now) < 0 || db_bind_text(st, i++, today) < 0 ||
	    db_bind_text(st, i++, today) < 0 || db_bind_text(st, i++, d->code) < 0 ||
	    db_bind_text(st, i++, key) < 0 || (org && db_bind_int64(st, i++, org) < 0) ||
	    db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("obligation evaluate %s %s: %s", d->code, key, db_errmsg(db));
	db_finalize(st);
	buf_release(&sql);
	buf_release(&sub);
	return rc;
}

/* ----------------------------------------------------------- per record */

/* Brings d's obligation of record id in line with the record (missing or not
 * carrying the duty: the obligation goes). */
static int ob_record(struct db *db, struct arena *a, const struct obligation_def *d, int64_t id,
		     const struct ob_cal *oc)
{
	const struct entity_def *pe = entity_find(d->proof_entity);
	struct buf sql;
	struct db_stmt *st = NULL;
	char key[24], due[20], warn[11], now[20];
	int s, rc = -1, when = 0, i = 1;
	int64_t org = 0;
	const char *done_at = NULL, *title = NULL, *ev = NULL;
	struct ob_rule r;

	if (!pe)
		return 0;
	snprintf(key, sizeof(key), "%" PRId64, id);
	buf_init(&sql, 1 << 14);
	buf_printf(&sql, "SELECT t.org_id, CASE WHEN %s THEN 1 ELSE 0 END, %s, %s, %s FROM %s t WHERE t.id = ?",
		   d->record_when ? d->record_when : "1 = 1",
		   d->record_due ? d->record_due : d->record_event,
		   d->record_done ? arena_printf(a, "CASE WHEN %s THEN %s ELSE NULL END", d->record_done,
						 d->record_done_at ? d->record_done_at : "NULL") : "NULL",
		   d->record_title ? d->record_title : "NULL", pe->table);
	st = buf_failed(&sql) ? NULL : db_prepare(db, buf_str(&sql));
	if (!st || db_bind_int64(st, 1, id) < 0)
		goto out;
	s = db_step(st);
	if (s == DB_ROW) {
		org = db_col_int64(st, 0);
		when = db_col_int64(st, 1) != 0 && !db_col_isnull(st, 2);
		ev = arena_strdup(a, db_col_text(st, 2));
		done_at = db_col_isnull(st, 3) ? NULL : arena_strdup(a, db_col_text(st, 3));
		title = db_col_isnull(st, 4) ? NULL : arena_strdup(a, db_col_text(st, 4));
	} else if (s != DB_DONE)
		goto out;
	db_finalize(st);
	st = NULL;
	if (!when || !org) {
		st = db_prepare(db, "DELETE FROM obligation WHERE duty = ? AND period_key = ?");
		if (!st || db_bind_text(st, 1, d->code) < 0 || db_bind_text(st, 2, key) < 0 ||
		    db_step(st) != DB_DONE)
			goto out;
		rc = 0;
		goto out;
	}
	if (ob_rule(db, d, ev, &r) < 0)
		goto out;
	if (d->record_due)
		snprintf(due, sizeof(due), "%s", ev);
	else if (ob_due(&r.due, OB_EVENT, NULL, ev, &oc->cal, due) != 0)
		goto out;
	ob_warn_from(due, r.warn, warn);
	entity_now(now);
	buf_reset(&sql);
	buf_puts(&sql, "INSERT INTO obligation (org_id, created_at, updated_at, duty, duty_label, party,"
		 " period, period_key, period_label, due_at, warn_from, status, done_at, proof_entity,"
		 " proof_id, title, source, form, rule_version)"
		 " VALUES (?, ?, ?, ?, ?, ?, 'event', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		 " ON CONFLICT (org_id, duty, period_key) DO UPDATE SET updated_at = excluded.updated_at,"
		 " due_at = excluded.due_at, warn_from = excluded.warn_from, status = excluded.status,"
		 " done_at = excluded.done_at, title = excluded.title, rule_version = excluded.rule_version,"
		 " period_label = excluded.period_label");
	/* the record moved to another enterprise: its duty goes with it */
	st = db_prepare(db, "DELETE FROM obligation WHERE duty = ? AND period_key = ? AND org_id <> ?");
	if (!st || db_bind_text(st, 1, d->code) < 0 || db_bind_text(st, 2, key) < 0 ||
	    db_bind_int64(st, 3, org) < 0 || db_step(st) != DB_DONE)
		goto out;
	db_finalize(st);
	st = db_prepare(db, buf_str(&sql));
	if (!st || db_bind_int64(st, i++, org) < 0 || db_bind_text(st, i++, now) < 0 ||
	    db_bind_text(st, i++, now) < 0 || db_bind_text(st, i++, d->code) < 0 ||
	    db_bind_text(st, i++, d->label) < 0 ||
	    db_bind_text(st, i++, d->party == OBP_REGULATOR ? "regulator" : "enterprise") < 0 ||
	    db_bind_text(st, i++, key) < 0 ||
	    db_bind_text(st, i++, arena_printf(a, "截止 %s", due)) < 0 ||
	    db_bind_text(st, i++, due) < 0 || db_bind_text(st, i++, warn) < 0 ||
	    db_bind_text(st, i++, ob_status_now(due, done_at, r.warn)) < 0 ||
	    db_bind_text(st, i++, done_at) < 0 || db_bind_text(st, i++, d->proof_entity) < 0 ||
	    db_bind_int64(st, i++, id) < 0 ||
	    db_bind_text(st, i++, title ? arena_printf(a, "%s：%s", d->label, title) : d->label) < 0 ||
	    db_bind_text(st, i++, d->source) < 0 || db_bind_text(st, i++, d->form) < 0 ||
	    db_bind_int64(st, i++, r.version) < 0 || db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("obligation record %s %" PRId64 ": %s", d->code, id, db_errmsg(db));
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/* ------------------------------------------------------------ in writes */

/* The org and the period a row proves for periodic d (org 0: nothing). */
static int ob_row_key(struct db *db, const struct obligation_def *d, const struct entity_def *e,
		      int64_t id, int64_t *org, char key[16])
{
	const char *in = d->proof_in ? d->proof_in : d->proof_at;
	struct buf sql;
	struct db_stmt *st;
	int s, rc = -1;

	*org = 0;
	key[0] = '\0';
	buf_init(&sql, 1 << 13);
	buf_printf(&sql, "SELECT t.org_id, substr(%s, 1, 10) FROM %s t WHERE t.id = ?", in, e->table);
	st = buf_failed(&sql) ? NULL : db_prepare(db, buf_str(&sql));
	buf_release(&sql);
	if (!st || db_bind_int64(st, 1, id) < 0)
		goto out;
	s = db_step(st);
	if (s == DB_ROW && !db_col_isnull(st, 1)) {
		if (ob_period_key(d->period, db_col_text(st, 1), key) == 0)
			*org = db_col_int64(st, 0);
	} else if (s != DB_ROW && s != DB_DONE)
		goto out;
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

int ob_snap(struct ectx *c, const struct entity_def *e, int64_t id, struct ob_snap *s)
{
	s->n = 0;
	s->ent_org = 0;
	if (strcmp(e->name, "enterprise") == 0 &&
	    db_query_int64p(c->db, "SELECT org_id FROM enterprise WHERE id = ?", id, &s->ent_org, 0) != 0)
		return -1;
	for (int i = 0; i < ndefs && s->n < OB_SNAP_MAX; i++) {
		const struct obligation_def *d = defs[i];
		if (d->period == OB_EVENT || strcmp(d->proof_entity, e->name) != 0)
			continue;
		s->v[s->n].d = d;
		if (ob_row_key(c->db, d, e, id, &s->v[s->n].org, s->v[s->n].key) < 0)
			return -1;
		s->n++;
	}
	return 0;
}

int ob_apply(struct ectx *c, const struct entity_def *e, int64_t id, const struct ob_snap *before)
{
	struct arena a;
	struct ob_cal oc;
	int rc = -1, loaded = 0;

	arena_init(&a);
	for (int i = 0; i < ndefs; i++) {
		const struct obligation_def *d = defs[i];
		if (strcmp(d->proof_entity, e->name) != 0)
			continue;
		if (!loaded) {
			if (ob_cal_load(c->db, &a, &oc) < 0)
				goto out;
			loaded = 1;
		}
		if (d->period == OB_EVENT) {
			if (ob_record(c->db, &a, d, id, &oc) < 0)
				goto out;
			continue;
		}
		{
			int64_t org;
			char key[16];
			if (ob_row_key(c->db, d, e, id, &org, key) < 0)
				goto out;
			if (org && ob_evaluate(c->db, d, key, org) < 0)
				goto out;
			for (int k = 0; before && k < before->n; k++)
				if (before->v[k].d == d && before->v[k].org &&
				    !(before->v[k].org == org && strcmp(before->v[k].key, key) == 0) &&
				    ob_evaluate(c->db, d, before->v[k].key, before->v[k].org) < 0)
					goto out;
		}
	}
	/* an enterprise written: its periodic duties from now on */
	if (strcmp(e->name, "enterprise") == 0) {
		int64_t org = 0;
		if (db_query_int64p(c->db, "SELECT org_id FROM enterprise WHERE id = ?", id, &org, 0) != 0)
			goto out;
		if (!org && before && before->ent_org) {
			/* removed from the registry: its calendar goes with it */
			struct db_stmt *st = db_prepare(c->db, "DELETE FROM obligation WHERE org_id = ?");
			int ok = st && db_bind_int64(st, 1, before->ent_org) == 0 && db_step(st) == DB_DONE;
			db_finalize(st);
			if (!ok)
				goto out;
		}
		if (org) {
			char today[11], key[16];
			entity_today(today);
			if (!loaded && ob_cal_load(c->db, &a, &oc) < 0)
				goto out;
			loaded = 1;
			/* its open periods follow its classification now (a year judged
			 * already keeps its verdict) */
			for (int i = 0; i < ndefs; i++) {
				const struct obligation_def *d = defs[i];
				char next[16];
				if (d->period == OB_EVENT || ob_period_key(d->period, today, key) != 0 ||
				    ob_period_next(d->period, key, next) != 0)
					continue;
				for (int k = 0; k < 2; k++) {
					const char *kk = k ? next : key;
					if (ob_redue(c->db, d, kk, org, &oc) < 0 ||
					    ob_generate(c->db, &a, d, kk, org, &oc) < 0 ||
					    ob_evaluate(c->db, d, kk, org) < 0)
						goto out;
				}
			}
		}
	}
	rc = 0;
out:
	arena_release(&a);
	return rc;
}

/* -------------------------------------------------------------- roll-over */

int ob_rollover(struct db *db, int rebuild)
{
	struct arena a;
	struct ob_cal oc;
	char today[11], now[20], back[11];
	int64_t days;
	int rc = -1;

	arena_init(&a);
	entity_today(today);
	entity_now(now);
	if (date_parse(today, &days) != 0 || ob_cal_load(db, &a, &oc) < 0)
		goto out;
	time_date((time_t)((days - OB_BACK_DAYS) * 86400), back);
	for (int i = 0; i < ndefs; i++) {
		const struct obligation_def *d = defs[i];
		char key[16], cur[16], next[16];
		if (d->period == OB_EVENT)
			continue;
		if (ob_period_key(d->period, back, key) != 0 || ob_period_key(d->period, today, cur) != 0 ||
		    ob_period_next(d->period, cur, next) != 0)
			goto out;
		/* the scheduler's run: the current and the coming period (earlier ones were
		 * judged when made and follow every write since); a rebuild: the window */
		{
			int64_t have = 0;
			if (!rebuild && db_query_int64(db, "SELECT COUNT(*) FROM obligation", &have, 0) == 0 &&
			    have > 0)
				snprintf(key, sizeof(key), "%s", cur);	/* a first run makes the window */
		}
		for (int guard = 0; guard < 200; guard++) {
			if ((rebuild && ob_redue(db, d, key, 0, &oc) < 0) ||
			    ob_generate(db, &a, d, key, 0, &oc) < 0 || ob_evaluate(db, d, key, 0) < 0)
				goto out;
			if (strcmp(key, next) == 0)
				break;
			if (ob_period_next(d->period, key, key) != 0)
				goto out;
		}
	}
	if (rebuild) {
		for (int i = 0; i < ndefs; i++) {
			const struct obligation_def *d = defs[i];
			const struct entity_def *pe = entity_find(d->proof_entity);
			struct buf sql;
			struct db_stmt *st;
			int s;
			if (d->period != OB_EVENT || !pe)
				continue;
			/* drop the rows whose record is gone; redo every record in place (the
			 * rows keep their ids and reminder state) */
			buf_init(&sql, 1 << 13);
			buf_printf(&sql, "DELETE FROM obligation WHERE duty = ? AND NOT EXISTS (SELECT 1"
				   " FROM %s t WHERE CAST(t.id AS TEXT) = obligation.period_key)", pe->table);
			st = db_prepare(db, buf_str(&sql));
			buf_release(&sql);
			if (!st || db_bind_text(st, 1, d->code) < 0 || db_step(st) != DB_DONE) {
				db_finalize(st);
				goto out;
			}
			db_finalize(st);
			buf_init(&sql, 1 << 13);
			buf_printf(&sql, "SELECT t.id FROM %s t WHERE %s", pe->table,
				   d->record_when ? d->record_when : "1 = 1");
			st = db_prepare(db, buf_str(&sql));
			buf_release(&sql);
			if (!st)
				goto out;
			{
				int64_t *ids = NULL;
				size_t n = 0, cap = 0;
				while ((s = db_step(st)) == DB_ROW) {
					if (n == cap) {
						cap = cap ? cap * 2 : 256;
						ids = xrealloc(ids, cap * sizeof(*ids));
					}
					ids[n++] = db_col_int64(st, 0);
				}
				db_finalize(st);
				for (size_t k = 0; s == DB_DONE && k < n; k++)
					if (ob_record(db, &a, d, ids[k], &oc) < 0)
						s = DB_ERR;
				free(ids);
				if (s != DB_DONE)
					goto out;
			}
		}
	}
	/* the clock moved: statuses of what is not done */
	{
		/* an overdue row stays overdue as the clock moves on: only the others */
		struct db_stmt *st = db_prepare(db, "UPDATE obligation SET status = " OB_STATUS_SQL
						" WHERE done_at IS NULL AND status IN ('not_due', 'due_soon')");
		if (!st || db_bind_text(st, 1, now) < 0 || db_bind_text(st, 2, today) < 0 ||
		    db_bind_text(st, 3, today) < 0 || db_step(st) != DB_DONE) {
			db_finalize(st);
			goto out;
		}
		db_finalize(st);
	}
	rc = 0;
out:
	if (rc)
		log_err("obligation rollover: %s", db_errmsg(db));
	arena_release(&a);
	return rc;
}

/* The due of duty code for enterprise org in period key, from its row (made now
 * if the period has none yet). 1 found, 0 the enterprise does not owe it, -1 error. */
int ob_due_for(struct db *db, const char *code, int64_t org, const char *key, char out[20])
{
	const struct obligation_def *d = obligation_find(code);
	struct db_stmt *st;
	struct arena a;
	struct ob_cal oc;
	int rc = -1, s;

	if (!d || d->period == OB_EVENT)
		return 0;
	arena_init(&a);
	if (ob_cal_load(db, &a, &oc) < 0 || ob_generate(db, &a, d, key, org, &oc) < 0)
		goto out;
	st = db_prepare(db, "SELECT due_at FROM obligation WHERE org_id = ? AND duty = ? AND period_key = ?");
	if (!st || db_bind_int64(st, 1, org) < 0 || db_bind_text(st, 2, code) < 0 ||
	    db_bind_text(st, 3, key) < 0) {
		db_finalize(st);
		goto out;
	}
	s = db_step(st);
	if (s == DB_ROW)
		snprintf(out, 20, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
	rc = s == DB_ROW ? 1 : s == DB_DONE ? 0 : -1;
	db_finalize(st);
out:
	arena_release(&a);
	return rc;
}

/* Judges again every open row of per-record duty d whose due follows its rule
 * (not a date of the record): the records keep their rows, done ones their verdict.
 * 0 ok, -1 error. */
static int ob_rejudge_open(struct db *db, struct arena *a, const struct obligation_def *d,
			   const struct ob_cal *oc)
{
	struct db_stmt *st;
	int64_t ids[4096];
	int n = 0, s;

	if (d->period != OB_EVENT || d->record_due)
		return 0;
	st = db_prepare(db, "SELECT period_key FROM obligation WHERE duty = ? AND done_at IS NULL");
	if (!st || db_bind_text(st, 1, d->code) < 0) {
		db_finalize(st);
		return -1;
	}
	while ((s = db_step(st)) == DB_ROW && n < (int)ARRAY_SIZE(ids))
		ids[n++] = entity_parse_id(db_col_text(st, 0));
	db_finalize(st);
	if (s != DB_ROW && s != DB_DONE)
		return -1;
	for (int k = 0; k < n; k++)
		if (ids[k] && ob_record(db, a, d, ids[k], oc) < 0)
			return -1;
	return 0;
}

/* The open rows of per-record duty code, after a new version of its rule. */
static int ob_rule_rejudge(struct db *db, const char *code)
{
	const struct obligation_def *d = obligation_find(code);
	struct arena ar;
	struct ob_cal oc;
	int rc;

	if (!d || d->period != OB_EVENT)
		return 0;
	arena_init(&ar);
	rc = ob_cal_load(db, &ar, &oc) == 0 && ob_rejudge_open(db, &ar, d, &oc) == 0 ? 0 : -1;
	arena_release(&ar);
	return rc;
}

/* A changed holiday calendar judges again every open due counted in working days
 * (the records keep their rows; done ones keep their verdict). */
static int holiday_after_write(struct ectx *c, enum entity_action a, int64_t id,
			       const json_t *before, const json_t *after, struct verr *e)
{
	struct arena ar;
	struct ob_cal oc;
	int rc = -1;

	arena_init(&ar);
	if (ob_cal_load(c->db, &ar, &oc) < 0)
		goto out;
	for (int i = 0; i < ndefs; i++)
		if (ob_rejudge_open(c->db, &ar, defs[i], &oc) < 0)
			goto out;
	rc = 0;
out:
	arena_release(&ar);
	if (rc)
		ent_internal(e);
	return rc;
}

/* ------------------------------------------------------------------ schema */

int ob_schema(struct db *db)
{
	static const char idx[] =
		"CREATE UNIQUE INDEX IF NOT EXISTS obligation_key ON obligation (org_id, duty, period_key)";
	static const char ins[] =
		"INSERT INTO obligation_rule (created_at, updated_at, code, label, source, period, version,"
		" due_kind, due_month, due_day, due_n, alt_kind, alt_month, alt_day, alt_n, warn_days, note)"
		" SELECT ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, '随系统发布的默认规则'"
		" WHERE NOT EXISTS (SELECT 1 FROM obligation_rule WHERE code = ?)";
	char now[20];

	if (db_exec(db, idx) != 0)
		return -1;
	time_datetime(now_utc(), now);
	for (int i = 0; i < ndefs; i++) {
		const struct obligation_def *d = defs[i];
		struct db_stmt *st = db_prepare(db, ins);
		int k = 1, ok;
		ok = st && db_bind_text(st, k++, now) == 0 && db_bind_text(st, k++, now) == 0 &&
		     db_bind_text(st, k++, d->code) == 0 && db_bind_text(st, k++, d->label) == 0 &&
		     db_bind_text(st, k++, d->source) == 0 &&
		     db_bind_text(st, k++, period_codes[d->period]) == 0 &&
		     db_bind_text(st, k++, due_codes[d->due.kind]) == 0 &&
		     db_bind_int64(st, k++, d->due.month) == 0 && db_bind_int64(st, k++, d->due.day) == 0 &&
		     db_bind_int64(st, k++, d->due.n) == 0 &&
		     (d->alt_when ? db_bind_text(st, k++, due_codes[d->due_alt.kind]) :
		      db_bind_null(st, k++)) == 0 &&
		     db_bind_int64(st, k++, d->due_alt.month) == 0 &&
		     db_bind_int64(st, k++, d->due_alt.day) == 0 &&
		     db_bind_int64(st, k++, d->due_alt.n) == 0 &&
		     db_bind_int64(st, k++, d->warn_days) == 0 &&
		     db_bind_text(st, k++, d->code) == 0 && db_step(st) == DB_DONE;
		db_finalize(st);
		if (!ok) {
			log_err("obligation rule %s: %s", d->code, db_errmsg(db));
			return -1;
		}
	}
	return 0;
}

void obligation_init(void)
{
	entity_register(&obligation_def);
	entity_register(&obligation_rule_def);
	entity_register(&holiday_def);
	obligation_views_init();
}
