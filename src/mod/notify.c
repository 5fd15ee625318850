/*
 * notify.c — outbound notifications: channels an administrator configures per org
 * (企业微信群机器人, 钉钉群机器人 with 加签, SMTP email through libcurl), a delivery row
 * per message and channel, and the sender that works the rows off with retries, so
 * that nothing is lost while a receiver is down and an administrator sees every
 * failure and can send it again.
 *
 * Entities:
 *   notify_channel   通知渠道 (admin only, read and write). The Webhook URL (it
 *                    carries the robot's key), the 钉钉 加签 secret and the SMTP
 *                    password are F_SECRET: they never leave the server (API,
 *                    export, meta, audit); the list shows webhook_display, the URL
 *                    with its query values masked (an email channel's
 *                    recipients), and has_secret /
 *                    has_smtp_password say whether one is set. Because the generic
 *                    handlers drop secret keys from request bodies, POST and PUT
 *                    are this module's routes (a key left out keeps the stored
 *                    value; null clears it).
 *   notify_delivery  发送记录 (admin only, read-only through the API). One row per
 *                    notice and channel. States:
 *                      pending 待发送 ─claim─▶ sending 发送中 ─▶ sent 已发送
 *                                               ├─▶ failed 发送失败 (next_at = back-off)
 *                                               └─▶ dead 已放弃 (6th failure, channel gone)
 *                      failed ─(next_at due)─▶ sending;  failed, dead ─resend─▶ pending
 *                      pending (daily digest) ─▶ merged 已并入汇总 (into a digest row)
 *
 * Sending (notify_run): outside any transaction. A due row is claimed with one
 * guarded UPDATE (pending/failed and due, or sending with an expired lease →
 * sending, a random claim token, claimed_until = now + 2 min, attempts + 1), so of
 * two servers on one PostgreSQL database exactly one sends it; a server killed
 * mid-send leaves a lease that expires, and the row is sent once more. Each request
 * has a 5 s connect and 10 s total timeout; the outcome is written back guarded by
 * the claim token. A channel that fails in a pass is not tried again in that pass.
 *
 * Daily digest: deliveries of a digest channel are written with next_at = the next
 * digest time (digest_at, default 08:30 Asia/Shanghai, by the core clock) and
 * batched = 1; when due, one transaction turns all of a channel's due rows into one
 * digest row (kind digest) and marks them merged — guarded the same way, so two
 * servers never make two digests of the same rows.
 *
 * Routes (admin): POST /api/notify_channel, PUT /api/notify_channel/:id (create and
 * edit with secrets), POST /api/notify_channel/:id/test (发送测试消息: queues a test
 * delivery and sends it at once, answering the delivery), POST /api/notify/run
 * (立即发送: one pass, answering its counts), POST /api/notify/notice (a notice
 * about an org, through notify_enqueue), and the declared action POST
 * /api/notify_delivery/:id/resend (重新发送).
 *
 * The messages themselves and the libcurl transport are in notify_send.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/mod.h"
#include "entity/inbox.h"
#include "mod/notify.h"
#include "mod/notify_int.h"

#define RB(r) (1u << (r))
#define NT_ADMIN RB(ROLE_ADMIN)

#define NT_LEASE_SECONDS 120		/* a claim's lease: well over one send's 10 s */
#define NT_RUN_LIMIT 100		/* deliveries per pass by default */
#define NT_MAX_FAILED_CHANNELS 64	/* channels remembered as failed in one pass */
#define NT_DIGEST_BODY_MAX 3000		/* bytes of a digest's list, to fit 企业微信 */
#define NT_DEFAULT_DIGEST_AT "08:30"

/* ------------------------------------------------------------------ options */

static const struct enum_opt notify_kinds_opts[] = {
	{"obligation_due", "事项即将到期"},
	{"obligation_overdue", "事项已逾期"},
	{"hazard", "隐患"},
	{"task", "任务督办"},
	{"notice", "通知公告"},
	{"digest", "每日汇总"},
	{"test", "测试消息"},
	{"other", "其他通知"},
	{NULL, NULL}
};

static const struct enum_opt channel_kind_opts[] = {
	{"wecom", "企业微信群机器人"},
	{"dingtalk", "钉钉群机器人"},
	{"email", "电子邮件"},
	{NULL, NULL}
};

static const struct enum_opt delivery_status_opts[] = {
	{"pending", "待发送"},
	{"sending", "发送中"},
	{"sent", "已发送"},
	{"failed", "发送失败"},
	{"dead", "已放弃"},
	{"merged", "已并入汇总"},
	{NULL, NULL}
};

const char *notify_kind_label(const char *code)
{
	for (int i = 0; code && notify_kinds_opts[i].code; i++)
		if (strcmp(notify_kinds_opts[i].code, code) == 0)
			return notify_kinds_opts[i].label;
	return NULL;
}

/* 1 if a channel's events filter may name kind (digest and test are not notices). */
static int nt_kind_filterable(const char *code)
{
	return notify_kind_label(code) && strcmp(code, "digest") != 0 && strcmp(code, "test") != 0;
}

/* ------------------------------------------------------------- declarations */

static int nt_channel_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int nt_events_match(const char *events, const char *kind);
static int nt_channel_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				   const json_t *old, struct verr *e);

#define NT_HAS(col) "CASE WHEN t." col " IS NOT NULL AND t." col " <> '' THEN 1 ELSE 0 END"

static const struct field_def channel_fields[] = {
	{.name = "name", .label = "渠道名称", .type = FT_TEXT, .max_len = 100,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST | F_SORT, .group = "基本信息"},
	{.name = "kind", .label = "渠道类型", .type = FT_ENUM, .opts = channel_kind_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .group = "基本信息"},
	{.name = "active", .label = "启用", .type = FT_BOOL, .flags = F_FILTER | F_LIST,
	 .group = "基本信息",
	 .help = "停用的渠道不再接收新通知，尚未发出的也不再发送（可在发送记录中重新发送）"},
	{.name = "webhook_url", .label = "Webhook 地址", .type = FT_TEXT, .max_len = 1000,
	 .flags = F_SECRET, .group = "群机器人",
	 .help = "在群设置中添加机器人后复制的地址，以 http:// 或 https:// 开头；保存后不再显示"},
	{.name = "webhook_display", .label = "接收地址", .type = FT_TEXT, .max_len = 2000,
	 .flags = F_READONLY | F_LIST, .group = "基本信息",
	 .help = "群机器人的 Webhook 地址（其中的密钥已隐去），或邮件的收件人"},
	{.name = "secret", .label = "加签密钥", .type = FT_TEXT, .max_len = 200,
	 .flags = F_SECRET, .group = "群机器人",
	 .help = "钉钉机器人安全设置选择“加签”时显示的 SEC 开头的密钥；保存后不再显示"},
	{.name = "has_secret", .label = "已设置加签密钥", .type = FT_BOOL,
	 .flags = F_READONLY, .expr = NT_HAS("secret"), .group = "群机器人"},
	{.name = "smtp_url", .label = "SMTP 服务器", .type = FT_TEXT, .max_len = 300,
	 .group = "电子邮件",
	 .help = "如 smtps://smtp.example.com:465 或 smtp://smtp.example.com:587"},
	{.name = "smtp_user", .label = "SMTP 用户名", .type = FT_TEXT, .max_len = 200,
	 .group = "电子邮件"},
	{.name = "smtp_password", .label = "SMTP 密码", .type = FT_TEXT, .max_len = 200,
	 .flags = F_SECRET, .group = "电子邮件", .help = "保存后不再显示"},
	{.name = "has_smtp_password", .label = "已设置 SMTP 密码", .type = FT_BOOL,
	 .flags = F_READONLY, .expr = NT_HAS("smtp_password"), .group = "电子邮件"},
	{.name = "mail_from", .label = "发件人地址", .type = FT_EMAIL, .group = "电子邮件"},
	{.name = "recipients", .label = "收件人", .type = FT_TEXT, .max_len = 2000,
	 .group = "电子邮件", .help = "多个地址用逗号或分号分隔"},
	{.name = "digest", .label = "每日汇总", .type = FT_BOOL, .flags = F_FILTER | F_LIST,
	 .group = "发送方式", .help = "开启后当天的通知汇总为一条消息，每天发送一次"},
	{.name = "digest_at", .label = "汇总发送时间", .type = FT_TEXT, .max_len = 5,
	 .group = "发送方式", .help = "HH:MM，北京时间，默认 08:30"},
	{.name = "events", .label = "通知类别", .type = FT_TEXT, .max_len = 500,
	 .group = "发送方式", .help = "留空表示接收全部类别；多个类别以逗号分隔"},
	{.name = "note", .label = "备注", .type = FT_TEXT, .max_len = 500, .group = "基本信息"},
};

static const struct entity_def notify_channel_def = {
	.name = "notify_channel", .table = "notify_channel", .label = "通知渠道",
	.fields = channel_fields, .nfields = ARRAY_SIZE(channel_fields),
	.read_roles = NT_ADMIN, .write_roles = NT_ADMIN,
	.display_field = "name", .default_sort = "-id",
	.validate = nt_channel_validate, .before_write = nt_channel_before_write,
};

static const struct field_def delivery_fields[] = {
	{.name = "channel_id", .label = "通知渠道", .type = FT_REF, .ref = "notify_channel",
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "kind", .label = "通知类别", .type = FT_ENUM, .opts = notify_kinds_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "subject", .label = "标题", .type = FT_TEXT, .max_len = NT_SUBJECT_MAX,
	 .flags = F_READONLY | F_SEARCH | F_LIST},
	{.name = "body", .label = "内容", .type = FT_LONGTEXT, .max_len = 8000,
	 .flags = F_READONLY},
	{.name = "link", .label = "链接", .type = FT_TEXT, .max_len = 500, .flags = F_READONLY},
	{.name = "about_org_id", .label = "相关单位", .type = FT_REF, .ref = "org",
	 .flags = F_READONLY | F_FILTER},
	{.name = "status", .label = "状态", .type = FT_ENUM, .opts = delivery_status_opts,
	 .flags = F_READONLY | F_FILTER | F_LIST},
	{.name = "attempts", .label = "已尝试次数", .type = FT_INT, .min = 0, .max = 1000,
	 .flags = F_READONLY | F_LIST},
	{.name = "last_error", .label = "最近错误", .type = FT_TEXT, .max_len = NT_ERROR_MAX,
	 .flags = F_READONLY | F_LIST},
	{.name = "next_at", .label = "下次发送时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST | F_SORT},
	{.name = "sent_at", .label = "发送时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_LIST | F_SORT | F_RANGE},
	{.name = "batched", .label = "计入每日汇总", .type = FT_BOOL, .flags = F_READONLY | F_FILTER},
	{.name = "digest_id", .label = "所属汇总", .type = FT_REF, .ref = "notify_delivery",
	 .flags = F_READONLY},
	{.name = "claimed_until", .label = "发送租约到期", .type = FT_DATETIME,
	 .flags = F_READONLY | F_HIDDEN},
	{.name = "claim_token", .label = "发送租约", .type = FT_TEXT, .max_len = 64,
	 .flags = F_READONLY | F_HIDDEN | F_SECRET},
};

/* The sender's scan and the digest's: due rows by state and time. */
static const char *const delivery_indexes[] = {
	"status, batched, next_at",
	"channel_id, status",
	NULL
};

static const char *const from_resendable[] = { "failed", "dead", NULL };

static int nt_resend_apply(struct wf_call *w);

static const struct wf_state delivery_states[] = {
	{"pending", "待发送", WS_OPEN},
	{"sending", "发送中", WS_OPEN},
	{"sent", "已发送", WS_FINAL},
	{"failed", "发送失败", WS_OPEN},
	{"dead", "已放弃", 0},
	{"merged", "已并入汇总", WS_FINAL},
};

static const struct wf_action delivery_actions[] = {
	{.verb = "resend", .label = "重新发送", .from = from_resendable, .to = "pending",
	 .roles = NT_ADMIN, .apply = nt_resend_apply, .flags = WA_NO_EVENT},
};

static const struct workflow delivery_workflow = {
	.status_field = "status",
	.states = delivery_states, .nstates = ARRAY_SIZE(delivery_states),
	.actions = delivery_actions, .nactions = ARRAY_SIZE(delivery_actions),
	.noun = "发送记录",
};

static const struct entity_def notify_delivery_def = {
	.name = "notify_delivery", .table = "notify_delivery", .label = "发送记录",
	.fields = delivery_fields, .nfields = ARRAY_SIZE(delivery_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE,
	.read_roles = NT_ADMIN, .write_roles = NT_ADMIN,
	.display_field = "subject", .default_sort = "-id",
	.indexes = delivery_indexes,
	.workflow = &delivery_workflow,
};

/* -------------------------------------------------------- channel hooks */

struct nt_addr_check {
	struct verr *e;
	int bad;
};

/* Checks one recipient with the core's email rule. */
static void nt_addr_check_one(void *ctx, const char *addr)
{
	struct nt_addr_check *k = ctx;
	json_t *v = json_string(addr), *norm = NULL;
	struct field_def f = { .name = "recipients", .type = FT_EMAIL };

	f.label = arena_printf(k->e->arena, "收件人“%s”", addr);
	if (!k->bad && (!v || field_validate(&f, v, &norm, k->e) != 0))
		k->bad = 1;
	json_decref(v);
	json_decref(norm);
}

/* Kind-specific rules of a channel: a robot needs its Webhook URL (http/https), an
 * email channel its SMTP server, sender and recipients; the digest time is HH:MM;
 * the events filter names known kinds (stored normalised, "" = all). */
static int nt_channel_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *kind = row_str(obj, "kind"), *why, *v;
	char tok[64];
	struct buf ev;

	if (kind && (!strcmp(kind, "wecom") || !strcmp(kind, "dingtalk"))) {
		v = row_str(obj, "webhook_url");
		if (!v)
			verr_add(e, "webhook_url", "请填写群机器人的 Webhook 地址");
		else if ((why = notify_url_problem(v, 0)) != NULL)
			verr_add(e, "webhook_url", "Webhook 地址%s", why);
	}
	if (kind && !strcmp(kind, "email")) {
		struct nt_addr_check k = { .e = e };
		int n;
		v = row_str(obj, "smtp_url");
		if (!v)
			verr_add(e, "smtp_url", "请填写 SMTP 服务器地址");
		else if ((why = notify_url_problem(v, 1)) != NULL)
			verr_add(e, "smtp_url", "SMTP 服务器地址%s", why);
		if (!row_str(obj, "mail_from"))
			verr_add(e, "mail_from", "请填写发件人地址");
		n = notify_list_each(row_str(obj, "recipients"), nt_addr_check_one, &k);
		if (n == 0)
			verr_add(e, "recipients", "请填写至少一个收件人地址");
		else if (n > NT_MAX_RECIPIENTS && !k.bad)
			verr_add(e, "recipients", "收件人不能超过 %d 个", NT_MAX_RECIPIENTS);
		if (row_str(obj, "smtp_password") && !row_str(obj, "smtp_user"))
			verr_add(e, "smtp_user", "设置了 SMTP 密码时须填写 SMTP 用户名");
	}
	v = row_str(obj, "digest_at");
	if (v && !notify_hhmm_ok(v))
		verr_add(e, "digest_at", "汇总发送时间须为 HH:MM 格式，例如 08:30");
	buf_init(&ev, 4096);
	for (const char *p = row_str(obj, "events"); (p = notify_list_next(p, tok, sizeof(tok)));) {
		if (!nt_kind_filterable(tok)) {
			verr_add(e, "events", "通知类别“%s”不存在", tok);
			break;
		}
		if (!ev.len || !nt_events_match(buf_str(&ev), tok))
			buf_printf(&ev, "%s%s", ev.len ? "," : "", tok);
	}
	if (!e->status)
		json_object_set_new(obj, "events", ev.len ? json_string(buf_str(&ev)) : json_null());
	buf_release(&ev);
	return 0;
}

/* Server fields of a channel: what the list shows as its address (the robot's URL
 * masked, since the URL is secret; an email channel's recipients), and the
 * defaults of a new channel (active, one message per notice, 08:30). */
static int nt_channel_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				   const json_t *old, struct verr *e)
{
	const char *url = row_str(obj, "webhook_url");
	const char *kind = row_str(obj, "kind");
	struct buf m;

	if (a == EA_DELETE)
		return 0;
	buf_init(&m, 4096);
	if (url && kind && strcmp(kind, "email") != 0) {
		notify_url_mask(&m, url);
		json_object_set_new(obj, "webhook_display", json_string(buf_str(&m)));
	} else if (kind && !strcmp(kind, "email") && row_str(obj, "recipients")) {
		json_object_set_new(obj, "webhook_display", json_string(row_str(obj, "recipients")));
	} else {
		json_object_set_new(obj, "webhook_display", json_null());
	}
	buf_release(&m);
	if (a == EA_CREATE) {
		if (json_is_null(json_object_get(obj, "active")) || !json_object_get(obj, "active"))
			json_object_set_new(obj, "active", json_true());
		if (json_is_null(json_object_get(obj, "digest")) || !json_object_get(obj, "digest"))
			json_object_set_new(obj, "digest", json_false());
	}
	if (!row_str(obj, "digest_at"))
		json_object_set_new(obj, "digest_at", json_string(NT_DEFAULT_DIGEST_AT));
	return 0;
}

/* ------------------------------------------------------------- enqueue */

/* The clock of the sender: entity_now() as a datetime string and a time_t. */
static time_t nt_now(char now[20])
{
	time_t t = 0;

	entity_now(now);
	if (datetime_parse(now, &t) != 0)
		BUG("entity_now is not a datetime");
	return t;
}

/* 1 if a channel's events filter ("a,b", NULL = all) carries kind. */
static int nt_events_match(const char *events, const char *kind)
{
	size_t n = strlen(kind);

	if (!events || !*events)
		return 1;
	for (const char *p = events; *p;) {
		size_t k = strcspn(p, ",");
		if (k == n && !strncmp(p, kind, n))
			return 1;
		p += k + (p[k] == ',');
	}
	return 0;
}

/* One delivery of a notice to a channel (inside the caller's transaction). */
static int64_t nt_delivery_create(struct ectx *c, int64_t channel_org, int64_t channel_id,
				  int64_t about_org, const char *kind, const char *subject,
				  const char *body, const char *link, int batched,
				  const char *next_at)
{
	struct verr e;
	json_t *o;
	int64_t id;

	verr_init(&e, c->arena);
	o = json_pack("{s:I, s:I, s:s, s:s, s:s?, s:s?, s:s, s:i, s:s, s:b}",
		      "org_id", (json_int_t)channel_org, "channel_id", (json_int_t)channel_id,
		      "kind", kind, "subject", subject, "body", body, "link", link,
		      "status", "pending", "attempts", 0, "next_at", next_at, "batched", batched);
	if (about_org > 0)
		json_object_set_new(o, "about_org_id", json_integer(about_org));
	id = entity_sys_create_tx(c, &notify_delivery_def, o, &e);
	if (id < 0)
		log_err("notify: delivery for channel %" PRId64 ": %s (%s)", channel_id,
			e.message ? e.message : "?", e.field ? e.field : "");
	json_decref(o);
	return id;
}

struct nt_target {
	int64_t id, org_id;
	int digest;
	char digest_at[6];
};

int notify_enqueue(struct ectx *c, int64_t org_id, const char *kind, const char *subject,
		   const char *body_markdown, const char *link)
{
	static const char sql[] =
		"SELECT ch.id, ch.org_id, ch.digest, ch.digest_at, ch.events FROM notify_channel ch"
		" WHERE ch.active = 1 AND ch.org_id IN (SELECT viewer FROM scope_org WHERE org_id = ?)"
		" ORDER BY ch.id";
	struct db_stmt *st = NULL;
	struct nt_target *t = NULL;
	struct buf subj, body;
	const char *k = kind && notify_kind_label(kind) ? kind : "other";
	char now[20];
	int n = 0, cap = 0, made = 0, rc = -1, s;

	if (kind && k != kind)
		log_warn("notify: unknown kind %s stored as other", kind);
	buf_init(&subj, 1 << 12);
	buf_init(&body, 1 << 16);
	notify_text_clean(&subj, subject && *subject ? subject : notify_kind_label(k), NT_SUBJECT_MAX, 0);
	if (notify_text_clean(&body, body_markdown, NT_BODY_MAX - 20, 1))
		buf_puts(&body, "……");
	for (const char *p = link; p && *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7F || p - link >= 500) {
			link = NULL;	/* not a URL or path we would send: leave it out */
			break;
		}
	nt_now(now);
	st = db_prepare(c->db, sql);
	if (!st || db_bind_int64(st, 1, org_id) < 0)
		goto out;
	while ((s = db_step(st)) == DB_ROW) {
		if (!nt_events_match(db_col_text(st, 4), k))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			t = xrealloc(t, (size_t)cap * sizeof(*t));
		}
		t[n].id = db_col_int64(st, 0);
		t[n].org_id = db_col_int64(st, 1);
		t[n].digest = db_col_int64(st, 2) != 0;
		snprintf(t[n].digest_at, sizeof(t[n].digest_at), "%s",
			 notify_hhmm_ok(db_col_text(st, 3)) ? db_col_text(st, 3) : NT_DEFAULT_DIGEST_AT);
		n++;
	}
	if (s != DB_DONE)
		goto out;
	db_finalize(st);
	st = NULL;
	for (int i = 0; i < n; i++) {
		char next[20];
		if (!t[i].digest || notify_digest_next(now, t[i].digest_at, next) != 0)
			memcpy(next, now, sizeof(next));
		if (nt_delivery_create(c, t[i].org_id, t[i].id, org_id, k, buf_str(&subj),
				       body.len ? buf_str(&body) : NULL, link, t[i].digest, next) < 0)
			goto out;
		made++;
	}
	rc = made;
out:
	if (rc < 0)
		log_err("notify_enqueue: %s", db_errmsg(c->db));
	db_finalize(st);
	free(t);
	buf_release(&subj);
	buf_release(&body);
	return rc;
}

/* ------------------------------------------------------------- sending */

/* Loads claimed delivery id (still ours: claim token) and its channel. 1 loaded,
 * 0 no longer ours, -1 error. */
static int nt_job_load(struct db *db, struct arena *a, int64_t id, const char *token,
		       struct notify_job *j)
{
	static const char sql[] =
		"SELECT d.kind, d.subject, d.body, d.link, d.attempts, c.id, c.kind, c.active,"
		" c.name, c.webhook_url, c.secret, c.smtp_url, c.smtp_user, c.smtp_password,"
		" c.mail_from, c.recipients FROM notify_delivery d"
		" LEFT JOIN notify_channel c ON c.id = d.channel_id"
		" WHERE d.id = ? AND d.status = 'sending' AND d.claim_token = ?";
	struct db_stmt *st = db_prepare(db, sql);
	int rc = -1, s;

	if (!st || db_bind_int64(st, 1, id) < 0 || db_bind_text(st, 2, token) < 0)
		goto out;
	s = db_step(st);
	if (s == DB_DONE)
		rc = 0;
	if (s != DB_ROW)
		goto out;
	*j = (struct notify_job){
		.kind = arena_strdup(a, db_col_text(st, 0)),
		.subject = arena_strdup(a, db_col_text(st, 1)),
		.body = arena_strdup(a, db_col_text(st, 2)),
		.link = arena_strdup(a, db_col_text(st, 3)),
		.attempts = (int)db_col_int64(st, 4),
		.channel_id = db_col_int64(st, 5),
		.ch_kind = arena_strdup(a, db_col_text(st, 6)),
		.ch_active = db_col_int64(st, 7) != 0,
		.ch_name = arena_strdup(a, db_col_text(st, 8)),
		.url = arena_strdup(a, db_col_text(st, 9)),
		.secret = arena_strdup(a, db_col_text(st, 10)),
		.mail = { .smtp_url = arena_strdup(a, db_col_text(st, 11)),
			  .user = arena_strdup(a, db_col_text(st, 12)),
			  .password = arena_strdup(a, db_col_text(st, 13)),
			  .from = arena_strdup(a, db_col_text(st, 14)),
			  .recipients = arena_strdup(a, db_col_text(st, 15)) },
	};
	rc = 1;
out:
	if (rc < 0)
		log_err("notify: load delivery %" PRId64 ": %s", id, db_errmsg(db));
	db_finalize(st);
	return rc;
}

/* Writes the outcome of a send back, guarded by the claim token. */
static int nt_finish(struct db *db, int64_t id, const char *token, const char *status,
		     const char *error, const char *next_at, const char *sent_at, const char *now)
{
	static const char sql[] =
		"UPDATE notify_delivery SET status = ?, last_error = COALESCE(?, last_error),"
		" next_at = COALESCE(?, next_at), sent_at = COALESCE(?, sent_at),"
		" claimed_until = NULL, claim_token = NULL, updated_at = ?"
		" WHERE id = ? AND status = 'sending' AND claim_token = ?";
	struct db_stmt *st = db_prepare(db, sql);
	int rc = -1;

	if (st && !db_bind_text(st, 1, status) && !db_bind_text(st, 2, error) &&
	    !db_bind_text(st, 3, next_at) && !db_bind_text(st, 4, sent_at) &&
	    !db_bind_text(st, 5, now) && !db_bind_int64(st, 6, id) &&
	    !db_bind_text(st, 7, token) && db_step(st) == DB_DONE)
		rc = 0;
	if (rc)
		log_err("notify: finish delivery %" PRId64 ": %s", id, db_errmsg(db));
	db_finalize(st);
	return rc;
}

/* Claims delivery id if it is due (or its lease expired). 1 ours, 0 not, -1 error. */
static int nt_claim(struct db *db, int64_t id, const char *token, const char *now,
		    const char *until)
{
	static const char sql[] =
		"UPDATE notify_delivery SET status = 'sending', claimed_until = ?, claim_token = ?,"
		" attempts = attempts + 1, updated_at = ?"
		" WHERE id = ? AND batched = 0 AND ((status IN ('pending', 'failed') AND next_at <= ?)"
		" OR (status = 'sending' AND claimed_until < ?))";
	struct db_stmt *st = db_prepare(db, sql);
	int rc = -1;

	if (st && !db_bind_text(st, 1, until) && !db_bind_text(st, 2, token) &&
	    !db_bind_text(st, 3, now) && !db_bind_int64(st, 4, id) &&
	    !db_bind_text(st, 5, now) && !db_bind_text(st, 6, now) && db_step(st) == DB_DONE)
		rc = db_changes(st) > 0;
	if (rc < 0)
		log_err("notify: claim delivery %" PRId64 ": %s", id, db_errmsg(db));
	db_finalize(st);
	return rc;
}

/* Claims, sends and records delivery id. *failed_channel gets the channel when the
 * send failed (0 otherwise). 0 done (whatever the outcome, or not ours), -1 error. */
static int nt_deliver(struct ectx *c, int64_t id, struct notify_run_stats *st,
		      int64_t *failed_channel)
{
	struct arena a;
	struct notify_job j;
	char now[20], until[20], token[33], err[1024], next[20];
	time_t t = nt_now(now);
	int r, rc = -1, wait;
	struct buf eb;

	*failed_channel = 0;
	arena_init(&a);
	buf_init(&eb, 4096);
	time_datetime(t + NT_LEASE_SECONDS, until);
	random_hex(token, 16);
	r = nt_claim(c->db, id, token, now, until);
	if (r <= 0) {
		rc = r;
		goto out;
	}
	st->claimed++;
	r = nt_job_load(c->db, &a, id, token, &j);
	if (r <= 0) {
		rc = r;
		goto out;
	}
	err[0] = '\0';
	r = notify_job_send(&a, &j, err, sizeof(err));	/* no statement open, no transaction */
	t = nt_now(now);
	if (r == 0) {
		rc = nt_finish(c->db, id, token, "sent", NULL, NULL, now, now);
		st->sent++;
		goto out;
	}
	notify_text_clean(&eb, err, NT_ERROR_MAX, 0);
	wait = r == -2 ? -1 : notify_backoff(j.attempts);
	if (wait < 0) {
		rc = nt_finish(c->db, id, token, "dead", buf_str(&eb), NULL, NULL, now);
		st->dead++;
	} else {
		time_datetime(t + wait, next);
		rc = nt_finish(c->db, id, token, "failed", buf_str(&eb), next, NULL, now);
		st->failed++;
	}
	if (r == -1)
		*failed_channel = j.channel_id;
	log_warn("notify: delivery %" PRId64 " via channel %" PRId64 " (attempt %d): %s", id,
		 j.channel_id, j.attempts, err);
out:
	buf_release(&eb);
	arena_release(&a);
	return rc;
}

/* ------------------------------------------------------------- digests */

/* Builds the digest of channel ch from its due batched rows in one transaction:
 * the digest row, its items marked merged, its subject and body. 1 made, 0 none
 * (another server made it, or nothing is due), -1 error. */
static int nt_digest_one(struct ectx *c, int64_t ch, const char *now)
{
	static const char sql_ch[] = "SELECT org_id, active FROM notify_channel WHERE id = ?";
	static const char sql_dead[] =
		"UPDATE notify_delivery SET status = 'dead', last_error = ?, updated_at = ?"
		" WHERE channel_id = ? AND batched = 1 AND status = 'pending' AND next_at <= ?";
	static const char sql_merge[] =
		"UPDATE notify_delivery SET status = 'merged', digest_id = ?, updated_at = ?"
		" WHERE channel_id = ? AND batched = 1 AND status = 'pending' AND next_at <= ?";
	static const char sql_items[] =
		"SELECT d.kind, d.subject, d.link, o.name FROM notify_delivery d"
		" LEFT JOIN org o ON o.id = d.about_org_id WHERE d.digest_id = ? ORDER BY d.id";
	static const char sql_set[] = "UPDATE notify_delivery SET subject = ?, body = ? WHERE id = ?";
	struct db_stmt *st = NULL;
	struct buf body, subj;
	int64_t org = 0, did, n = 0, shown = 0;
	int active = 0, rc = -1, s, began = 0, full = 0;

	buf_init(&body, 1 << 16);
	buf_init(&subj, 1024);
	if (db_begin(c->db) != 0)
		goto out;
	began = 1;
	st = db_prepare(c->db, sql_ch);
	if (!st || db_bind_int64(st, 1, ch) < 0)
		goto out;
	s = db_step(st);
	if (s == DB_ROW) {
		org = db_col_int64(st, 0);
		active = db_col_int64(st, 1) != 0;
	} else if (s != DB_DONE) {
		goto out;
	}
	db_finalize(st);
	st = NULL;
	if (!active) {
		/* the channel was switched off (or removed) while they waited: not sent */
		st = db_prepare(c->db, sql_dead);
		if (!st || db_bind_text(st, 1, org ? "通知渠道已停用，未发送" : "通知渠道已删除，未发送") ||
		    db_bind_text(st, 2, now) || db_bind_int64(st, 3, ch) || db_bind_text(st, 4, now) ||
		    db_step(st) != DB_DONE)
			goto out;
		rc = 0;
		goto commit;
	}
	did = nt_delivery_create(c, org, ch, 0, "digest", "每日汇总", NULL, NULL, 0, now);
	if (did < 0)
		goto out;
	st = db_prepare(c->db, sql_merge);
	if (!st || db_bind_int64(st, 1, did) || db_bind_text(st, 2, now) ||
	    db_bind_int64(st, 3, ch) || db_bind_text(st, 4, now) || db_step(st) != DB_DONE)
		goto out;
	n = db_changes(st);
	db_finalize(st);
	st = NULL;
	if (n == 0) {
		rc = 0;		/* another server took them first: drop our digest row */
		goto out;
	}
	st = db_prepare(c->db, sql_items);
	if (!st || db_bind_int64(st, 1, did))
		goto out;
	while ((s = db_step(st)) == DB_ROW) {
		const char *label = notify_kind_label(db_col_text(st, 0));
		const char *subject = db_col_text(st, 1), *link = db_col_text(st, 2);
		const char *oname = db_col_text(st, 3);
		size_t before = body.len;

		if (full)
			continue;
		link = notify_link_abs(c->arena, link);
		buf_printf(&body, "%" PRId64 ". 【%s】%s", shown + 1, label ? label : "通知",
			   subject ? subject : "");
		if (oname)
			buf_printf(&body, "（%s）", oname);
		if (link)
			buf_printf(&body, " [查看](%s)", link);
		buf_putc(&body, '\n');
		if (body.len > NT_DIGEST_BODY_MAX) {
			body.len = before;
			body.p[before] = '\0';
			full = 1;
			continue;
		}
		shown++;
	}
	if (s != DB_DONE)
		goto out;
	db_finalize(st);
	st = NULL;
	if (shown < n)
		buf_printf(&body, "……另有 %" PRId64 " 条，请登录平台查看\n", n - shown);
	buf_printf(&subj, "%s每日汇总：%" PRId64 " 条通知（%.10s）", NT_FOOTER, n, now);
	st = db_prepare(c->db, sql_set);
	if (buf_failed(&body) || !st || db_bind_text(st, 1, buf_str(&subj)) ||
	    db_bind_text(st, 2, buf_str(&body)) || db_bind_int64(st, 3, did) ||
	    db_step(st) != DB_DONE)
		goto out;
	rc = 1;
commit:
	db_finalize(st);
	st = NULL;
	if (db_commit(c->db) != 0) {
		rc = -1;
		goto out;
	}
	began = 0;
out:
	if (rc < 0)
		log_err("notify: digest of channel %" PRId64 ": %s", ch, db_errmsg(c->db));
	db_finalize(st);
	if (began)
		db_rollback(c->db);
	buf_release(&body);
	buf_release(&subj);
	return rc;
}

/* Makes every digest that is due. Returns the number made, -1 on error. */
static int nt_digests(struct ectx *c)
{
	static const char sql[] =
		"SELECT DISTINCT channel_id FROM notify_delivery"
		" WHERE status = 'pending' AND batched = 1 AND next_at <= ? ORDER BY channel_id";
	struct db_stmt *st = NULL;
	int64_t *ids = NULL;
	int n = 0, cap = 0, made = 0, s, r;
	char now[20];

	nt_now(now);
	st = db_prepare(c->db, sql);
	if (!st || db_bind_text(st, 1, now) < 0)
		goto fail;
	while ((s = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			ids = xrealloc(ids, (size_t)cap * sizeof(*ids));
		}
		ids[n++] = db_col_int64(st, 0);
	}
	if (s != DB_DONE)
		goto fail;
	db_finalize(st);
	st = NULL;
	for (int i = 0; i < n; i++) {
		if ((r = nt_digest_one(c, ids[i], now)) < 0)
			goto fail;
		made += r;
	}
	free(ids);
	return made;
fail:
	log_err("notify: digests: %s", db_errmsg(c->db));
	db_finalize(st);
	free(ids);
	return -1;
}

/* ------------------------------------------------------------- the pass */

int notify_run(struct ectx *c, int limit, struct notify_run_stats *st)
{
	static const char sql[] =
		"SELECT id, channel_id FROM notify_delivery WHERE batched = 0 AND"
		" ((status IN ('pending', 'failed') AND next_at <= ?)"
		" OR (status = 'sending' AND claimed_until < ?)) ORDER BY next_at, id LIMIT ?";
	struct db_stmt *q = NULL;
	int64_t (*due)[2] = NULL, failed[NT_MAX_FAILED_CHANNELS];
	int n = 0, nfailed = 0, s, rc = -1;
	char now[20];

	memset(st, 0, sizeof(*st));
	if (limit <= 0)
		limit = NT_RUN_LIMIT;
	st->digests = nt_digests(c);
	if (st->digests < 0) {
		st->digests = 0;
		goto out;
	}
	nt_now(now);
	due = xcalloc((size_t)limit, sizeof(*due));
	q = db_prepare(c->db, sql);
	if (!q || db_bind_text(q, 1, now) || db_bind_text(q, 2, now) || db_bind_int64(q, 3, limit))
		goto out;
	while ((s = db_step(q)) == DB_ROW && n < limit) {
		due[n][0] = db_col_int64(q, 0);
		due[n][1] = db_col_int64(q, 1);
		n++;
	}
	if (s != DB_DONE && s != DB_ROW)
		goto out;
	db_finalize(q);
	q = NULL;
	for (int i = 0; i < n; i++) {
		int64_t fc;
		int skip = 0;
		for (int k = 0; k < nfailed; k++)
			skip |= failed[k] == due[i][1];
		if (skip) {
			st->deferred++;
			continue;
		}
		if (nt_deliver(c, due[i][0], st, &fc) < 0)
			goto out;
		if (fc && nfailed < NT_MAX_FAILED_CHANNELS)
			failed[nfailed++] = fc;
	}
	rc = 0;
out:
	if (rc)
		log_err("notify_run: %s", db_errmsg(c->db));
	db_finalize(q);
	free(due);
	return rc;
}

int notify_jobs(struct ectx *c)
{
	struct notify_run_stats st;

	return notify_run(c, 0, &st);
}

/* ------------------------------------------------------------ workflow */

/* 重新发送: back to the queue, due now, with a fresh round of tries. */
static int nt_resend_apply(struct wf_call *w)
{
	json_object_set_new(w->set, "next_at", json_string(w->now));
	json_object_set_new(w->set, "attempts", json_integer(0));
	json_object_set_new(w->set, "claimed_until", json_null());
	json_object_set_new(w->set, "claim_token", json_null());
	return 0;
}

/* ------------------------------------------------------------ handlers */

/* Drops what a client may not set on a channel (server fields, virtual fields and
 * our own output keys); the secret fields stay — that is why these routes exist. */
static void nt_channel_strip(json_t *body)
{
	for (size_t i = 0; i < ARRAY_SIZE(channel_fields); i++) {
		const struct field_def *f = &channel_fields[i];
		if ((f->flags & F_READONLY) || f->expr)
			json_object_del(body, f->name);
	}
	json_object_del(body, "_actions");
}

/* POST /api/notify_channel, PUT /api/notify_channel/:id → the channel as GET shows it. */
static int nt_h_channel_save(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct verr e;
	int64_t id = r->method == HTTP_PUT ? req_param_id(r, 0) : 0;

	if (r->method == HTTP_PUT && !id)
		return http_not_found(s);
	verr_init(&e, &r->arena);
	nt_channel_strip(r->json);
	if (r->method == HTTP_POST) {
		id = entity_create(&c, &notify_channel_def, r->json, &e);
		if (id < 0)
			return verr_send(&e, s);
		return entity_send(&c, &notify_channel_def, id, 201, s);
	}
	if (entity_update(&c, &notify_channel_def, id, r->json, &e) < 0)
		return verr_send(&e, s);
	return entity_send(&c, &notify_channel_def, id, 200, s);
}

/* POST /api/notify_channel/:id/test → 201 the test delivery, already tried once:
 * 已发送, or 发送失败 with the receiver's error (and retried later like any other). */
static int nt_h_channel_test(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct notify_run_stats st = { 0 };
	json_t *ch = NULL, *note = NULL;
	int64_t id = req_param_id(r, 0), did = -1, fc;
	char now[20];
	const char *body;

	ch = id ? entity_get(&c, &notify_channel_def, id) : NULL;
	if (!ch)
		return http_not_found(s);
	nt_now(now);
	body = arena_printf(&r->arena, "这是一条来自" NT_FOOTER "的测试消息。\n\n渠道：%s\n时间：%s\n操作人：%s",
			    row_str(ch, "name"), now, r->user->name ? r->user->name : r->user->username);
	if (db_begin(r->db) != 0)
		goto fail;
	did = nt_delivery_create(&c, row_int(ch, "org_id"), id, 0, "test", "测试消息", body, NULL, 0, now);
	if (did < 0)
		goto rollback;
	note = json_pack("{s:I, s:I}", "org_id", (json_int_t)row_int(ch, "org_id"),
			 "delivery_id", (json_int_t)did);
	if (audit_write(&c, "notify_channel", id, "test", NULL, note) < 0 || db_commit(r->db) != 0)
		goto rollback;
	json_decref(note);
	json_decref(ch);
	if (nt_deliver(&c, did, &st, &fc) < 0)
		return http_internal(s);
	return entity_send(&c, &notify_delivery_def, did, 201, s);
rollback:
	db_rollback(r->db);
fail:
	json_decref(note);
	json_decref(ch);
	return http_internal(s);
}

/* POST /api/notify/run → {digests, claimed, sent, failed, dead, deferred}. */
static int nt_h_run(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	struct notify_run_stats st;
	struct jw w;

	if (notify_run(&c, NT_RUN_LIMIT, &st) != 0)
		return http_internal(s);
	s->status = 200;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "digests", st.digests);
	jw_kint(&w, "claimed", st.claimed);
	jw_kint(&w, "sent", st.sent);
	jw_kint(&w, "failed", st.failed);
	jw_kint(&w, "dead", st.dead);
	jw_kint(&w, "deferred", st.deferred);
	jw_obj_end(&w);
	return 200;
}

static const struct field_def notice_inputs[] = {
	{.name = "org_id", .label = "相关单位", .type = FT_REF, .ref = "org", .flags = F_REQUIRED},
	{.name = "kind", .label = "通知类别", .type = FT_ENUM, .opts = notify_kinds_opts},
	{.name = "subject", .label = "标题", .type = FT_TEXT, .max_len = NT_SUBJECT_MAX,
	 .flags = F_REQUIRED},
	{.name = "body", .label = "内容", .type = FT_LONGTEXT, .max_len = NT_BODY_MAX},
	{.name = "link", .label = "链接", .type = FT_TEXT, .max_len = 500},
};

/* POST /api/notify/notice {org_id, kind?, subject, body?, link?} → 201 {queued: N}:
 * a notice about an org to every channel that hears it (notify_enqueue). */
static int nt_h_notice(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	json_t *v[ARRAY_SIZE(notice_inputs)] = { NULL };
	const char *k, *link, *kind;
	json_t *x;
	struct verr e;
	struct jw w;
	int n = -1, st = 201;

	verr_init(&e, &r->arena);
	json_object_foreach(r->json, k, x) {
		size_t i;
		for (i = 0; i < ARRAY_SIZE(notice_inputs) && strcmp(notice_inputs[i].name, k); i++)
			;
		if (i == ARRAY_SIZE(notice_inputs))
			verr_add(&e, k, "未知字段: %s", k);
	}
	for (size_t i = 0; i < ARRAY_SIZE(notice_inputs); i++)
		if (field_validate(&notice_inputs[i], json_object_get(r->json, notice_inputs[i].name),
				   &v[i], &e) != 0)
			v[i] = NULL;
	kind = v[1] ? json_string_value(v[1]) : NULL;
	link = v[4] ? json_string_value(v[4]) : NULL;
	if (kind && !nt_kind_filterable(kind))
		verr_add(&e, "kind", "不能手动发送“%s”", notify_kind_label(kind));
	if (link && link[0] != '/' && notify_url_problem(link, 0))
		verr_add(&e, "link", "链接须为 http(s) 地址或以 / 开头的平台页面");
	if (!e.status && scope_row_visible(&c, json_integer_value(v[0])) != 1)
		verr_add(&e, "org_id", "所选相关单位不存在");
	if (e.status) {
		st = verr_send(&e, s);
		goto out;
	}
	if (db_begin(r->db) != 0) {
		st = http_internal(s);
		goto out;
	}
	n = notify_enqueue(&c, json_integer_value(v[0]), kind ? kind : "notice",
			   json_string_value(v[2]), v[3] ? json_string_value(v[3]) : NULL, link);
	if (n < 0 || db_commit(r->db) != 0) {
		db_rollback(r->db);
		st = http_internal(s);
		goto out;
	}
	s->status = 201;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kint(&w, "queued", n);
	jw_obj_end(&w);
out:
	for (size_t i = 0; i < ARRAY_SIZE(notice_inputs); i++)
		json_decref(v[i]);
	return st;
}

/* ---------------------------------------------------------------- demo */

/* The demo district's example channels (both disabled: nothing is ever sent) and
 * a few deliveries in each state, so the screens show what real use leaves. */
int notify_demo_build(struct ectx *c)
{
	static const struct {
		const char *kind, *subject, *status, *error;
		int attempts, next_min, sent_min;
	} rows[] = {
		{"obligation_overdue", "上海青浦燃气有限公司：2026年第三季度重大危险源安全检查已逾期",
		 "sent", NULL, 1, 0, -180},
		{"hazard", "上海青浦化工物资贸易有限公司登记重大事故隐患：危化品仓库防爆电气失效",
		 "sent", "接收方返回 HTTP 502：Bad Gateway", 2, 0, -60},
		{"obligation_due", "上海青浦冷链食品有限公司：液氨制冷系统年度检测将于7日后到期",
		 "failed", "接收方返回错误（errcode 93000）：invalid webhook url", 2, 5, 0},
		{"task", "安全生产月活动总结报送任务已下达", "dead",
		 "无法连接接收方：Failed to connect to qyapi.weixin.qq.com port 443", 6, 0, 0},
		{"notice", "关于开展有限空间作业专项检查的通知", "pending", NULL, 0, 60, 0},
	};
	struct verr e;
	json_t *o = NULL;
	int64_t reg = 0, wecom, mail;
	char now[20], at[20];
	time_t t = nt_now(now);
	int rc = -1;

	verr_init(&e, c->arena);
	if (db_query_int64(c->db, "SELECT id FROM org WHERE kind = 'regulator' ORDER BY id LIMIT 1",
			   &reg, 0) != 0 || !reg)
		return reg ? -1 : 0;
	if (db_begin(c->db) != 0)
		return -1;
	o = json_pack("{s:I, s:s, s:s, s:s, s:b, s:s}", "org_id", (json_int_t)reg,
		      "name", "区国资委安全生产工作群（示例）", "kind", "wecom",
		      "webhook_url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-0000-0000-0000-000000000000",
		      "active", 0, "note", "演示用示例渠道，已停用；请替换为本单位群机器人的 Webhook 地址后启用");
	wecom = entity_sys_create_tx(c, &notify_channel_def, o, &e);
	json_decref(o);
	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:s}", "org_id", (json_int_t)reg,
		      "name", "安全生产每日汇总邮件（示例）", "kind", "email",
		      "smtp_url", "smtps://smtp.example.com:465", "mail_from", "anjian@example.com",
		      "recipients", "safety@example.com", "active", 0, "digest", 1,
		      "digest_at", NT_DEFAULT_DIGEST_AT, "events", "obligation_due,obligation_overdue,hazard");
	mail = wecom > 0 ? entity_sys_create_tx(c, &notify_channel_def, o, &e) : -1;
	json_decref(o);
	o = NULL;
	if (wecom < 0 || mail < 0)
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:i, s:b}", "org_id", (json_int_t)reg,
			      "channel_id", (json_int_t)wecom, "kind", rows[i].kind,
			      "subject", rows[i].subject, "body", rows[i].subject,
			      "status", rows[i].status, "attempts", rows[i].attempts, "batched", 0);
		time_datetime(t + rows[i].next_min * 60 + rows[i].sent_min * 60, at);
		json_object_set_new(o, "next_at", json_string(at));
		if (rows[i].sent_min)
			json_object_set_new(o, "sent_at", json_string(at));
		if (rows[i].error)
			json_object_set_new(o, "last_error", json_string(rows[i].error));
		if (entity_sys_create_tx(c, &notify_delivery_def, o, &e) < 0)
			goto out;
		json_decref(o);
		o = NULL;
	}
	rc = db_commit(c->db) == 0 ? 0 : -1;
out:
	if (rc)
		log_err("notify demo: %s %s", e.message ? e.message : "", db_errmsg(c->db));
	json_decref(o);
	if (rc)
		db_rollback(c->db);
	return rc;
}

/* ------------------------------------------------------------- registry */

static const struct route notify_routes[] = {
	{HTTP_POST, "/api/notify_channel", nt_h_channel_save, ROUTE_JSON, NT_ADMIN},
	{HTTP_PUT, "/api/notify_channel/:id", nt_h_channel_save, ROUTE_JSON, NT_ADMIN},
	{HTTP_POST, "/api/notify_channel/:id/test", nt_h_channel_test, 0, NT_ADMIN},
	{HTTP_POST, "/api/notify/run", nt_h_run, 0, NT_ADMIN},
	{HTTP_POST, "/api/notify/notice", nt_h_notice, ROUTE_JSON, NT_ADMIN},
};

/* Registers the declarations, routes and permission codes (mod.h), and starts
 * libcurl (before any thread starts). */
/* The inbox's outbound copy: its kinds mapped onto the channels' events. */
static int notify_from_inbox(struct ectx *c, int64_t org_id, const char *kind, const char *title,
			     const char *body, const char *link)
{
	const char *k = !kind ? "other" : strcmp(kind, "due_soon") == 0 ? "obligation_due" :
		strcmp(kind, "overdue") == 0 ? "obligation_overdue" :
		strcmp(kind, "notice") == 0 ? "notice" : "hazard";

	return notify_enqueue(c, org_id, k, title, body, link) < 0 ? -1 : 0;
}

void notify_init(void)
{
	inbox_forward = notify_from_inbox;
	notify_transport_init();
	entity_register(&notify_channel_def);
	entity_register(&notify_delivery_def);
	router_add(notify_routes, ARRAY_SIZE(notify_routes));
	entity_perm_register("notify_channel:test", NT_ADMIN);
	entity_perm_register("notify:run", NT_ADMIN);
	entity_perm_register("notify:notice", NT_ADMIN);
}
