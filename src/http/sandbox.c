/*
 * sandbox.c — least privilege for `anjian serve` (issue 14, "least privilege").
 *
 * After the listening socket is bound (http_serve), the server
 *   1. drops root for the --user account: supplementary groups cleared, then the
 *      group and the user set (glibc applies them to every thread), and checked
 *      irreversible (setuid(0) must fail);
 *   2. sets no_new_privs, so nothing it runs can gain privileges (setuid binaries,
 *      file capabilities);
 *   3. restricts the filesystem with Landlock where the kernel has it: read-write the
 *      data directory and the temporary directories SQLite may use, read-only the
 *      system (libraries, /etc for TLS roots and DNS, time zones, the cracklib
 *      dictionary, /proc and /dev) and the front end — nothing else, so a bug in a
 *      handler cannot read /root or write outside the data.
 * Each step that the kernel lacks is logged and skipped; a step that fails is fatal
 * (the server does not run half-restricted without saying so).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/landlock.h>

#include "http.h"
#include "../core/util.h"

#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif

#define FS_READ (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | \
		 LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_WRITE (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | \
		  LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR | \
		  LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | \
		  LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | \
		  LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM)

static int sandbox_drop_user(const char *user)
{
	struct passwd *pw = getpwnam(user);

	if (!pw) {
		log_err("sandbox: no such user %s", user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		log_err("sandbox: --user %s is root", user);
		return -1;
	}
	if (setgroups(0, NULL) || setgid(pw->pw_gid) || setuid(pw->pw_uid)) {
		log_err("sandbox: cannot become %s: %s", user, strerror(errno));
		return -1;
	}
	if (setuid(0) == 0 || getuid() == 0 || geteuid() == 0) {
		log_err("sandbox: root could be regained");
		return -1;
	}
	log_info("sandbox: running as %s (uid %u)", user, (unsigned)pw->pw_uid);
	return 0;
}

/* Adds a rule for path with access (skipped when the path does not exist). */
static int sandbox_allow(int ruleset, const char *path, uint64_t access, uint64_t handled)
{
	struct landlock_path_beneath_attr pb = { .allowed_access = access & handled };
	int fd = open(path, O_PATH | O_CLOEXEC);
	struct stat st;
	int rc;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))	/* a file takes file rights only */
		pb.allowed_access &= LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
				     LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE;
	pb.parent_fd = fd;
	rc = (int)syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
	close(fd);
	return rc;
}

static int sandbox_landlock(const char *data_dir, const char *web_dir)
{
	static const char *const ro[] = { "/usr", "/lib", "/lib64", "/bin", "/etc", "/proc",
					  "/sys/devices/system/cpu", "/var/cache/cracklib", "/dev",
					  "/run/postgresql", "/var/run/postgresql" };
	static const char *const rw[] = { "/tmp", "/var/tmp", "/dev/null" };
	struct landlock_ruleset_attr attr = { 0 };
	int abi, ruleset, rc = -1;
	uint64_t handled;

	abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 0) {
		log_warn("sandbox: Landlock unavailable in this kernel (%s); filesystem not restricted",
			 strerror(errno));
		return 0;
	}
	handled = FS_READ | FS_WRITE;
	if (abi >= 2)
		handled |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		handled |= LANDLOCK_ACCESS_FS_TRUNCATE;
	attr.handled_access_fs = handled;
	ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0) {
		log_err("sandbox: landlock_create_ruleset: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(ro); i++)
		if (sandbox_allow(ruleset, ro[i], FS_READ, handled))
			goto fail;
	for (size_t i = 0; i < ARRAY_SIZE(rw); i++)
		if (sandbox_allow(ruleset, rw[i], handled, handled))
			goto fail;
	if ((web_dir && sandbox_allow(ruleset, web_dir, FS_READ, handled)) ||
	    sandbox_allow(ruleset, data_dir, handled, handled))
		goto fail;
	if (syscall(SYS_landlock_restrict_self, ruleset, 0)) {
		log_err("sandbox: landlock_restrict_self: %s", strerror(errno));
		goto out;
	}
	log_info("sandbox: Landlock ABI %d: read-write %s, read-only the system and %s", abi,
		 data_dir, web_dir ? web_dir : "(no front end)");
	rc = 0;
	goto out;
fail:
	log_err("sandbox: landlock_add_rule: %s", strerror(errno));
out:
	close(ruleset);
	return rc;
}

int sandbox_enter(const char *user, const char *data_dir, const char *web_dir)
{
	if (user && *user) {
		if (getuid() != 0) {
			log_err("sandbox: --user needs the server started as root");
			return -1;
		}
		if (sandbox_drop_user(user))
			return -1;
	} else if (getuid() == 0) {
		log_warn("sandbox: running as root; start it with --user anjian (see deploy/)");
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		log_err("sandbox: no_new_privs: %s", strerror(errno));
		return -1;
	}
	return sandbox_landlock(data_dir, web_dir);
}
