/*
 * backup.c — `anjian backup` and `anjian restore` on both backends (issue 14,
 * "Deployment, recovery").
 *
 *   SQLite      backup: VACUUM INTO a new file (consistent while others write).
 *               restore: the file must pass PRAGMA integrity_check and hold the
 *               users table; it is copied beside the target and renamed into place,
 *               never over an existing database.
 *   PostgreSQL  backup: pg_dump --format=custom; restore: pg_restore into a database
 *               that has no tables yet (a restore never merges into live data).
 *
 * Backups hold password hashes: the file is created 0600 before a byte is written,
 * and never over an existing one. Messages are Chinese: they are the CLI's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/db.h"
#include "core/util.h"

/* The libpq conninfo of a postgres URL ("" = the PG* environment), or NULL. */
static const char *backup_pg_conninfo(const char *url)
{
	if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13))
		return url;
	if (!strncmp(url, "postgresql:", 11))
		return url + 11;
	if (!strncmp(url, "postgres:", 9))
		return url + 9;
	return NULL;
}

/* Runs argv (a NULL-ended list), waits; 0 if it exited 0. */
static int backup_run(char *const argv[])
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "anjian: 无法运行 %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* Creates file empty with mode 0600; never over an existing one. 0 ok, -1 (printed). */
static int backup_create(const char *file)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		fprintf(stderr, errno == EEXIST ? "anjian: 目标文件已存在: %s\n"
						: "anjian: 无法创建备份文件: %s\n", file);
		return -1;
	}
	close(fd);
	return 0;
}

int db_backup_to(struct db *db, const char *url, const char *file)
{
	const char *ci = backup_pg_conninfo(url);
	struct db_stmt *st;
	int rc;

	if (backup_create(file))
		return -1;
	if (ci) {
		char *argv[] = { "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
				 "--file", (char *)file, *ci ? "--dbname" : NULL, (char *)ci, NULL };
		rc = backup_run(argv);
		if (rc)
			fprintf(stderr, "anjian: pg_dump 失败\n");
	} else {
		st = db_prepare(db, "VACUUM INTO ?");
		rc = st && !db_bind_text(st, 1, file) && db_step(st) == DB_DONE ? 0 : -1;
		if (rc)
			fprintf(stderr, "anjian: 备份失败: %s\n", db_errmsg(db));
		db_finalize(st);
	}
	if (rc)
		unlink(file);
	return rc;
}

/* Copies src to dst (created 0600, must not exist) and fsyncs it. 0 ok, -1. */
static int backup_copy(const char *src, const char *dst)
{
	char buf[1 << 16];
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
	ssize_t n;

	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0)
		goto done;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0)
				goto done;
			off += w;
		}
	if (n == 0 && fsync(out) == 0)
		rc = 0;
done:
	close(in);
	if (out >= 0)
		close(out);
	return rc;
}

int db_restore_from(const char *url, const char *file)
{
	const char *ci = backup_pg_conninfo(url);
	char *err = NULL;
	struct db *db;
	int64_t n = -1;

	if (access(file, R_OK) != 0) {
		fprintf(stderr, "anjian: 无法读取备份文件: %s\n", file);
		return -1;
	}
	if (ci) {
		db = db_open(url, &err);
		if (!db) {
			fprintf(stderr, "anjian: 无法打开数据库: %s\n", err ? err : "");
			free(err);
			return -1;
		}
		if (db_query_int64(db, "SELECT COUNT(*) FROM information_schema.tables"
				   " WHERE table_schema = current_schema()", &n, -1) != 0 || n != 0) {
			fprintf(stderr, "anjian: 目标数据库不是空的，恢复只写入新建的空数据库\n");
			db_close(db);
			return -1;
		}
		db_close(db);
		{
			char *argv[] = { "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
					 "--single-transaction", *ci ? "--dbname" : NULL, (char *)ci,
					 (char *)file, NULL };
			if (!*ci) {	/* the PG* environment names the database */
				const char *dbname = getenv("PGDATABASE");
				argv[5] = "--dbname";
				argv[6] = (char *)(dbname ? dbname : "postgres");
			}
			if (backup_run(argv)) {
				fprintf(stderr, "anjian: pg_restore 失败\n");
				return -1;
			}
		}
		/* pg_restore brings no planner statistics: without ANALYZE the restored
		 * million rows would be planned as empty tables (a 20-row list sorted every
		 * match) until autovacuum came round */
		db = db_open(url, NULL);
		if (!db || db_exec(db, "ANALYZE") != DB_OK) {
			fprintf(stderr, "anjian: 恢复后更新统计信息 (ANALYZE) 失败\n");
			db_close(db);
			return -1;
		}
		db_close(db);
		return 0;
	}
	/* SQLite */
	{
		const char *path = url + 7;
		char tmp[4096], *src_url;
		struct stat sb;
		int ok;

		if (stat(path, &sb) == 0) {
			fprintf(stderr, "anjian: 目标数据库已存在: %s（请先移走，或恢复到新的数据目录）\n", path);
			return -1;
		}
		src_url = xmalloc(strlen(file) + 8);
		snprintf(src_url, strlen(file) + 8, "sqlite:%s", file);
		db = db_open(src_url, &err);
		free(src_url);
		if (!db) {
			fprintf(stderr, "anjian: 备份文件无法打开: %s\n", err ? err : "");
			free(err);
			return -1;
		}
		{
			struct db_stmt *st = db_prepare(db, "PRAGMA integrity_check");
			ok = st && db_step(st) == DB_ROW && db_col_text(st, 0) &&
			     strcmp(db_col_text(st, 0), "ok") == 0;
			db_finalize(st);
		}
		ok = ok && db_has_table(db, "users") == 1;
		db_close(db);
		if (!ok) {
			fprintf(stderr, "anjian: 备份文件损坏或不是 anjian 数据库: %s\n", file);
			return -1;
		}
		if (snprintf(tmp, sizeof(tmp), "%s.restore-%d", path, (int)getpid()) >= (int)sizeof(tmp))
			return -1;
		if (backup_copy(file, tmp) || rename(tmp, path)) {
			fprintf(stderr, "anjian: 恢复失败: %s\n", strerror(errno));
			unlink(tmp);
			return -1;
		}
		return 0;
	}
}
