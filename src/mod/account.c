/*
 * account.c — orgs, supervision relations, users and passwords (DESIGN.md §3).
 *
 * The org tree carries a materialised path ("/1/7/23/": the ids from the root down,
 * each followed by '/'); a node's subtree is every org whose path starts with its
 * path. Every change of org or supervision rebuilds scope_org (scope_rebuild) inside
 * the same transaction, so a reader never sees a tree and a scope that disagree.
 *
 * Who manages whom (users): admin manages everyone; a regulator manages regulator
 * and department users of its own subtree, and enterprise users (ent_manager,
 * ent_principal, staff) of the enterprises it supervises; an ent_manager manages
 * enterprise users inside its own subtree; principals and staff manage nobody; and
 * no one changes their own role. The same rule guards create, update and password
 * reset; a reset also needs a target of strictly lower role and never touches the
 * administrator. Passwords are argon2id (libsodium crypto_pwhash_str) and never leave the
 * server: password_hash and the lockout counters are F_SECRET.
 *
 * The /api/auth endpoints live in src/http/session.c; account_init registers them.
 */
#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <crack.h>
#include <sodium.h>
#include <jansson.h>

#include "mod.h"
#include "../core/util.h"
#include "../rules/inspect.h"
#include "../db/db.h"
#include "../entity/entity.h"
#include "../http/http.h"

#define R(x) (1u << (x))
#define ACCOUNT_MANAGERS (R(ROLE_ADMIN) | R(ROLE_REGULATOR) | R(ROLE_ENT_MANAGER))

/* ---------------------------------------------------------------- declarations */

static const struct enum_opt org_kinds[] = {
	{"regulator", "监管部门"},
	{"committee", "安委办"},
	{"department", "成员单位"},
	{"enterprise", "企业"},
	{"unit", "内部单位"},
	{NULL, NULL},
};

static const struct enum_opt unit_levels[] = {
	{"workshop", "车间"},
	{"team", "班组"},
	{"post", "岗位"},
	{NULL, NULL},
};

static const struct enum_opt role_opts[] = {
	{"admin", "系统管理员"},
	{"regulator", "监管部门"},
	{"department", "成员单位"},
	{"ent_manager", "企业安全管理员"},
	{"ent_principal", "企业主要负责人"},
	{"staff", "员工"},
	{NULL, NULL},
};

/* DESIGN.md §3: a regulator supervises an enterprise as its investor (出资), as the
 * authority of its industry (行业) or of its territory (属地). */
static const struct enum_opt supervision_kinds[] = {
	{"investor", "出资监管"},
	{"industry", "行业监管"},
	{"territorial", "属地监管"},
	{NULL, NULL},
};

static const struct field_def org_fields[] = {
	{.name = "name", .label = "名称", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_SORT | F_LIST, .max_len = 100},
	{.name = "kind", .label = "类型", .type = FT_ENUM,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .opts = org_kinds},
	{.name = "parent_id", .label = "上级单位", .type = FT_REF,
	 .flags = F_FILTER | F_LIST, .ref = "org"},
	{.name = "unit_level", .label = "层级", .type = FT_ENUM, .flags = F_FILTER | F_LIST,
	 .opts = unit_levels, .help = "内部单位的层级：车间、班组或岗位"},
	{.name = "path", .label = "路径", .type = FT_TEXT, .flags = F_READONLY | F_HIDDEN,
	 .max_len = 1000},
	/* An internal unit's company (its nearest enterprise: the short name, else the
	 * name), so a group's pickers read "青浦燃气 / 调压运行部". */
	{.name = "company", .label = "所属企业", .type = FT_TEXT, .flags = F_READONLY | F_HIDDEN,
	 .expr = "CASE WHEN t.kind = 'unit' THEN (SELECT COALESCE(NULLIF(en.short_name, ''), x.name)"
		 " FROM org x LEFT JOIN enterprise en ON en.org_id = x.id WHERE x.kind = 'enterprise'"
		 " AND substr(t.path, 1, length(x.path)) = x.path ORDER BY length(x.path) DESC LIMIT 1)"
		 " END"},
};

static const struct field_def user_fields[] = {
	{.name = "username", .label = "用户名", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_UNIQUE | F_SEARCH | F_SORT | F_LIST, .max_len = 32,
	 .help = "3至32位字母、数字、下划线、点或连字符"},
	{.name = "name", .label = "姓名", .type = FT_TEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_SORT | F_LIST, .max_len = 50},
	{.name = "role", .label = "角色", .type = FT_ENUM,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .opts = role_opts},
	{.name = "phone", .label = "手机号", .type = FT_PHONE, .flags = F_LIST | F_SEARCH},
	{.name = "active", .label = "启用", .type = FT_BOOL, .flags = F_FILTER | F_LIST},
	/* 行政执法证: the 双随机 draw selects inspectors only among the users holding a
	 * valid one (inspect_enforce.c, rules/inspect.h enforce_cert_valid) */
	{.name = "enforce_cert", .label = "执法证号", .type = FT_TEXT, .flags = F_SEARCH, .max_len = 40,
	 .help = "监管部门人员的行政执法证件编号；双随机抽查只从持有效执法证的人员中选派"},
	{.name = "enforce_cert_until", .label = "执法证有效期至", .type = FT_DATE},
	{.name = "password_hash", .label = "密码", .type = FT_TEXT,
	 .flags = F_SECRET | F_READONLY | F_HIDDEN, .max_len = 255},
	{.name = "failed_logins", .label = "连续登录失败次数", .type = FT_INT,
	 .flags = F_SECRET | F_READONLY | F_HIDDEN},
	{.name = "locked_until", .label = "锁定截止", .type = FT_INT,
	 .flags = F_SECRET | F_READONLY | F_HIDDEN},
	{.name = "password_changed_at", .label = "密码修改时间", .type = FT_DATETIME,
	 .flags = F_READONLY | F_HIDDEN},
};

static const struct field_def supervision_fields[] = {
	{.name = "regulator_org", .label = "监管单位", .type = FT_REF,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .ref = "org"},
	{.name = "enterprise_org", .label = "被监管企业", .type = FT_REF,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .ref = "org"},
	{.name = "kind", .label = "监管类型", .type = FT_ENUM,
	 .flags = F_REQUIRED | F_FILTER | F_LIST, .opts = supervision_kinds},
};

static int org_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int org_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e);
static int org_after_write(struct ectx *c, enum entity_action a, int64_t id,
			   const json_t *before, const json_t *after, struct verr *e);
static int user_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int user_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e);
static int supervision_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e);
static int supervision_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				    const json_t *old, struct verr *e);
static int supervision_after_write(struct ectx *c, enum entity_action a, int64_t id,
				   const json_t *before, const json_t *after, struct verr *e);

static const struct entity_def org_entity = {
	.name = "org", .table = "org", .label = "单位",
	.fields = org_fields, .nfields = ARRAY_SIZE(org_fields),
	.read_roles = 0, .write_roles = ACCOUNT_MANAGERS,
	.flags = E_ORG_NAMED,
	.display_field = "name", .default_sort = "id", .scope_column = "id",
	.validate = org_validate, .before_write = org_before_write, .after_write = org_after_write,
};

static const struct entity_def user_entity = {
	.name = "user", .table = "users", .label = "用户",
	.fields = user_fields, .nfields = ARRAY_SIZE(user_fields),
	.flags = E_NO_DELETE,	/* users are deactivated: audit rows keep naming them */
	.read_roles = 0, .write_roles = ACCOUNT_MANAGERS,
	.display_field = "name", .default_sort = "-id",
	.validate = user_validate, .before_write = user_before_write,
};

static const struct entity_def supervision_entity = {
	.name = "supervision", .table = "supervision", .label = "监管关系",
	.fields = supervision_fields, .nfields = ARRAY_SIZE(supervision_fields),
	.flags = E_ORG_NAMED,
	.read_roles = R(ROLE_ADMIN) | R(ROLE_REGULATOR), .write_roles = R(ROLE_ADMIN),
	.display_field = "kind", .default_sort = "-id",
	.validate = supervision_validate, .before_write = supervision_before_write,
	.after_write = supervision_after_write,
};

/* ---------------------------------------------------------------- SQL */

static const char SQL_ORG_INFO[] = "SELECT path, kind FROM org WHERE id = ?";
static const char SQL_ORG_INSERT[] =
	"INSERT INTO org (parent_id, path, name, kind, created_at, updated_at, created_by, updated_by)"
	" VALUES (?, '/', ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_ORG_SET_PATH[] = "UPDATE org SET path = ?, org_id = ? WHERE id = ?";
/* Moves a subtree: every path starting with the old prefix gets the new one. The
 * lengths are cast because PostgreSQL has no substr(text, bigint) (ids and lengths
 * are bound as bigint; see db/pg.c). */
static const char SQL_ORG_MOVE[] =
	"UPDATE org SET path = ? || substr(path, CAST(? AS INTEGER))"
	" WHERE substr(path, 1, CAST(? AS INTEGER)) = ?";
static const char SQL_ORG_PARENT[] =
	"UPDATE org SET parent_id = ?, updated_at = ?, updated_by = ? WHERE id = ?";
static const char SQL_ORG_RENAME[] = "UPDATE org SET name = ?, updated_at = ?, updated_by = ? WHERE id = ?";
static const char SQL_ORG_CHILDREN[] = "SELECT COUNT(*) FROM org WHERE parent_id = ?";
static const char SQL_ORG_USERS[] = "SELECT COUNT(*) FROM users WHERE org_id = ?";
static const char SQL_SUPERVISION_ADD[] =
	"INSERT INTO supervision (org_id, regulator_org, enterprise_org, kind, created_at, updated_at,"
	" created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (regulator_org, enterprise_org, kind) DO NOTHING";
static const char SQL_USER_INSERT[] =
	"INSERT INTO users (org_id, username, name, role, active, password_hash, failed_logins,"
	" locked_until, password_changed_at, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, 1, ?, 0, 0, ?, ?, ?) RETURNING id";
static const char SQL_USER_RESET[] =
	"UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = 0,"
	" password_changed_at = ?, updated_at = ?, updated_by = ? WHERE id = ?";
/* All of a user's sessions but one (token_hash '' keeps none). */
static const char SQL_USER_SESSIONS_DELETE[] =
	"DELETE FROM session WHERE user_id = ? AND token_hash <> ?";

/* ---------------------------------------------------------------- helpers */

/* The user id for created_by/updated_by, or 0 for the system. */
static int64_t account_uid(const struct ectx *c)
{
	return c->user ? c->user->id : 0;
}

/* Binds v at idx, or NULL when v is 0. */
static int account_bind_id(struct db_stmt *st, int idx, int64_t v)
{
	return v ? db_bind_int64(st, idx, v) : db_bind_null(st, idx);
}

/* Looks up org id: path and kind copied into the arena. 1 found, 0 missing, -1 error. */
static int org_info(struct ectx *c, int64_t id, const char **path, const char **kind)
{
	struct db_stmt *st = db_prepare(c->db, SQL_ORG_INFO);
	int rc = -1, step;

	if (!st || db_bind_int64(st, 1, id))
		goto out;
	step = db_step(st);
	if (step < 0)
		goto out;
	rc = step == DB_ROW;
	if (rc) {
		if (path)
			*path = arena_strdup(c->arena, db_col_text(st, 0));
		if (kind)
			*kind = arena_strdup(c->arena, db_col_text(st, 1));
	}
out:
	if (rc < 0)
		log_err("org: %s", db_errmsg(c->db));
	db_finalize(st);
	return rc;
}

/* 1 if path lies in the subtree whose root has path root. */
static int account_under(const char *path, const char *root)
{
	return path && root && !strncmp(path, root, strlen(root));
}

/* Sets the path (parent's path + id + '/') and org_id of org id; 0 ok, -1 error. */
static int org_set_path(struct ectx *c, int64_t id, int64_t parent_id, const char **out)
{
	const char *ppath = "/", *path;
	struct db_stmt *st = NULL;
	int rc = -1;

	if (parent_id > 0 && org_info(c, parent_id, &ppath, NULL) != 1)
		goto out;
	path = arena_printf(c->arena, "%s%lld/", ppath, (long long)id);
	st = db_prepare(c->db, SQL_ORG_SET_PATH);
	if (!st || db_bind_text(st, 1, path) || db_bind_int64(st, 2, id) || db_bind_int64(st, 3, id) ||
	    db_step(st) < 0)
		goto out;
	if (out)
		*out = path;
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* Rewrites the path prefix oldpath to newpath on every org of the subtree (the node
 * included). 0 ok, -1 error. */
static int org_repath(struct ectx *c, const char *oldpath, const char *newpath)
{
	struct db_stmt *st = db_prepare(c->db, SQL_ORG_MOVE);
	int rc = -1;

	if (!st || db_bind_text(st, 1, newpath) ||
	    db_bind_int64(st, 2, (int64_t)strlen(oldpath) + 1) ||
	    db_bind_int64(st, 3, (int64_t)strlen(oldpath)) || db_bind_text(st, 4, oldpath) ||
	    db_step(st) != DB_DONE)
		goto out;
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* ---------------------------------------------------------------- passwords */

/* Hashes password with argon2id at libsodium's interactive limits. */
int password_hash(const char *password, char out[crypto_pwhash_STRBYTES])
{
	if (!password)
		return -1;
	return crypto_pwhash_str(out, password, strlen(password), PASSWORD_OPSLIMIT,
				 (size_t)PASSWORD_MEMLIMIT) == 0 ? 0 : -1;
}

int password_needs_rehash(const char *stored)
{
	return crypto_pwhash_str_needs_rehash(stored, PASSWORD_OPSLIMIT,
					      (size_t)PASSWORD_MEMLIMIT) != 0;
}

/* cracklib keeps static state while it checks: one check at a time. */
static pthread_mutex_t crack_lock = PTHREAD_MUTEX_INITIALIZER;

/* 1 if hay contains needle, ASCII letters compared without case. */
static int password_has(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; n && *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/*
 * The password rule (issue 14 finding 6; NIST SP 800-63B §5.1.1.2: at least 8
 * characters, checked against commonly used and context-specific passwords):
 * 8..64 characters (UTF-8 code points) with an ASCII letter and a digit; not
 * containing the user name (3 or more characters); and not found weak by cracklib
 * (Debian's cracklib-runtime dictionary: dictionary words with digits appended,
 * keyboard sequences, too few different characters — "password1", "qwerty123",
 * "Abcd1234"). Without the dictionary the other checks still hold (logged once).
 * NULL when acceptable, else the Chinese reason.
 */
const char *password_problem(const char *password, const char *username)
{
	static int warned;
	const unsigned char *p;
	size_t chars = 0;
	int letter = 0, digit = 0, ran;
	char msg[256] = "";

	if (!password)
		return "密码长度须为8至64位，且同时包含字母和数字";
	for (p = (const unsigned char *)password; *p; p++) {
		if ((*p & 0xc0) != 0x80)
			chars++;
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			letter = 1;
		else if (*p >= '0' && *p <= '9')
			digit = 1;
	}
	if (chars < 8 || chars > 64 || !letter || !digit)
		return "密码长度须为8至64位，且同时包含字母和数字";
	if (username && strlen(username) >= 3 && password_has(password, username))
		return "密码不能包含用户名";
	pthread_mutex_lock(&crack_lock);
	ran = __DEBIAN_SPECIFIC__SafeFascistCheck(password, GetDefaultCracklibDict(), msg,
						  sizeof(msg));
	pthread_mutex_unlock(&crack_lock);
	if (!ran) {
		if (!warned++)
			log_warn("password check: cracklib dictionary unavailable (%s)", msg);
		return NULL;
	}
	if (!msg[0])
		return NULL;
	if (strstr(msg, "dictionary"))
		return "密码由常见单词加数字组成，容易被猜中，请换一个";
	if (strstr(msg, "DIFFERENT") || strstr(msg, "simplistic") || strstr(msg, "systematic"))
		return "密码过于简单或有规律（如连续字母、数字），请换一个";
	return "密码过于常见，容易被猜中，请换一个";
}

/* ---------------------------------------------------------------- org */

/* Creates an org node (see mod.h). Returns the id or -1. */
int64_t org_create(struct ectx *c, int64_t parent_id, const char *name, const char *kind)
{
	struct db_stmt *st = NULL;
	const char *path = NULL;
	json_t *after = NULL;
	char now[20];
	int64_t id = -1, rc = -1;

	if (!name || !kind)
		return -1;
	time_datetime(now_utc(), now);
	st = db_prepare(c->db, SQL_ORG_INSERT);
	if (!st || account_bind_id(st, 1, parent_id) || db_bind_text(st, 2, name) ||
	    db_bind_text(st, 3, kind) || db_bind_text(st, 4, now) || db_bind_text(st, 5, now) ||
	    account_bind_id(st, 6, account_uid(c)) || account_bind_id(st, 7, account_uid(c)) ||
	    db_step(st) != DB_ROW)
		goto out;
	id = db_col_int64(st, 0);
	while (db_step(st) == DB_ROW)
		;
	db_finalize(st);
	st = NULL;
	if (org_set_path(c, id, parent_id, &path) || scope_rebuild(c->db))
		goto out;
	after = json_pack("{s:s, s:s, s:I, s:s}", "name", name, "kind", kind, "parent_id",
			  (json_int_t)parent_id, "path", path);
	if (!after || audit_write(c, "org", id, "create", NULL, after))
		goto out;
	rc = id;
out:
	if (rc < 0)
		log_err("org_create %s: %s", name, db_errmsg(c->db));
	json_decref(after);
	db_finalize(st);
	return rc;
}

/* Renames org org_id. 0 ok, -1 error. */
int org_rename(struct ectx *c, int64_t org_id, const char *name)
{
	struct db_stmt *st = db_prepare(c->db, SQL_ORG_RENAME);
	json_t *after = NULL;
	char now[20];
	int rc = -1;

	time_datetime(now_utc(), now);
	if (!st || !name || db_bind_text(st, 1, name) || db_bind_text(st, 2, now) ||
	    account_bind_id(st, 3, account_uid(c)) || db_bind_int64(st, 4, org_id) || db_step(st) < 0)
		goto out;
	after = json_pack("{s:s}", "name", name);
	if (!after || audit_write(c, "org", org_id, "update", NULL, after))
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("org_rename: %s", db_errmsg(c->db));
	json_decref(after);
	db_finalize(st);
	return rc;
}

/* Moves org_id and its subtree under new_parent (see mod.h). 0 ok, -1 error. */
int org_move(struct ectx *c, int64_t org_id, int64_t new_parent)
{
	const char *oldpath = NULL, *ppath = "/", *newpath;
	struct db_stmt *st = NULL;
	json_t *after = NULL;
	char now[20];
	int rc = -1;

	if (org_info(c, org_id, &oldpath, NULL) != 1 ||
	    (new_parent > 0 && org_info(c, new_parent, &ppath, NULL) != 1))
		goto out;
	if (account_under(ppath, oldpath))
		goto out;	/* under itself: the callers' validators refuse it first */
	newpath = arena_printf(c->arena, "%s%lld/", ppath, (long long)org_id);
	time_datetime(now_utc(), now);
	st = db_prepare(c->db, SQL_ORG_PARENT);
	if (!st || account_bind_id(st, 1, new_parent > 0 ? new_parent : 0) ||
	    db_bind_text(st, 2, now) || account_bind_id(st, 3, account_uid(c)) ||
	    db_bind_int64(st, 4, org_id) || db_step(st) != DB_DONE)
		goto out;
	if (org_repath(c, oldpath, newpath) || scope_rebuild(c->db))
		goto out;
	after = json_pack("{s:I, s:s}", "parent_id", (json_int_t)(new_parent > 0 ? new_parent : 0),
			  "path", newpath);
	if (!after || audit_write(c, "org", org_id, "update", NULL, after))
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("org_move %lld: %s", (long long)org_id, db_errmsg(c->db));
	json_decref(after);
	db_finalize(st);
	return rc;
}

/* Adds a supervision relation (idempotent) and rebuilds scope. 0 ok, -1 error. */
int supervision_add(struct ectx *c, int64_t regulator_org, int64_t enterprise_org, const char *kind)
{
	struct db_stmt *st = db_prepare(c->db, SQL_SUPERVISION_ADD);
	char now[20];
	int rc = -1;

	time_datetime(now_utc(), now);
	if (!st || !kind || db_bind_int64(st, 1, enterprise_org) || db_bind_int64(st, 2, regulator_org) ||
	    db_bind_int64(st, 3, enterprise_org) || db_bind_text(st, 4, kind) ||
	    db_bind_text(st, 5, now) || db_bind_text(st, 6, now) ||
	    account_bind_id(st, 7, account_uid(c)) || account_bind_id(st, 8, account_uid(c)) ||
	    db_step(st) < 0)
		goto out;
	if (scope_rebuild(c->db))
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("supervision_add: %s", db_errmsg(c->db));
	db_finalize(st);
	return rc;
}

/*
 * org rules: kind never changes after creation; a non-admin creating or moving a
 * node puts it under its own subtree — a regulator adds regulator, committee or
 * department nodes, an ent_manager adds internal units; a node never moves under
 * itself; unit_level belongs to internal units only.
 */
static int org_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *kind = row_str(obj, "kind"), *ppath = NULL, *pkind = NULL;
	int64_t parent = row_int(obj, "parent_id");
	int admin = !c->user || c->user->role == ROLE_ADMIN, found;

	if (old && kind && row_str(old, "kind") && strcmp(kind, row_str(old, "kind")))
		verr_add(e, "kind", "单位类型创建后不能修改");
	if (kind && strcmp(kind, "unit") && row_str(obj, "unit_level"))
		verr_add(e, "unit_level", "只有内部单位可以设置层级");
	if (old && parent == row_int(old, "parent_id"))
		return 0;	/* not moved: nothing more to check */
	if (parent) {
		found = org_info(c, parent, &ppath, &pkind);
		if (found < 0)
			return -1;
		if (!found) {
			verr_add(e, "parent_id", "上级单位不存在");
			return 0;
		}
		if (old && account_under(ppath, row_str(old, "path")))
			verr_add(e, "parent_id", "上级单位不能是本单位或其下级单位");
	}
	if (admin || !kind)
		return 0;
	if (!parent || !account_under(ppath, c->user->org_path)) {
		verr_add(e, "parent_id", "只能在本单位之下新增或移动单位");
		return 0;
	}
	if (c->user->role == ROLE_REGULATOR && (!strcmp(kind, "enterprise") || !strcmp(kind, "unit")))
		verr_add(e, "kind", "企业请在企业档案中新增");
	else if (c->user->role == ROLE_ENT_MANAGER && strcmp(kind, "unit"))
		verr_add(e, "kind", "企业只能新增内部单位");
	else if (c->user->role != ROLE_REGULATOR && c->user->role != ROLE_ENT_MANAGER)
		verr_set(e, 403, "forbidden", "无权操作");
	return 0;
}

/* Before an org write: org_id follows the parent until after_write knows the id
 * (so the core's scope check of org_id applies to the parent); a node with children
 * or users is not deleted. */
static int org_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			    const json_t *old, struct verr *e)
{
	int64_t id, n;

	if (a == EA_DELETE) {
		id = row_int(old, "id");
		if (db_query_int64p(c->db, SQL_ORG_CHILDREN, id, &n, 0) != 0 ||
		    (n == 0 && db_query_int64p(c->db, SQL_ORG_USERS, id, &n, 0) != 0))
			return -1;
		if (n > 0) {
			verr_set(e, 409, "conflict", "该单位下还有下级单位或用户，不能删除");
			return -1;
		}
		return 0;
	}
	if (a == EA_CREATE && row_int(obj, "parent_id"))
		json_object_set_new(obj, "org_id", json_integer(row_int(obj, "parent_id")));
	else if (a == EA_UPDATE)
		json_object_set_new(obj, "org_id", json_integer(row_int(old, "id")));
	if (!json_is_string(json_object_get(obj, "path")))
		json_object_set_new(obj, "path", json_string(old && row_str(old, "path") ?
								  row_str(old, "path") : "/"));
	return 0;
}

/* After an org write: sets its path and org_id, moves its subtree when the parent
 * changed, and rebuilds scope. */
static int org_after_write(struct ectx *c, enum entity_action a, int64_t id,
			   const json_t *before, const json_t *after, struct verr *e)
{
	const char *oldpath = NULL, *newpath = NULL;
	int rc = -1;

	if (a != EA_DELETE) {
		if (org_info(c, id, &oldpath, NULL) != 1 ||
		    org_set_path(c, id, row_int(after, "parent_id"), &newpath))
			goto out;
		/* the node has its new path; its descendants still start with the old */
		if (a == EA_UPDATE && strcmp(oldpath, newpath) && org_repath(c, oldpath, newpath))
			goto out;
	}
	if (scope_rebuild(c->db))
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("org after_write: %s", db_errmsg(c->db));
	return rc;
}

/* ---------------------------------------------------------------- supervision */

/* The kinds of supervision, for the enterprise registration that creates one. */
const struct enum_opt *supervision_kind_opts(void)
{
	return supervision_kinds;
}

/* supervision rules: the regulator side is a regulator, committee or department
 * node; the supervised side is an enterprise. */
static int supervision_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	const char *kind = NULL;
	int found;

	found = org_info(c, row_int(obj, "regulator_org"), NULL, &kind);
	if (found < 0)
		return -1;
	if (found && strcmp(kind, "regulator") && strcmp(kind, "committee") &&
	    strcmp(kind, "department"))
		verr_add(e, "regulator_org", "监管单位须为监管部门、安委办或成员单位");
	found = org_info(c, row_int(obj, "enterprise_org"), NULL, &kind);
	if (found < 0)
		return -1;
	if (found && strcmp(kind, "enterprise"))
		verr_add(e, "enterprise_org", "被监管单位须为企业");
	return 0;
}

/* The row belongs to the supervised enterprise (its scope). */
static int supervision_before_write(struct ectx *c, enum entity_action a, json_t *obj,
				    const json_t *old, struct verr *e)
{
	if (a != EA_DELETE && row_int(obj, "enterprise_org"))
		json_object_set_new(obj, "org_id", json_integer(row_int(obj, "enterprise_org")));
	return 0;
}

/* Every supervision change changes who sees what. */
static int supervision_after_write(struct ectx *c, enum entity_action a, int64_t id,
				   const json_t *before, const json_t *after, struct verr *e)
{
	return scope_rebuild(c->db) ? -1 : 0;
}

/* ---------------------------------------------------------------- users */

/*
 * May c manage a user of role ro in org org_id? 1 yes; 0 no because of the org
 * (403); 2 no because of the role (the org is fine); -1 error. See the file comment.
 */
static int user_may_manage(struct ectx *c, int64_t org_id, enum role ro)
{
	const char *path = NULL;
	int64_t ent;
	int found, vis, ent_role = ro == ROLE_ENT_MANAGER || ro == ROLE_ENT_PRINCIPAL ||
				       ro == ROLE_STAFF;

	if (!c->user)
		return 1;
	found = org_info(c, org_id, &path, NULL);
	if (found <= 0)
		return found;
	switch (c->user->role) {
	case ROLE_ADMIN:
		return 1;
	case ROLE_REGULATOR:
		if (account_under(path, c->user->org_path))
			return ro == ROLE_REGULATOR || ro == ROLE_DEPARTMENT ? 1 : 2;
		/* outside its own tree only the people of enterprises it supervises */
		ent = org_enterprise_of(c->db, org_id);
		if (ent <= 0)
			return ent < 0 ? -1 : 0;
		vis = scope_row_visible(c, org_id);
		if (vis <= 0)
			return vis;
		return ent_role ? 1 : 2;
	case ROLE_ENT_MANAGER:
		if (!account_under(path, c->user->org_path))
			return 0;
		return ent_role ? 1 : 2;
	default:
		return 0;
	}
}

/* Checks that username is 3..32 of [A-Za-z0-9_.-]. */
static int user_name_ok(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '.' || *s == '-'))
			return 0;
	return n >= 3 && n <= 32;
}

/* Adds the error for a user_may_manage() refusal; -1 on a database error. */
static int user_refuse(int m, struct verr *e)
{
	if (m < 0)
		return -1;
	if (m == 0)
		verr_set(e, 403, "forbidden", "无权管理该单位的用户");
	else if (m == 2)
		verr_add(e, "role", "无权设置该角色");
	return 0;
}

/* user rules: user name form; the manage rule on the old and the new (org, role);
 * no change of one's own role or deactivation of oneself. */
static int user_validate(struct ectx *c, json_t *obj, const json_t *old, struct verr *e)
{
	enum role ro = role_parse(row_str(obj, "role"));
	int64_t org = row_int(obj, "org_id");
	int m;

	const char *cert_field, *cert_msg;

	if (row_str(obj, "username") && !user_name_ok(row_str(obj, "username")))
		verr_add(e, "username", "用户名须为3至32位字母、数字、下划线、点或连字符");
	cert_msg = enforce_cert_check(row_str(obj, "role"), row_str(obj, "enforce_cert"),
				      row_str(obj, "enforce_cert_until"), &cert_field);
	if (cert_msg)
		verr_add(e, cert_field, "%s", cert_msg);
	if (!c->user || ro == ROLE_NONE)
		return 0;
	if (old && row_int(old, "id") == c->user->id) {
		if (ro != role_parse(row_str(old, "role")))
			verr_add(e, "role", "不能修改自己的角色");
		if (json_is_false(json_object_get(obj, "active")))
			verr_add(e, "active", "不能停用自己的账号");
		if (org != row_int(old, "org_id"))
			verr_add(e, "org_id", "不能修改自己的所属单位");
		return 0;
	}
	if (old) {
		m = user_may_manage(c, row_int(old, "org_id"),
				    role_parse(row_str(old, "role")));
		if (m != 1) {
			if (m < 0)
				return -1;
			verr_set(e, 404, "not_found", "记录不存在");
			return 0;
		}
	}
	return user_refuse(user_may_manage(c, org, ro), e);
}

/* Server-managed columns of a new user: active by default, no failures, not locked. */
static int user_before_write(struct ectx *c, enum entity_action a, json_t *obj,
			     const json_t *old, struct verr *e)
{
	char now[20];

	if (a != EA_CREATE)
		return 0;
	if (!json_is_boolean(json_object_get(obj, "active")))
		json_object_set_new(obj, "active", json_true());
	json_object_set_new(obj, "failed_logins", json_integer(0));
	json_object_set_new(obj, "locked_until", json_integer(0));
	time_datetime(now_utc(), now);
	json_object_set_new(obj, "password_changed_at", json_string(now));
	if (!json_is_string(json_object_get(obj, "password_hash"))) {
		verr_add(e, "password", "请设置密码");
		return -1;
	}
	return 0;
}

/* Creates a user directly (CLI, demo). Returns the id or -1. */
int64_t user_create_system(struct db *db, int64_t org_id, const char *username,
			   const char *name, const char *role, const char *password)
{
	char hash[crypto_pwhash_STRBYTES], now[20];
	struct db_stmt *st = NULL;
	int64_t id = -1;

	if (role_parse(role) == ROLE_NONE || !user_name_ok(username) || !name ||
	    password_hash(password, hash))
		goto out;
	time_datetime(now_utc(), now);
	st = db_prepare(db, SQL_USER_INSERT);
	if (!st || db_bind_int64(st, 1, org_id) || db_bind_text(st, 2, username) ||
	    db_bind_text(st, 3, name) || db_bind_text(st, 4, role) || db_bind_text(st, 5, hash) ||
	    db_bind_text(st, 6, now) || db_bind_text(st, 7, now) || db_bind_text(st, 8, now) ||
	    db_step(st) != DB_ROW)
		goto out;
	id = db_col_int64(st, 0);
	while (db_step(st) == DB_ROW)
		;
out:
	if (id < 0)
		log_err("user_create_system %s: %s", username ? username : "?", db_errmsg(db));
	db_finalize(st);
	sodium_memzero(hash, sizeof(hash));
	return id;
}

/*
 * POST /api/user: the generic create plus "password": checks the manage rule first
 * (403), then the password rule, hashes it and hands the row to entity_create.
 */
static int user_create_route(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	char hash[crypto_pwhash_STRBYTES];
	const char *pw = row_str(r->json, "password"), *problem;
	enum role ro = role_parse(row_str(r->json, "role"));
	int64_t org = row_int(r->json, "org_id"), id;
	struct verr e;
	int m;

	verr_init(&e, &r->arena);
	if (!org)
		org = r->user->org_id;
	if (ro != ROLE_NONE) {
		m = user_may_manage(&c, org, ro);
		if (m < 0)
			return http_internal(s);
		if (m == 0)
			return http_error(s, 403, "forbidden", "无权管理该单位的用户", NULL);
		if (m == 2)
			return http_error(s, 400, "validation", "无权设置该角色", "role");
	}
	if (!pw)
		return http_error(s, 400, "validation", "请设置密码", "password");
	problem = password_problem(pw, row_str(r->json, "username"));
	if (problem)
		return http_error(s, 400, "validation", problem, "password");
	if (password_hash(pw, hash))
		return http_internal(s);
	json_object_del(r->json, "password");
	json_object_set_new(r->json, "password_hash", json_string(hash));
	sodium_memzero(hash, sizeof(hash));
	id = entity_create(&c, &user_entity, r->json, &e);
	if (id < 0)
		return verr_send(&e, s);
	return entity_send(&c, &user_entity, id, 201, s);
}

/* See mod.h. */
int password_set(struct ectx *c, int64_t user_id, const char *password,
		 const char *keep_session, const char *action)
{
	char hash[crypto_pwhash_STRBYTES], now[20];
	struct db_stmt *st = NULL;
	int rc = -1, in_tx = 0;

	if (password_hash(password, hash))
		goto out;
	time_datetime(now_utc(), now);
	if (db_begin(c->db))
		goto out;
	in_tx = 1;
	st = db_prepare(c->db, SQL_USER_RESET);
	if (!st || db_bind_text(st, 1, hash) || db_bind_text(st, 2, now) || db_bind_text(st, 3, now) ||
	    db_bind_int64(st, 4, account_uid(c)) || db_bind_int64(st, 5, user_id) || db_step(st) < 0)
		goto out;
	db_finalize(st);
	st = db_prepare(c->db, SQL_USER_SESSIONS_DELETE);
	if (!st || db_bind_int64(st, 1, user_id) ||
	    db_bind_text(st, 2, keep_session ? keep_session : "") || db_step(st) < 0)
		goto out;
	if (throttle_clear_user(c->db, user_id) ||
	    audit_write(c, "user", user_id, action, NULL, NULL) || db_commit(c->db))
		goto out;
	in_tx = 0;
	rc = 0;
out:
	if (rc)
		log_err("password %s: %s", action, db_errmsg(c->db));
	db_finalize(st);
	if (in_tx)
		db_rollback(c->db);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

/* 1 if pw is user_id's current password, 0 if not, -1 error. */
static int password_is_current(struct db *db, int64_t user_id, const char *pw)
{
	struct db_stmt *st = db_prepare(db, "SELECT password_hash FROM users WHERE id = ?");
	int rc = -1;

	if (st && !db_bind_int64(st, 1, user_id) && db_step(st) == DB_ROW)
		rc = db_col_text(st, 0) &&
		     crypto_pwhash_str_verify(db_col_text(st, 0), pw, strlen(pw)) == 0;
	db_finalize(st);
	return rc;
}

/* The rank of a role, highest first (DESIGN.md §3): admin, regulator, department,
 * ent_manager, ent_principal, staff; unknown roles rank below everyone. */
static int role_rank(enum role ro)
{
	switch (ro) {
	case ROLE_ADMIN: return 0;
	case ROLE_REGULATOR: return 1;
	case ROLE_DEPARTMENT: return 2;
	case ROLE_ENT_MANAGER: return 3;
	case ROLE_ENT_PRINCIPAL: return 4;
	case ROLE_STAFF: return 5;
	default: return 99;
	}
}

/*
 * POST /api/user/:id/reset-password {"password"}: a manager sets a new password for
 * a user it manages, which also unlocks the account and ends the user's sessions.
 * Setting someone's password is taking over their account, so beyond the manage
 * rule the target must rank strictly below the caller (an ent_manager resets its
 * principals and staff, not another ent_manager; a regulator not another
 * regulator), and the administrator's password is never reset this way. One's own
 * password is /api/auth/password. Out of scope 404, refused 403, nothing written.
 */
static int user_reset_password(struct req *r, struct resp *s)
{
	struct ectx c = { .db = r->db, .user = r->user, .arena = &r->arena };
	const char *pw = row_str(r->json, "password"), *problem;
	int64_t id = req_param_id(r, 0);
	enum role target;
	json_t *row = NULL;
	int rc, m, same;
	struct jw w;

	if (!id || !(row = entity_get(&c, &user_entity, id))) {
		rc = http_not_found(s);
		goto out;
	}
	if (id == r->user->id) {
		rc = http_error(s, 403, "forbidden", "请通过“修改密码”修改自己的密码", NULL);
		goto out;
	}
	target = role_parse(row_str(row, "role"));
	if (target == ROLE_ADMIN) {
		rc = http_error(s, 403, "forbidden", "不能重置系统管理员的密码", NULL);
		goto out;
	}
	if (role_rank(target) <= role_rank(r->user->role)) {
		rc = http_error(s, 403, "forbidden", "只能重置比本人角色低的用户的密码", NULL);
		goto out;
	}
	m = user_may_manage(&c, row_int(row, "org_id"), target);
	if (m < 0)
		goto fail;
	if (m != 1) {
		rc = http_forbidden(s);
		goto out;
	}
	problem = password_problem(pw, row_str(row, "username"));
	if (problem) {
		rc = http_error(s, 400, "validation", problem, "password");
		goto out;
	}
	same = password_is_current(c.db, id, pw);
	if (same < 0)
		goto fail;
	if (same) {
		rc = http_error(s, 400, "validation", "新密码不能与原密码相同", "password");
		goto out;
	}
	if (password_set(&c, id, pw, NULL, "reset-password"))
		goto fail;
	resp_json(s, &w);
	jw_obj_begin(&w);
	jw_kbool(&w, "ok", 1);
	jw_obj_end(&w);
	rc = 200;
	goto out;
fail:
	rc = http_internal(s);
out:
	json_decref(row);
	return rc;
}

/* ---------------------------------------------------------------- routes */

static const struct route account_routes[] = {
	{HTTP_POST, "/api/user", user_create_route, ROUTE_JSON, ACCOUNT_MANAGERS},
	{HTTP_POST, "/api/user/:id/reset-password", user_reset_password, ROUTE_JSON, ACCOUNT_MANAGERS},
};

/* Registers org, user and supervision, the user routes and the /api/auth routes. */
void account_init(void)
{
	if (sodium_init() < 0)
		BUG("libsodium cannot start");
	entity_register(&org_entity);
	entity_register(&user_entity);
	entity_register(&supervision_entity);
	router_add(account_routes, ARRAY_SIZE(account_routes));
	entity_perm_register("user:reset-password", ACCOUNT_MANAGERS);
	session_routes_init();
}
