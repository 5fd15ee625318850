/*
 * main.c — the anjian binary is both the server and the CLI:
 *
 *   anjian serve  [--data DIR] [--port N] [--db URL] [--bind ADDR] [--web DIR] [--threads N]
 *   anjian init   [--data DIR] [--db URL]      empty district with an admin account
 *   anjian demo   [--data DIR] [--db URL]      a realistic demo district
 *   anjian backup FILE [--data DIR] [--db URL] consistent copy of the SQLite database
 *   anjian check  [--data DIR] [--db URL]      recompute scope and statistics
 *   anjian version
 *
 * Every command opens the database, applies the numbered migrations and brings the
 * entity tables up to date (so a database made by an older build upgrades), then
 * does its work. Options are checked strictly: a wrong one prints the usage of the
 * command and exits 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/hazard.h"
#include "mod/mod.h"
#include "mod/scheduler.h"
#include "mod/risk.h"

#ifndef ANJIAN_VERSION
#define ANJIAN_VERSION "0.1.0"
#endif

struct opts {
	const char *data;
	const char *db;
	const char *bind;
	const char *web;
	const char *file;	/* backup target */
	int port;
	int threads;
	int trust_proxy;	/* --trust-proxy (flags take no value) */
	int secure_cookies;	/* --secure-cookies */
	const char *user;	/* --user NAME */
};

static const char usage_main[] =
	"用法: anjian <命令> [选项]\n"
	"命令:\n"
	"  serve    启动服务 (默认 http://127.0.0.1:8080)\n"
	"  init     初始化空数据库并创建管理员账号\n"
	"  demo     生成演示区县数据\n"
	"  backup   备份数据库到文件\n"
	"  restore  从备份文件恢复数据库\n"
	"  check    重新计算权限范围与统计数据\n"
	"  version  显示版本\n"
	"每个命令都支持 --help。\n";

static const char usage_serve[] =
	"用法: anjian serve [--data DIR] [--port N] [--db URL] [--bind ADDR] [--web DIR] [--threads N]\n"
	"                   [--trust-proxy] [--secure-cookies] [--user NAME]\n"
	"  --data DIR     数据目录 (默认 ./data)，含 anjian.db 与 files/\n"
	"  --port N       端口 (默认 8080)\n"
	"  --db URL       数据库: sqlite:PATH (默认 DIR/anjian.db) 或 postgres://…\n"
	"  --bind ADDR    监听地址 (默认 127.0.0.1；对外服务请置于 nginx 之后)\n"
	"  --web DIR      前端构建目录 (默认自动查找 web/dist)\n"
	"  --threads N    工作线程数 (默认 CPU 核数；写请求另由同样多的写线程执行，至少 2 个)\n"
	"  --trust-proxy  位于本机 nginx 之后: 来自本机的请求以 X-Real-IP 为客户端地址\n"
	"                 (也可设环境变量 ANJIAN_TRUST_PROXY=1)\n"
	"  --secure-cookies 经 HTTPS 访问时使用: Cookie 带 Secure 标记 (ANJIAN_SECURE_COOKIES=1)\n"
	"  --user NAME    以 root 启动时，监听端口后切换为该用户运行 (数据目录须归其所有)\n";
static const char usage_init[] =
	"用法: anjian init [--data DIR] [--db URL]\n"
	"  创建数据库结构；若尚无用户，创建管理员 admin，密码取自 ANJIAN_ADMIN_PASSWORD，\n"
	"  未设置时随机生成并打印。\n";
static const char usage_demo[] =
	"用法: anjian demo [--data DIR] [--db URL]\n"
	"  在空数据库中生成演示区县 (监管部门、企业、网点、相关方与演示账号)。\n"
	"  演示账号密码取自 ANJIAN_DEMO_PASSWORD，默认 anjian-demo。\n";
static const char usage_backup[] =
	"用法: anjian backup FILE [--data DIR] [--db URL]\n"
	"  把数据库一致地备份到 FILE (服务运行中也可执行；文件权限 0600，不覆盖已有文件)。\n"
	"  SQLite: 数据库副本；PostgreSQL: pg_dump 自定义格式。\n";
static const char usage_restore[] =
	"用法: anjian restore FILE [--data DIR] [--db URL]\n"
	"  从 anjian backup 的备份恢复: SQLite 恢复到尚不存在的 DIR/anjian.db，\n"
	"  PostgreSQL 恢复到新建的空数据库 (pg_restore)。恢复后自动升级数据库结构。\n";
static const char usage_check[] =
	"用法: anjian check [--data DIR] [--db URL]\n"
	"  从原始记录重新计算各单位的可见范围、隐患统计与风险汇总 (驾驶舱所用)。\n"
	"  服务运行中也可执行；数据一致时结果不变。\n";
static const char usage_version[] = "用法: anjian version\n";

/* Parses a positive int option value; -1 if it is not one. */
static int parse_int(const char *s, int lo, int hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		return -1;
	return (int)v;
}

/*
 * Parses argv[2..] against the options the command accepts ("data,db,port…").
 * Returns 0 ok, 1 for --help (usage printed), 2 for a wrong option (message printed).
 */
static int parse_opts(int argc, char **argv, const char *allowed, int want_file,
		      const char *usage, struct opts *o)
{
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v;
		char name[32];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return 1;
		}
		if (strncmp(a, "--", 2) != 0) {
			if (want_file && !o->file) {
				o->file = a;
				continue;
			}
			fprintf(stderr, "anjian: 多余的参数 '%s'\n%s", a, usage);
			return 2;
		}
		snprintf(name, sizeof(name), "%s", a + 2);
		/* Exact match against the comma-separated list. */
		{
			const char *p = allowed;
			size_t n = strlen(name);
			int found = 0;

			while (*p) {
				const char *q = strchr(p, ',');
				size_t len = q ? (size_t)(q - p) : strlen(p);

				if (len == n && !strncmp(p, name, n))
					found = 1;
				p += len + (q ? 1 : 0);
			}
			if (!found) {
				fprintf(stderr, "anjian: 未知选项 '%s'\n%s", a, usage);
				return 2;
			}
		}
		if (!strcmp(name, "trust-proxy")) {
			o->trust_proxy = 1;
			continue;
		}
		if (!strcmp(name, "secure-cookies")) {
			o->secure_cookies = 1;
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "anjian: 选项 '%s' 缺少取值\n%s", a, usage);
			return 2;
		}
		v = argv[++i];
		if (!strcmp(name, "data")) {
			o->data = v;
		} else if (!strcmp(name, "db")) {
			o->db = v;
		} else if (!strcmp(name, "bind")) {
			o->bind = v;
		} else if (!strcmp(name, "web")) {
			o->web = v;
		} else if (!strcmp(name, "user")) {
			o->user = v;
		} else if (!strcmp(name, "port")) {
			if ((o->port = parse_int(v, 1, 65535)) < 0) {
				fprintf(stderr, "anjian: 端口须为 1–65535 的整数: '%s'\n", v);
				return 2;
			}
		} else if (!strcmp(name, "threads")) {
			if ((o->threads = parse_int(v, 1, 256)) < 0) {
				fprintf(stderr, "anjian: 线程数须为 1–256 的整数: '%s'\n", v);
				return 2;
			}
		}
	}
	if (want_file && !o->file) {
		fprintf(stderr, "anjian: 缺少备份文件名\n%s", usage);
		return 2;
	}
	return 0;
}

/* Creates dir (and dir/files, dir/tmp) if missing. 0 ok, -1 error (printed). */
static int ensure_data_dir(const char *dir)
{
	static const char *subs[] = { "", "/files", "/tmp" };
	char path[PATH_MAX];

	for (size_t i = 0; i < ARRAY_SIZE(subs); i++) {
		if (snprintf(path, sizeof(path), "%s%s", dir, subs[i]) >= (int)sizeof(path)) {
			fprintf(stderr, "anjian: 目录名过长: %s\n", dir);
			return -1;
		}
		if (mkdir(path, 0750) && errno != EEXIST) {
			fprintf(stderr, "anjian: 无法创建目录 %s: %s\n", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* The database URL: --db, or sqlite:<data>/anjian.db. Returns malloc'd text. */
static char *db_url_for(const struct opts *o)
{
	struct buf b;

	buf_init(&b, 4096);
	if (o->db)
		buf_puts(&b, o->db);
	else
		buf_printf(&b, "sqlite:%s/anjian.db", o->data);
	return buf_detach(&b, NULL);
}


/* Opens the database and brings its schema up to date. NULL on error (printed). */
static struct db *open_and_migrate(const char *url)
{
	char *err = NULL;
	struct db *db = db_open(url, &err);

	if (!db) {
		fprintf(stderr, "anjian: 无法打开数据库 %s: %s\n", url, err ? err : "");
		free(err);
		return NULL;
	}
	if (db_migrate(db) || entity_schema_sync(db) || modules_schema(db)) {
		fprintf(stderr, "anjian: 数据库结构升级失败: %s\n", db_errmsg(db));
		db_close(db);
		return NULL;
	}
	return db;
}

/* Finds the built front end: --web, else web/dist next to the binary's build dir
 * (build/anjian, build/asan/anjian) or under the current directory. */
static const char *find_web_dir(const char *given, char *out, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len;
	static const char *rel[] = { "/../web/dist", "/../../web/dist" };
	struct stat st;

	if (given)
		return given;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash;

		exe[len] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		for (size_t i = 0; i < ARRAY_SIZE(rel); i++) {
			if (snprintf(out, n, "%s%s", exe, rel[i]) >= (int)n)
				continue;
			if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
				return out;
		}
	}
	if (stat("web/dist", &st) == 0 && S_ISDIR(st.st_mode))
		return "web/dist";
	return NULL;
}

/* 1 if environment variable name is set to 1 / yes / true. */
static int env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && (!strcmp(v, "1") || !strcasecmp(v, "yes") || !strcasecmp(v, "true"));
}

static const char *serve_url;

/* The scheduler's thread, started by http_serve inside the sandbox. */
static int serve_start_scheduler(void)
{
	if (scheduler_start(serve_url) != 0) {
		log_warn("scheduler: cannot start its thread; obligations roll over on anjian check only");
		return -1;
	}
	return 0;
}

/* Number of rows in table (0 when empty or on error). */
static int64_t count_rows(struct db *db, const char *sql)
{
	int64_t n = 0;

	db_query_int64(db, sql, &n, 0);
	return n;
}

static int cmd_serve(const struct opts *o)
{
	struct server_opts so = { 0 };
	char webbuf[PATH_MAX], banner[PATH_MAX + 128];
	char *url;
	struct db *db;
	int rc = 1;

	if (ensure_data_dir(o->data))
		return 1;
	url = db_url_for(o);
	db = open_and_migrate(url);
	if (!db)
		goto out;
	/* A database without any account serves a login nobody can pass: say how to
	 * make one instead (issue 12, README for a newcomer). */
	if (count_rows(db, "SELECT COUNT(*) FROM users") == 0) {
		fprintf(stderr, "anjian: 数据目录 %s 中还没有任何账号，无法登录。请先运行\n"
			"  anjian init --data %s   （创建管理员 admin，密码取 ANJIAN_ADMIN_PASSWORD 或随机生成）\n"
			"或\n"
			"  anjian demo --data %s   （演示区县与各角色账号）\n"
			"再运行 anjian serve。\n", o->data, o->data, o->data);
		db_close(db);
		goto out;
	}
	db_close(db);
	db_thread_setup(url);
	so.bind = o->bind ? o->bind : "127.0.0.1";
	so.port = o->port ? o->port : 8080;
	so.web_dir = find_web_dir(o->web, webbuf, sizeof(webbuf));
	so.data_dir = o->data;
	so.threads = o->threads;
	so.trust_proxy = o->trust_proxy || env_flag("ANJIAN_TRUST_PROXY");
	so.secure_cookies = o->secure_cookies || env_flag("ANJIAN_SECURE_COOKIES");
	so.user = o->user;
	if (!so.web_dir)
		log_warn("web/dist not found: serving the API only (run make to build the front end)");
	/* printed by http_serve once the port is bound: a busy port prints only
	 * "cannot listen" */
	snprintf(banner, sizeof(banner), "anjian %s 正在监听 http://%s:%d/ (数据目录 %s)",
		 ANJIAN_VERSION, so.bind, so.port, o->data);
	so.banner = banner;
	serve_url = url;
	so.start_workers = serve_start_scheduler;
	rc = http_serve(&so) ? 1 : 0;
	scheduler_stop();
out:
	free(url);
	return rc;
}

static int cmd_init(const struct opts *o)
{
	char *url;
	struct db *db;
	int rc = 1;

	if (ensure_data_dir(o->data))
		return 1;
	url = db_url_for(o);
	db = open_and_migrate(url);
	if (!db)
		goto out;
	if (count_rows(db, "SELECT COUNT(*) FROM users") == 0) {
		const char *pw = getenv("ANJIAN_ADMIN_PASSWORD");
		char gen[17];
		struct arena a;
		struct ectx c;
		int64_t org;

		if (!pw || !*pw) {
			random_hex(gen, 8);
			pw = gen;
		}
		arena_init(&a);
		c = (struct ectx){ .db = db, .arena = &a };
		org = org_create(&c, 0, "区安全生产监管平台", "regulator");
		if (org < 0 || user_create_system(db, org, "admin", "系统管理员", "admin", pw) < 0) {
			fprintf(stderr, "anjian: 创建管理员失败: %s\n", db_errmsg(db));
			arena_release(&a);
			goto out_db;
		}
		arena_release(&a);
		printf("已创建管理员账号 admin，密码: %s\n", pw);
	} else {
		printf("数据库已是最新结构 (版本 %d)。\n", db_schema_version(db));
	}
	rc = 0;
out_db:
	db_close(db);
out:
	free(url);
	return rc;
}

static int cmd_demo(const struct opts *o)
{
	const char *pw = getenv("ANJIAN_DEMO_PASSWORD");
	char *url;
	struct db *db;
	int rc = 1;

	if (!pw || !*pw)
		pw = "anjian-demo";
	if (ensure_data_dir(o->data))
		return 1;
	url = db_url_for(o);
	db = open_and_migrate(url);
	if (!db)
		goto out;
	if (count_rows(db, "SELECT COUNT(*) FROM users") > 0) {
		fprintf(stderr, "anjian: 数据库中已有数据，未生成演示区县 (请使用新的数据目录)。\n");
		goto out_db;
	}
	if (demo_build(db, pw)) {
		fprintf(stderr, "anjian: 生成演示数据失败: %s\n", db_errmsg(db));
		goto out_db;
	}
	printf("演示区县已生成。演示账号 (密码均为 %s):\n", pw);
	for (int i = 0; i < demo_accounts_count; i++)
		printf("  %-10s %-12s %s\n", demo_accounts[i].username, demo_accounts[i].role,
		       demo_accounts[i].org);
	rc = 0;
out_db:
	db_close(db);
out:
	free(url);
	return rc;
}

static int cmd_backup(const struct opts *o)
{
	char *url = db_url_for(o);
	struct db *db = open_and_migrate(url);
	int rc = 1;

	if (db && db_backup_to(db, url, o->file) == 0) {
		if (!strncmp(url, "sqlite:", 7))
			printf("已备份到 %s (附件目录 %s/files 请一并复制)\n", o->file, o->data);
		else
			printf("已备份到 %s (pg_dump 自定义格式，用 anjian restore 恢复)\n", o->file);
		rc = 0;
	}
	if (db)
		db_close(db);
	free(url);
	return rc;
}

/* anjian restore FILE: into a new SQLite file or an empty PostgreSQL database, then
 * the schema is brought up to date (a backup of an older build). */
static int cmd_restore(const struct opts *o)
{
	char *url = db_url_for(o);
	struct db *db;
	int rc = 1;

	if (!strncmp(url, "sqlite:", 7) && ensure_data_dir(o->data))
		goto out;
	if (db_restore_from(url, o->file) != 0)
		goto out;
	db = open_and_migrate(url);
	if (!db)
		goto out;
	db_close(db);
	printf("已从 %s 恢复\n", o->file);
	rc = 0;
out:
	free(url);
	return rc;
}

/*
 * Recomputes what the platform keeps derived from the records: scope_org (and
 * scope_size) from the org tree and supervision, hazard_stats / hazard_monthly from
 * the hazards, risk_summary from the risk points. The modules keep these current on
 * every write; check repairs them after a manual database edit or a restore.
 */
static int cmd_check(const struct opts *o)
{
	char *url = db_url_for(o);
	struct db *db = open_and_migrate(url);
	int rc = 1;

	if (!db)
		goto out;
	if (modules_recompute(db) != 0) {
		fprintf(stderr, "anjian: 重新计算失败: %s\n", db_errmsg(db));
		goto out;
	}
	printf("已重新计算：可见范围、各模块统计汇总。\n");
	rc = 0;
out:
	if (db)
		db_close(db);
	free(url);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o = { .data = "data" };
	const char *cmd = argc > 1 ? argv[1] : NULL;
	int rc;

	if (sodium_init() < 0) {
		fprintf(stderr, "anjian: libsodium 初始化失败\n");
		return 1;
	}
	if (getenv("ANJIAN_DEBUG"))
		log_min_level = LOG_DEBUG;
	if (!cmd || !strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage_main, cmd ? stdout : stderr);
		return cmd ? 0 : 2;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		rc = parse_opts(argc, argv, "", 0, usage_version, &o);
		if (rc)
			return rc == 1 ? 0 : 2;
		printf("anjian %s\n", ANJIAN_VERSION);
		return 0;
	}
	modules_init();
	if (!strcmp(cmd, "serve")) {
		rc = parse_opts(argc, argv, "data,db,port,bind,web,threads,trust-proxy,secure-cookies,user", 0, usage_serve, &o);
		return rc ? (rc == 1 ? 0 : 2) : cmd_serve(&o);
	}
	if (!strcmp(cmd, "init")) {
		rc = parse_opts(argc, argv, "data,db", 0, usage_init, &o);
		return rc ? (rc == 1 ? 0 : 2) : cmd_init(&o);
	}
	if (!strcmp(cmd, "demo")) {
		rc = parse_opts(argc, argv, "data,db", 0, usage_demo, &o);
		return rc ? (rc == 1 ? 0 : 2) : cmd_demo(&o);
	}
	if (!strcmp(cmd, "check")) {
		rc = parse_opts(argc, argv, "data,db", 0, usage_check, &o);
		return rc ? (rc == 1 ? 0 : 2) : cmd_check(&o);
	}
	if (!strcmp(cmd, "backup")) {
		rc = parse_opts(argc, argv, "data,db", 1, usage_backup, &o);
		return rc ? (rc == 1 ? 0 : 2) : cmd_backup(&o);
	}
	if (!strcmp(cmd, "restore")) {
		rc = parse_opts(argc, argv, "data,db", 1, usage_restore, &o);
		return rc ? (rc == 1 ? 0 : 2) : cmd_restore(&o);
	}
	fprintf(stderr, "anjian: 未知命令 '%s'\n%s", cmd, usage_main);
	return 2;
}
