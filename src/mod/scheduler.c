/*
 * scheduler.c — the scheduler thread of `anjian serve` (issue "Who is on time"):
 * period roll-over and statuses of the obligations calendar, reminders into the
 * inbox, and every module's periodic jobs (the module table's jobs hook, e.g. the
 * outbound notifications and their retries).
 *
 * Jobs are rows (table job: name, interval, next_at, last run, last error), so a
 * restart loses none: a job whose next_at has passed runs at the next tick. Several
 * servers may share one PostgreSQL database: a job is claimed with a guarded
 * UPDATE that sets a lease (running_until) only if nobody holds a live one, so each
 * due run happens on exactly one server; a server killed mid-run leaves a lease
 * that expires, and the job runs again once. The thread has its own connection.
 *
 * Environment: ANJIAN_SCHED=off disables the thread (the CLI `anjian check` does
 * the roll-over on demand); ANJIAN_SCHED_TICK sets the seconds between ticks
 * (default 30).
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "entity/inbox.h"
#include "entity/obligation.h"
#include "mod/mod.h"
#include "mod/scheduler.h"

#define SCHED_LEASE_SECONDS 600		/* a job's run may take this long before another server may take it */
#define SCHED_OBLIGATIONS_EVERY 3600	/* roll-over and reminders: hourly */
#define SCHED_MODULE_EVERY 60		/* module jobs: every minute */
#define SCHED_REMIND_MAX 2000		/* reminders per run */
#define SCHED_REMIND_BATCH 100	/* reminders per transaction (the write lock is short) */

static pthread_t sched_thread;
static volatile int sched_stop_flag;
static int sched_running;
static char *sched_url;

/* Creates the job table (portable SQL). */
int scheduler_schema(struct db *db)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
		 "CREATE TABLE IF NOT EXISTS job (name TEXT PRIMARY KEY, every_s %s NOT NULL,"
		 " next_at TEXT NOT NULL, running_until TEXT, last_at TEXT, last_error TEXT,"
		 " runs %s NOT NULL DEFAULT 0)", db_type_int(db), db_type_int(db));
	return db_exec(db, sql);
}

/* "now + secs" as a datetime (UTC clock, Shanghai time). */
static void sched_at(int64_t secs, char out[20])
{
	time_datetime(now_utc() + (time_t)secs, out);
}

/* Claims job name if due (creating its row on first sight). 1 claimed, 0 not
 * due or held elsewhere, -1 error. */
static int sched_claim(struct db *db, const char *name, int every)
{
	char now[20], until[20];
	struct db_stmt *st;
	int rc = -1;

	sched_at(0, now);
	sched_at(SCHED_LEASE_SECONDS, until);
	st = db_prepare(db, "INSERT INTO job (name, every_s, next_at) SELECT ?, ?, ?"
			" WHERE NOT EXISTS (SELECT 1 FROM job WHERE name = ?)");
	if (!st || db_bind_text(st, 1, name) < 0 || db_bind_int64(st, 2, every) < 0 ||
	    db_bind_text(st, 3, now) < 0 || db_bind_text(st, 4, name) < 0 || db_step(st) != DB_DONE)
		goto out;
	db_finalize(st);
	st = db_prepare(db, "UPDATE job SET running_until = ? WHERE name = ? AND next_at <= ?"
			" AND (running_until IS NULL OR running_until < ?)");
	if (!st || db_bind_text(st, 1, until) < 0 || db_bind_text(st, 2, name) < 0 ||
	    db_bind_text(st, 3, now) < 0 || db_bind_text(st, 4, now) < 0 || db_step(st) != DB_DONE)
		goto out;
	rc = db_changes(st) > 0;
out:
	if (rc < 0)
		log_err("scheduler claim %s: %s", name, db_errmsg(db));
	db_finalize(st);
	return rc;
}

/* Releases job name after a run, scheduling the next one. */
static void sched_done(struct db *db, const char *name, int every, const char *error)
{
	char now[20], next[20];
	struct db_stmt *st;

	sched_at(0, now);
	sched_at(every, next);
	st = db_prepare(db, "UPDATE job SET running_until = NULL, next_at = ?, last_at = ?,"
			" last_error = ?, runs = runs + 1, every_s = ? WHERE name = ?");
	if (!st || db_bind_text(st, 1, next) < 0 || db_bind_text(st, 2, now) < 0 ||
	    db_bind_text(st, 3, error) < 0 || db_bind_int64(st, 4, every) < 0 ||
	    db_bind_text(st, 5, name) < 0 || db_step(st) != DB_DONE)
		log_err("scheduler done %s: %s", name, db_errmsg(db));
	db_finalize(st);
}

/* The user the record of per-record duty d names (d->record_user over the row
 * proof_id of its proof entity): its id, 0 none, -1 error. */
static int64_t sched_record_user(struct ectx *c, const struct obligation_def *d, int64_t proof_id)
{
	const struct entity_def *pe = d && d->record_user ? entity_find(d->proof_entity) : NULL;
	const char *sql;
	struct db_stmt *st;
	int64_t id = 0;
	int s;

	if (!pe || proof_id <= 0)
		return 0;
	/* both SQL parts are constants of declarations, never request text */
	sql = arena_printf(c->arena, "SELECT %s FROM %s t WHERE t.id = ?", d->record_user, pe->table);
	st = db_prepare(c->db, sql);
	if (!st || db_bind_int64(st, 1, proof_id) < 0) {
		db_finalize(st);
		return -1;
	}
	s = db_step(st);
	if (s == DB_ROW && !db_col_isnull(st, 0))
		id = db_col_int64(st, 0);
	db_finalize(st);
	return s == DB_ROW || s == DB_DONE ? id : -1;
}

/* Reminders (inbox) for obligations that became due soon or overdue since the
 * last reminder: to the people the duty's declaration names (remind_roles of the
 * row's own org, and record_user), else to the enterprise's managers and
 * principal, or, for a duty of the regulator, to the supervising regulators. One
 * per status change. */
static int sched_remind(struct ectx *c, int limit)
{
	static const char sel[] =
		"SELECT id, org_id, duty_label, title, status, due_at, party, form, duty, proof_id"
		" FROM obligation WHERE status IN ('due_soon', 'overdue')"
		" AND (notified IS NULL OR notified <> status) ORDER BY due_at, id LIMIT ?";
	struct db_stmt *st = db_prepare(c->db, sel);
	struct {
		int64_t id, org, proof_id;
		char *title, *status, *due, *party, *form, *duty;
	} *rows = NULL;
	int n = 0, s, rc = -1;
	const unsigned managers = (1u << ROLE_ENT_MANAGER) | (1u << ROLE_ENT_PRINCIPAL);

	if (!st || db_bind_int64(st, 1, limit) < 0)
		goto out;
	rows = xcalloc((size_t)limit, sizeof(*rows));
	while ((s = db_step(st)) == DB_ROW && n < limit) {
		const char *t = db_col_text(st, 3);
		rows[n].id = db_col_int64(st, 0);
		rows[n].org = db_col_int64(st, 1);
		rows[n].title = arena_strdup(c->arena, t ? t : db_col_text(st, 2));
		rows[n].status = arena_strdup(c->arena, db_col_text(st, 4));
		rows[n].due = arena_strdup(c->arena, db_col_text(st, 5));
		rows[n].party = arena_strdup(c->arena, db_col_text(st, 6));
		rows[n].form = arena_strdup(c->arena, db_col_text(st, 7));
		rows[n].duty = arena_strdup(c->arena, db_col_text(st, 8));
		rows[n].proof_id = db_col_int64(st, 9);
		n++;
	}
	db_finalize(st);
	st = NULL;
	if (s != DB_ROW && s != DB_DONE)
		goto out;
	for (int i = 0; i < n; i++) {
		int over = strcmp(rows[i].status, "overdue") == 0;
		const char *title = arena_printf(c->arena, "【%s】%s", over ? "已逾期" : "即将到期",
						 rows[i].title);
		const char *body = arena_printf(c->arena, "截止时间 %s", rows[i].due);
		const struct obligation_def *d = obligation_find(rows[i].duty);
		int r;

		if (d && d->remind_roles) {
			int64_t also = sched_record_user(c, d, rows[i].proof_id);
			r = also < 0 ? -1 :
				inbox_send_org(c, rows[i].org, d->remind_roles, also, rows[i].status, title,
					       body, rows[i].form, "obligation", rows[i].id);
		} else if (rows[i].party && strcmp(rows[i].party, "regulator") == 0) {
			r = inbox_send_regulators(c, rows[i].org, rows[i].status, title, body,
						  rows[i].form, "obligation", rows[i].id);
		} else {
			r = inbox_send_enterprise(c, rows[i].org, managers, rows[i].status, title, body,
						  rows[i].form, "obligation", rows[i].id);
		}
		if (r < 0)
			goto out;
		st = db_prepare(c->db, "UPDATE obligation SET notified = status WHERE id = ?");
		if (!st || db_bind_int64(st, 1, rows[i].id) < 0 || db_step(st) != DB_DONE)
			goto out;
		db_finalize(st);
		st = NULL;
	}
	rc = n;
out:
	if (rc < 0)
		log_err("scheduler reminders: %s", db_errmsg(c->db));
	db_finalize(st);
	free(rows);
	return rc;
}

/* The core job: roll the obligations over and move statuses with the clock (one
 * transaction), then remind in short transactions of SCHED_REMIND_BATCH, so a
 * request never waits long for the write lock. */
static int sched_obligations(struct ectx *c)
{
	int done = 0, n;

	if (db_begin(c->db) != 0)
		return -1;
	if (ob_rollover(c->db, 0) != 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		return -1;
	}
	do {
		if (db_begin(c->db) != 0)
			return -1;
		n = sched_remind(c, SCHED_REMIND_BATCH);
		if (n < 0 || db_commit(c->db) != 0) {
			db_rollback(c->db);
			return -1;
		}
		done += n;
	} while (n == SCHED_REMIND_BATCH && done < SCHED_REMIND_MAX);
	return 0;
}

/* One tick: every due job this server can claim. Returns the number run. */
int scheduler_tick(struct db *db)
{
	struct arena a;
	struct ectx c;
	int ran = 0, r;

	arena_init(&a);
	c = (struct ectx){ .db = db, .arena = &a };
	r = sched_claim(db, "obligations", SCHED_OBLIGATIONS_EVERY);
	if (r > 0) {
		int rc = sched_obligations(&c);
		sched_done(db, "obligations", SCHED_OBLIGATIONS_EVERY, rc ? db_errmsg(db) : NULL);
		ran++;
	}
	for (int i = 0; i < modules_count; i++) {
		const struct module *m = modules[i];
		if (!m->jobs)
			continue;
		r = sched_claim(db, m->name, SCHED_MODULE_EVERY);
		if (r <= 0)
			continue;
		r = m->jobs(&c);
		sched_done(db, m->name, SCHED_MODULE_EVERY, r < 0 ? "任务执行失败" : NULL);
		ran++;
	}
	arena_release(&a);
	return ran;
}

static void *sched_main(void *arg)
{
	const char *tick_env = getenv("ANJIAN_SCHED_TICK");
	int tick = tick_env ? atoi(tick_env) : 30;
	char *err = NULL;
	struct db *db;

	(void)arg;
	if (tick < 1)
		tick = 1;
	db = db_open(sched_url, &err);
	if (!db) {
		log_err("scheduler: cannot open the database: %s", err ? err : "");
		free(err);
		return NULL;
	}
	while (!sched_stop_flag) {
		scheduler_tick(db);
		for (int i = 0; i < tick * 10 && !sched_stop_flag; i++)
			usleep(100000);
	}
	db_close(db);
	return NULL;
}

int scheduler_start(const char *url)
{
	const char *off = getenv("ANJIAN_SCHED");

	if (off && strcmp(off, "off") == 0)
		return 0;
	sched_url = xstrdup(url);
	sched_stop_flag = 0;
	if (pthread_create(&sched_thread, NULL, sched_main, NULL) != 0) {
		free(sched_url);
		sched_url = NULL;
		return -1;
	}
	sched_running = 1;
	return 0;
}

void scheduler_stop(void)
{
	if (!sched_running)
		return;
	sched_stop_flag = 1;
	pthread_join(sched_thread, NULL);
	sched_running = 0;
	free(sched_url);
	sched_url = NULL;
}
