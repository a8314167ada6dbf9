// SPDX-License-Identifier: GPL-2.0-only
/*
 * vrrp_script checks and notify scripts, with keepalived's semantics
 * (keepalived.conf(5): "SCRIPTS", "VRRP script(s)", script_user,
 * enable_script_security, notify):
 *
 * - A command line is split into words on unquoted white space; '...' and
 *   "..." group words (the config reader has already removed the outer
 *   quotes of `script "..."`). No shell: the first word is executed
 *   directly; a bare name is looked up in PATH once, with keepalived's
 *   warning.
 * - A script run with root privileges (uid or gid 0, or set-uid/gid root)
 *   must not be replaceable by anyone but root: the file and every directory
 *   on its path must be owned by root and not writable by a non-root group
 *   or by others (a sticky directory such as /tmp may be). With
 *   enable_script_security an unsafe script is disabled; without it we warn,
 *   like keepalived's "SECURITY VIOLATION". A check that cannot run stays
 *   failed.
 * - Checks start every interval (never two runs of one check at once: a run
 *   due while the previous one is still going is skipped, as keepalived
 *   does), are killed (SIGKILL to their process group) past their timeout,
 *   and exit 0 means success. Before its first result a check is up, unless
 *   init_fail; that first result decides its state at once (keepalived's
 *   INIT state: "one success/failure is enough"). From then on `rise`
 *   consecutive successes bring it up and `fall` consecutive failures down.
 * - Children have /dev/null as stdin/stdout/stderr, no other descriptor,
 *   default signal dispositions and an empty signal mask, their own process
 *   group, and the script user's uid/gid with no supplementary group but it.
 *   They are reaped with waitpid() on their own pids only (never -1), so
 *   children of other modules are never stolen.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "scripts.h"

#define NS_PER_MS               1000000ULL
#define DEFAULT_INTERVAL_MS     1000
#define DEFAULT_SCRIPT_USER     "keepalived_script"
/* A child that could not run its command exits as a shell would. */
#define EXIT_CANNOT_EXECUTE     126
#define EXIT_NOT_FOUND          127

/* A command ready to run: words[0] is the resolved path of the program. */
struct script_cmd {
	char **words;
	size_t n_words;
	uid_t uid;
	gid_t gid;
	int verdict;                    /* 0 = runnable, else -errno (why it is disabled) */
	int netns_fd;                   /* run in this network namespace; -1: the daemon's current one */
};

struct check {
	char name[XVRRP_NAME_MAX];
	char *where;                    /* "file:line" of the vrrp_script block */
	struct script_cmd cmd;
	uint64_t interval_ns;
	uint64_t timeout_ns;
	uint32_t rise, fall;
	bool init_fail;
	bool used;                      /* tracked by some vrrp_instance (else never run) */
	bool up;
	bool have_result;
	uint32_t streak;                /* consecutive results against `up` */
	pid_t pid;                      /* the running instance, 0 = idle */
	uint64_t next_start;            /* 0 = never started: due at once */
	uint64_t kill_at;
	bool timed_out;
	int last_status;                /* last wait status, to log changes only */
};

struct notify_cmd {
	char *line;                     /* the command line as configured (lookup key) */
	struct script_cmd cmd;
};

struct script_user {
	uid_t uid;
	gid_t gid;
	int err;                        /* -EINVAL when the configured user does not exist */
	bool keepalived_script_missing; /* defaulted to root: warn once, when used */
};

struct xvrrp_scripts {
	xvrrp_script_cb cb;
	void *ctx;
	bool security;                  /* enable_script_security */
	struct script_user default_user;
	bool warned_default_user;
	bool warned_violation;
	bool any_runnable;
	bool any_insecure;
	long open_max;
	struct check *checks;
	size_t n_checks;
	struct notify_cmd *notify_cmds;
	size_t n_notify_cmds;
	pid_t *notify_pids;             /* notify children not reaped yet */
	size_t n_notify_pids, cap_notify_pids;
};

/* ---- command lines ---- */

static void free_words(char **words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Append a copy of buf[0..len) to *words. */
static int push_word(char ***words, size_t *n, const char *buf, size_t len)
{
	char **grown = realloc(*words, (*n + 1) * sizeof(**words));

	if (!grown)
		return -ENOMEM;
	*words = grown;
	grown[*n] = strndup(buf, len);
	if (!grown[*n])
		return -ENOMEM;
	(*n)++;
	return 0;
}

/*
 * keepalived.conf(5), "Quoted strings": unquoted white space separates
 * parameters; a quoted part keeps its white space and loses its quotes, and
 * may be glued to unquoted text ('a'b is one word "ab"). An empty quoted
 * word ('') is an empty parameter. -EINVAL: unterminated quote or no word.
 */
static int split_words(const char *line, char ***out, size_t *n_out)
{
	char *buf = malloc(strlen(line) + 1);
	char **words = NULL;
	size_t n = 0;
	const char *p = line;
	int err = 0;

	if (!buf)
		return -ENOMEM;
	while (!err) {
		size_t len = 0;

		while (is_blank(*p))
			p++;
		if (!*p)
			break;
		while (*p && !is_blank(*p) && !err) {
			char quote = *p;

			if (quote != '\'' && quote != '"') {
				buf[len++] = *p++;
				continue;
			}
			for (p++; *p && *p != quote; p++)
				buf[len++] = *p;
			if (*p)
				p++;
			else
				err = -EINVAL;
		}
		if (!err)
			err = push_word(&words, &n, buf, len);
	}
	free(buf);
	if (!err && !n)
		err = -EINVAL;
	if (err) {
		free_words(words, n);
		return err;
	}
	*out = words;
	*n_out = n;
	return 0;
}

/* ---- who runs a script, and may it run ---- */

/* As the kernel would judge execve() by uid/gid alone (we drop every other group). */
static bool can_execute(const struct stat *st, uid_t uid, gid_t gid)
{
	if (!S_ISREG(st->st_mode))
		return false;
	if (uid == 0)
		return st->st_mode & (S_IXUSR | S_IXGRP | S_IXOTH);
	if (uid == st->st_uid)
		return st->st_mode & S_IXUSR;
	if (gid == st->st_gid)
		return st->st_mode & S_IXGRP;
	return st->st_mode & S_IXOTH;
}

/* Does running this file give a process root privileges? */
static bool runs_as_root(const struct stat *st, uid_t uid, gid_t gid)
{
	return uid == 0 || gid == 0 ||
	       (st->st_uid == 0 && (st->st_mode & S_ISUID) && (st->st_mode & S_IXUSR)) ||
	       (st->st_gid == 0 && (st->st_mode & S_ISGID) && (st->st_mode & S_IXGRP));
}

/*
 * Could someone but root replace or change what this path component leads
 * to? Yes if it is not owned by root, or is writable by a group other than
 * root's or by others -- except a sticky directory, where others may not
 * rename or remove root's entries.
 */
static bool node_unsafe(const struct stat *st)
{
	if (st->st_uid != 0)
		return true;
	if (S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX))
		return false;
	return (st->st_gid != 0 && (st->st_mode & S_IWGRP)) || (st->st_mode & S_IWOTH);
}

/* A symlink's own mode means nothing; who owns it does. */
static bool link_unsafe(const struct stat *st)
{
	return st->st_uid != 0;
}

/*
 * Walk "/" (or "." for a relative path), every directory of path, and the
 * file, as written: each component is looked at itself (lstat), so a link
 * is judged by its owner and the directory that holds it. Returns 0 when all
 * are safe, 1 with the first unsafe prefix in `bad`, or -errno when one
 * cannot be examined.
 */
static int walk_components(const char *path, char *bad, size_t bad_len)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);
	struct stat st;

	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	if (stat(path[0] == '/' ? "/" : ".", &st))
		return -errno;
	if (node_unsafe(&st)) {
		snprintf(bad, bad_len, "%s", path[0] == '/' ? "/" : ".");
		return 1;
	}
	for (size_t i = 1; i <= len; i++) {
		char saved = buf[i];
		bool unsafe;

		if (i < len && (buf[i] != '/' || buf[i - 1] == '/'))
			continue;
		buf[i] = '\0';
		if (lstat(buf, &st)) {
			int err = -errno;

			buf[i] = saved;
			return err;
		}
		unsafe = S_ISLNK(st.st_mode) ? link_unsafe(&st) : node_unsafe(&st);
		if (unsafe) {
			snprintf(bad, bad_len, "%s", buf);
			return 1;
		}
		buf[i] = saved;
	}
	return 0;
}

/*
 * The path as written (links included), then the path it resolves to: a
 * root-owned link in a root-owned directory may still point into a
 * directory where another user can replace the file (keepalived checks
 * both as well).
 */
static int find_unsafe_component(const char *path, char *bad, size_t bad_len)
{
	char resolved[PATH_MAX];
	int ret = walk_components(path, bad, bad_len);

	if (ret)
		return ret;
	if (!realpath(path, resolved))
		return -errno;
	if (!strcmp(resolved, path))
		return 0;
	return walk_components(resolved, bad, bad_len);
}

/* keepalived searches PATH for a bare name, as the script's user would. */
static char *search_path(const char *name, uid_t uid, gid_t gid)
{
	const char *path = getenv("PATH");
	char dflt[256];

	if (!path) {
		if (!confstr(_CS_PATH, dflt, sizeof(dflt)))
			snprintf(dflt, sizeof(dflt), "/bin:/usr/bin");
		path = dflt;
	}
	while (path) {
		const char *colon = strchr(path, ':');
		size_t dir_len = colon ? (size_t)(colon - path) : strlen(path);
		char cand[PATH_MAX];
		struct stat st;
		int n;

		/* An empty PATH entry means the current directory. */
		n = snprintf(cand, sizeof(cand), "%.*s/%s", (int)(dir_len ? dir_len : 1),
			     dir_len ? path : ".", name);
		if (n > 0 && (size_t)n < sizeof(cand) && !stat(cand, &st) &&
		    can_execute(&st, uid, gid))
			return strdup(cand);
		path = colon ? colon + 1 : NULL;
	}
	return NULL;
}

static int lookup_user(const char *user, const char *group, uid_t *uid, gid_t *gid,
		       const char *where)
{
	struct passwd *pw = getpwnam(user);
	struct group *gr;

	if (!pw) {
		pr_err("%s: script user '%s' does not exist", where, user);
		return -EINVAL;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	if (!group || !*group)
		return 0;
	gr = getgrnam(group);
	if (!gr) {
		pr_err("%s: script group '%s' does not exist", where, group);
		return -EINVAL;
	}
	*gid = gr->gr_gid;
	return 0;
}

/*
 * global_defs script_user [group]; without it, keepalived_script if that
 * user exists, else root (keepalived warns: we do when a script uses it).
 */
static void resolve_default_user(struct script_user *u, const struct xvrrp_config *cfg)
{
	memset(u, 0, sizeof(*u));
	if (cfg->script_user[0]) {
		u->err = lookup_user(cfg->script_user, cfg->script_group, &u->uid, &u->gid,
				     "global_defs script_user");
		return;
	}
	if (getpwnam(DEFAULT_SCRIPT_USER)) {
		u->err = lookup_user(DEFAULT_SCRIPT_USER, cfg->script_group, &u->uid, &u->gid,
				     "global_defs script_user");
		return;
	}
	u->keepalived_script_missing = true;
	if (cfg->script_group[0])
		u->err = lookup_user("root", cfg->script_group, &u->uid, &u->gid,
				     "global_defs script_group");
}

static int use_default_user(struct xvrrp_scripts *s, uid_t *uid, gid_t *gid)
{
	const struct script_user *u = &s->default_user;

	if (u->keepalived_script_missing && !s->warned_default_user) {
		pr_warn("default user '%s' for script execution does not exist - please create it; scripts run as root",
			DEFAULT_SCRIPT_USER);
		s->warned_default_user = true;
	}
	*uid = u->uid;
	*gid = u->gid;
	return u->err;
}

/* The problem has been logged ("... - disabling"); remember why it cannot run. */
static int disable(struct script_cmd *c, int verdict)
{
	c->verdict = verdict;
	return 0;
}

/*
 * Split, resolve and vet `line` for uid/gid. Problems are reported once,
 * here, prefixed with `where` ("file:line: vrrp_script NAME"); the command
 * is then kept with a non-zero verdict. Returns -ENOMEM only.
 */
static int cmd_prepare(struct xvrrp_scripts *s, struct script_cmd *c, const char *line,
		       uid_t uid, gid_t gid, const char *where)
{
	char bad[PATH_MAX];
	struct stat st;
	int err;

	c->uid = uid;
	c->gid = gid;
	c->netns_fd = -1;
	err = split_words(line, &c->words, &c->n_words);
	if (err == -ENOMEM)
		return err;
	if (err) {
		pr_err("%s: cannot parse command line '%s' (unterminated quote or empty) - disabling",
		       where, line);
		return disable(c, -EINVAL);
	}
	if (!strchr(c->words[0], '/')) {
		char *found = search_path(c->words[0], uid, gid);

		if (!found) {
			pr_err("%s: cannot find script '%s' in PATH - disabling", where,
			       c->words[0]);
			return disable(c, -ENOENT);
		}
		pr_warn("%s: script '%s' resolved by path search to '%s'; please specify the full path",
			where, c->words[0], found);
		free(c->words[0]);
		c->words[0] = found;
	}
	if (stat(c->words[0], &st)) {
		err = -errno;
		pr_err("%s: cannot access script '%s': %s - disabling", where, c->words[0],
		       strerror(-err));
		return disable(c, err);
	}
	if (!can_execute(&st, uid, gid)) {
		pr_err("%s: script '%s' is not executable for uid:gid %u:%u - disabling", where,
		       c->words[0], (unsigned int)uid, (unsigned int)gid);
		return disable(c, -EACCES);
	}
	s->any_runnable = true;
	if (!runs_as_root(&st, uid, gid))
		return 0;
	err = find_unsafe_component(c->words[0], bad, sizeof(bad));
	if (err < 0) {
		pr_err("%s: cannot check the security of script '%s': %s - disabling", where,
		       c->words[0], strerror(-err));
		return disable(c, err);
	}
	if (err == 0)
		return 0;
	s->any_insecure = true;
	if (s->security) {
		pr_err("%s: unsafe permissions found for script '%s' ('%s' can be modified by a non-root user) - disabling",
		       where, c->words[0], bad);
		return disable(c, -EPERM);
	}
	pr_warn("%s: unsafe permissions found for script '%s' ('%s' can be modified by a non-root user), and it runs as root",
		where, c->words[0], bad);
	return 0;
}

static void cmd_free(struct script_cmd *c)
{
	free_words(c->words, c->n_words);
	c->words = NULL;
	c->n_words = 0;
}

/* keepalived's summary warning when scripts run without script security. */
static void warn_violation(struct xvrrp_scripts *s)
{
	if (s->security || s->warned_violation || !s->any_runnable)
		return;
	pr_warn("SECURITY VIOLATION - scripts are being executed but enable_script_security is not set%s",
		s->any_insecure ? "; there are insecure scripts" : "");
	s->warned_violation = true;
}

/* ---- children ---- */

static int drop_privileges(uid_t uid, gid_t gid)
{
	/* Only the script's group: root's supplementary groups must not leak. */
	if (geteuid() == 0 && setgroups(1, &gid))
		return -1;
	if (getgid() != gid && setgid(gid))
		return -1;
	if (getuid() != uid && setuid(uid))
		return -1;
	return 0;
}

/*
 * In the child, between fork() and execve(): async-signal-safe calls only.
 * vec[0] is "/bin/sh", vec[1] the program: a file without "#!" is run by the
 * shell, as execvp() would.
 */
static void __attribute__((noreturn))
child_exec(const struct script_cmd *c, char **vec, pid_t parent, bool die_with_parent,
	   long open_max)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t none;
	int fd;

	setpgid(0, 0);
	/* An instance in another namespace: its check runs there (a router's ping, say). */
	if (c->netns_fd >= 0 && setns(c->netns_fd, CLONE_NEWNET))
		_exit(EXIT_CANNOT_EXECUTE);
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		_exit(EXIT_CANNOT_EXECUTE);
	for (int i = 0; i < 3; i++)
		if (fd != i && dup2(fd, i) < 0)
			_exit(EXIT_CANNOT_EXECUTE);
	if (close_range(3, ~0U, 0))
		for (long i = 3; i < open_max; i++)
			close((int)i);

	if (drop_privileges(c->uid, c->gid))
		_exit(EXIT_CANNOT_EXECUTE);
	/* Set after setuid(), which clears it; keepalived: scripts get SIGTERM when we die. */
	if (die_with_parent &&
	    (prctl(PR_SET_PDEATHSIG, SIGTERM) || getppid() != parent))
		_exit(EXIT_CANNOT_EXECUTE);

	execve(vec[1], &vec[1], environ);
	if (errno == ENOEXEC)
		execve(vec[0], vec, environ);
	_exit(errno == EACCES ? EXIT_CANNOT_EXECUTE : EXIT_NOT_FOUND);
}

/* fork+exec c with extra args; returns the pid (also its process group) or -errno. */
static pid_t spawn(const struct xvrrp_scripts *s, const struct script_cmd *c,
		   const char *const *args, size_t n_args, bool die_with_parent)
{
	char **vec = calloc(c->n_words + n_args + 2, sizeof(*vec));
	pid_t parent = getpid();
	pid_t pid;
	size_t n = 0;

	if (!vec)
		return -ENOMEM;
	vec[n++] = (char *)"/bin/sh";
	for (size_t i = 0; i < c->n_words; i++)
		vec[n++] = c->words[i];
	for (size_t i = 0; i < n_args; i++)
		vec[n++] = (char *)args[i];
	vec[n] = NULL;

	pid = fork();
	if (pid == 0)
		child_exec(c, vec, parent, die_with_parent, s->open_max);
	if (pid < 0)
		pid = -errno;
	else
		setpgid(pid, pid);      /* also here: no window where kill(-pid) misses */
	free(vec);
	return pid;
}

/* 1 = reaped (status filled), 0 = still running, -1 = not our child any more. */
static int wait_one(pid_t pid, int *status)
{
	pid_t r;

	do
		r = waitpid(pid, status, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == pid)
		return 1;
	return r == 0 ? 0 : -1;
}

/* ---- checks ---- */

static void describe_status(int status, bool timed_out, bool lost, char *buf, size_t len)
{
	if (lost)
		snprintf(buf, len, "lost (reaped elsewhere)");
	else if (timed_out)
		snprintf(buf, len, "timed out");
	else if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, len, "ended with wait status 0x%x", (unsigned int)status);
}

/* Apply one result with keepalived's rise/fall rule; call back on a change. */
static void check_account(struct xvrrp_scripts *s, size_t idx, bool success, const char *why)
{
	struct check *c = &s->checks[idx];
	bool was_up = c->up;

	if (!c->have_result && !c->init_fail) {
		c->up = success;        /* keepalived INIT: the first result decides */
		c->streak = 0;
	} else if (success == c->up) {
		c->streak = 0;
	} else if (++c->streak >= (success ? c->rise : c->fall)) {
		c->up = success;
		c->streak = 0;
	}
	c->have_result = true;
	if (c->up == was_up)
		return;
	if (c->up)
		pr_info("VRRP_Script(%s) succeeded", c->name);
	else
		pr_info("VRRP_Script(%s) failed (%s)", c->name, why);
	if (s->cb)
		s->cb(s->ctx, idx, c->up);
}

static void check_finished(struct xvrrp_scripts *s, size_t idx, int status, bool lost)
{
	struct check *c = &s->checks[idx];
	bool success = !lost && !c->timed_out && WIFEXITED(status) && !WEXITSTATUS(status);
	char why[64];

	if (lost)
		status = -1;
	describe_status(status, c->timed_out, lost, why, sizeof(why));
	if (lost)
		pr_err("vrrp_script %s: child %d was reaped elsewhere (SIGCHLD ignored?)",
		       c->name, (int)c->pid);
	else if (status != c->last_status && WIFEXITED(status) &&
		 (WEXITSTATUS(status) == EXIT_CANNOT_EXECUTE ||
		  WEXITSTATUS(status) == EXIT_NOT_FOUND))
		pr_warn("vrrp_script %s: '%s' %s (could it be executed?)", c->name,
			c->cmd.words[0], why);
	else if (status != c->last_status)
		pr_debug("vrrp_script %s: now %s", c->name, why);
	c->last_status = status;
	c->pid = 0;
	c->timed_out = false;
	check_account(s, idx, success, why);
}

static bool check_runnable(const struct check *c)
{
	return c->used && !c->cmd.verdict;
}

static void check_start(struct xvrrp_scripts *s, size_t idx, uint64_t now)
{
	struct check *c = &s->checks[idx];
	pid_t pid = spawn(s, &c->cmd, NULL, 0, true);

	if (pid < 0) {
		/* A check that cannot run says nothing good about the service. */
		pr_err("vrrp_script %s: cannot start '%s': %s", c->name, c->cmd.words[0],
		       strerror(-pid));
		check_account(s, idx, false, "could not be started");
		return;
	}
	c->pid = pid;
	c->kill_at = now + c->timeout_ns;
	c->timed_out = false;
}

static void check_kill(struct check *c)
{
	/* The whole group: a shell script's own children go too. */
	if (kill(-c->pid, SIGKILL) && errno == ESRCH)
		kill(c->pid, SIGKILL);
	c->timed_out = true;
	pr_warn("%s: vrrp_script %s timed out after %llu ms: killed", c->where, c->name,
		(unsigned long long)(c->timeout_ns / NS_PER_MS));
}

/* Steady cadence from the first start; no burst of runs after a stall. */
static uint64_t next_tick(const struct check *c, uint64_t now)
{
	uint64_t next = c->next_start ? c->next_start + c->interval_ns : now + c->interval_ns;

	return next > now ? next : now + c->interval_ns;
}

static bool tracked_by_some_instance(const struct xvrrp_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_instances; i++) {
		const struct xvrrp_instance_cfg *inst = &cfg->instances[i];

		for (size_t j = 0; j < inst->n_track_scripts; j++)
			if (!strcmp(inst->track_scripts[j].name, name))
				return true;
	}
	return false;
}

static int check_init(struct xvrrp_scripts *s, struct check *c, const struct xvrrp_config *cfg,
		      const struct xvrrp_script_cfg *sc)
{
	char where[PATH_MAX + 128];
	uid_t uid;
	gid_t gid;
	int err;

	snprintf(c->name, sizeof(c->name), "%s", sc->name);
	if (asprintf(&c->where, "%s:%d", sc->file ? sc->file : "?", sc->line) < 0) {
		c->where = NULL;
		return -ENOMEM;
	}
	c->interval_ns = (uint64_t)(sc->interval_ms ? sc->interval_ms : DEFAULT_INTERVAL_MS) *
			 NS_PER_MS;
	c->timeout_ns = sc->timeout_ms ? (uint64_t)sc->timeout_ms * NS_PER_MS : c->interval_ns;
	c->rise = sc->rise ? sc->rise : 1;
	c->fall = sc->fall ? sc->fall : 1;
	c->init_fail = sc->init_fail;
	c->up = !sc->init_fail;
	c->last_status = -1;
	c->used = tracked_by_some_instance(cfg, sc->name);
	if (!c->used) {
		/* keepalived runs a script only if some instance tracks it. */
		pr_info("%s: vrrp_script %s is not tracked by any vrrp_instance: not run",
			c->where, c->name);
		return 0;
	}
	snprintf(where, sizeof(where), "%s: vrrp_script %s", c->where, c->name);
	if (sc->user[0])
		err = lookup_user(sc->user, sc->group, &uid, &gid, where);
	else
		err = use_default_user(s, &uid, &gid);
	if (!err && sc->script)
		err = cmd_prepare(s, &c->cmd, sc->script, uid, gid, where);
	else if (!err)
		pr_err("%s: no script given - disabling", where);
	if (err == -ENOMEM)
		return err;
	if (!err && !sc->script)
		err = -EINVAL;
	if (err)
		c->cmd.verdict = err;
	if (c->cmd.verdict)
		c->up = false;          /* a check that cannot run stays failed */
	return 0;
}

/* ---- notify commands ---- */

static struct notify_cmd *notify_lookup(struct xvrrp_scripts *s, const char *line)
{
	for (size_t i = 0; i < s->n_notify_cmds; i++)
		if (!strcmp(s->notify_cmds[i].line, line))
			return &s->notify_cmds[i];
	return NULL;
}

/* Vet a notify command once (keepalived does it at start-up); NULL on ENOMEM. */
static struct notify_cmd *notify_add(struct xvrrp_scripts *s, const char *line,
				     const char *where)
{
	struct notify_cmd *grown, *nc;
	uid_t uid;
	gid_t gid;
	int err;

	grown = realloc(s->notify_cmds, (s->n_notify_cmds + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	s->notify_cmds = grown;
	nc = &grown[s->n_notify_cmds];
	memset(nc, 0, sizeof(*nc));
	nc->line = strdup(line);
	if (!nc->line)
		return NULL;
	s->n_notify_cmds++;
	err = use_default_user(s, &uid, &gid);
	if (err) {
		nc->cmd.verdict = err;
		return nc;
	}
	if (cmd_prepare(s, &nc->cmd, line, uid, gid, where)) {
		nc->cmd.verdict = -ENOMEM;      /* never run a half-built command */
		return NULL;
	}
	return nc;
}

static int notify_add_cfg(struct xvrrp_scripts *s, const struct xvrrp_notify_cfg *n,
			  const char *kind, const char *name, const char *file, int line)
{
	const char *const cmds[] = { n->notify_master, n->notify_backup, n->notify_fault,
				     n->notify_stop, n->notify };
	static const char *const keys[] = { "notify_master", "notify_backup", "notify_fault",
					    "notify_stop", "notify" };
	char where[PATH_MAX + 160];

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (!cmds[i] || notify_lookup(s, cmds[i]))
			continue;
		snprintf(where, sizeof(where), "%s:%d: %s %s %s", file ? file : "?", line, kind,
			 name, keys[i]);
		if (!notify_add(s, cmds[i], where))
			return -ENOMEM;
	}
	return 0;
}

static int notify_add_all(struct xvrrp_scripts *s, const struct xvrrp_config *cfg)
{
	for (size_t i = 0; i < cfg->n_instances; i++) {
		const struct xvrrp_instance_cfg *inst = &cfg->instances[i];

		if (notify_add_cfg(s, &inst->notify, "vrrp_instance", inst->name, inst->file,
				   inst->line))
			return -ENOMEM;
	}
	for (size_t i = 0; i < cfg->n_sync_groups; i++) {
		const struct xvrrp_sync_group_cfg *g = &cfg->sync_groups[i];

		if (notify_add_cfg(s, &g->notify, "vrrp_sync_group", g->name, g->file, g->line))
			return -ENOMEM;
	}
	return 0;
}

/* ---- the interface ---- */

struct xvrrp_scripts *xvrrp_scripts_new(const struct xvrrp_config *cfg, xvrrp_script_cb cb,
					void *ctx)
{
	struct xvrrp_scripts *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->cb = cb;
	s->ctx = ctx;
	s->security = cfg->enable_script_security;
	s->open_max = sysconf(_SC_OPEN_MAX);
	if (s->open_max < 0 || s->open_max > 65536)
		s->open_max = 65536;
	resolve_default_user(&s->default_user, cfg);
	s->checks = calloc(cfg->n_scripts ? cfg->n_scripts : 1, sizeof(*s->checks));
	if (!s->checks)
		goto nomem;
	s->n_checks = cfg->n_scripts;
	for (size_t i = 0; i < cfg->n_scripts; i++)
		if (check_init(s, &s->checks[i], cfg, &cfg->scripts[i]))
			goto nomem;
	if (notify_add_all(s, cfg))
		goto nomem;
	warn_violation(s);
	return s;
nomem:
	xvrrp_scripts_free(s);
	return NULL;
}

/* SIGKILL a running check, its process group first (what it started goes too). */
static void kill_check(struct check *c)
{
	if (kill(-c->pid, SIGKILL) && errno == ESRCH)
		kill(c->pid, SIGKILL);
}

void xvrrp_scripts_adopt(struct xvrrp_scripts *to, struct xvrrp_scripts *from)
{
	if (!to || !from)
		return;
	/*
	 * The old runner's running checks die, and are reaped by the new one
	 * when SIGCHLD says so: never waited for here (a check stuck in the
	 * kernel would stop the loop).
	 */
	for (size_t i = 0; i < from->n_checks; i++) {
		struct check *c = &from->checks[i];

		if (c->pid <= 0)
			continue;
		kill_check(c);
		if (from->n_notify_pids == from->cap_notify_pids) {
			size_t cap = from->cap_notify_pids ? 2 * from->cap_notify_pids : 8;
			pid_t *v = realloc(from->notify_pids, cap * sizeof(*v));

			if (!v)
				continue;
			from->notify_pids = v;
			from->cap_notify_pids = cap;
		}
		from->notify_pids[from->n_notify_pids++] = c->pid;
		c->pid = 0;
	}
	while (from->n_notify_pids) {
		if (to->n_notify_pids == to->cap_notify_pids) {
			size_t cap = to->cap_notify_pids ? 2 * to->cap_notify_pids : 8;
			pid_t *v = realloc(to->notify_pids, cap * sizeof(*v));

			if (!v)
				return;
			to->notify_pids = v;
			to->cap_notify_pids = cap;
		}
		to->notify_pids[to->n_notify_pids++] = from->notify_pids[--from->n_notify_pids];
	}
}

/* A child just sent SIGKILL: reap it if it dies within 100 ms, else leave it. */
static void reap_killed(pid_t pid)
{
	struct timespec tick = { .tv_nsec = 1000000 };
	int status;

	for (int i = 0; i < 100; i++) {
		if (wait_one(pid, &status))
			return;
		nanosleep(&tick, NULL);
	}
	pr_warn("check script %d does not die of SIGKILL (stuck in the kernel?): left behind",
		(int)pid);
}

void xvrrp_scripts_free(struct xvrrp_scripts *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_checks; i++) {
		struct check *c = &s->checks[i];

		if (c->pid > 0) {
			/* Waited for 100 ms at most: one stuck in the kernel must not stop us. */
			kill_check(c);
			reap_killed(c->pid);
		}
		cmd_free(&c->cmd);
		free(c->where);
	}
	/*
	 * Notify scripts are left to finish (a notify_stop must run to its
	 * end); those already done are reaped here.
	 */
	for (size_t i = 0; i < s->n_notify_pids; i++) {
		int status;

		if (!wait_one(s->notify_pids[i], &status))
			pr_debug("notify script %d still running: left to finish",
				 (int)s->notify_pids[i]);
	}
	for (size_t i = 0; i < s->n_notify_cmds; i++) {
		cmd_free(&s->notify_cmds[i].cmd);
		free(s->notify_cmds[i].line);
	}
	free(s->notify_cmds);
	free(s->notify_pids);
	free(s->checks);
	free(s);
}

bool xvrrp_script_up(const struct xvrrp_scripts *s, size_t script_idx)
{
	return script_idx < s->n_checks && s->checks[script_idx].up;
}

bool xvrrp_script_disabled(const struct xvrrp_scripts *s, size_t script_idx)
{
	return script_idx >= s->n_checks || s->checks[script_idx].cmd.verdict != 0;
}

void xvrrp_scripts_run(struct xvrrp_scripts *s, uint64_t now)
{
	for (size_t i = 0; i < s->n_checks; i++) {
		struct check *c = &s->checks[i];

		if (!check_runnable(c))
			continue;
		if (c->pid > 0 && !c->timed_out && now >= c->kill_at)
			check_kill(c);
		if (c->next_start && now < c->next_start)
			continue;
		c->next_start = next_tick(c, now);
		if (c->pid > 0) {
			/* keepalived: the previous run is not idle, skip this one. */
			pr_debug("vrrp_script %s still running: run skipped", c->name);
			continue;
		}
		check_start(s, i, now);
	}
}

uint64_t xvrrp_scripts_next_deadline(const struct xvrrp_scripts *s)
{
	uint64_t next = 0;

	for (size_t i = 0; i < s->n_checks; i++) {
		const struct check *c = &s->checks[i];
		uint64_t t;

		if (!check_runnable(c))
			continue;
		t = c->next_start ? c->next_start : 1;  /* never started: due now */
		if (c->pid > 0 && !c->timed_out && c->kill_at < t)
			t = c->kill_at;
		if (!next || t < next)
			next = t;
	}
	return next;
}

void xvrrp_scripts_reap(struct xvrrp_scripts *s, uint64_t now)
{
	size_t i;

	(void)now;      /* results are accounted when they arrive; time is not needed */
	for (i = 0; i < s->n_checks; i++) {
		int status = 0;
		int r;

		if (s->checks[i].pid <= 0)
			continue;
		r = wait_one(s->checks[i].pid, &status);
		if (r)
			check_finished(s, i, status, r < 0);
	}
	/* The callbacks above may have added notify children: scan after them. */
	i = 0;
	while (i < s->n_notify_pids) {
		int status = 0;
		int r = wait_one(s->notify_pids[i], &status);

		if (!r) {
			i++;
			continue;
		}
		if (r > 0 && !(WIFEXITED(status) && !WEXITSTATUS(status)))
			pr_debug("notify script %d ended with status 0x%x",
				 (int)s->notify_pids[i], status);
		s->notify_pids[i] = s->notify_pids[--s->n_notify_pids];
	}
}

pid_t xvrrp_scripts_notify(struct xvrrp_scripts *s, const char *cmd, const char *const *args,
			   size_t n_args)
{
	struct notify_cmd *nc;
	pid_t pid;

	if (!cmd)
		return -EINVAL;
	nc = notify_lookup(s, cmd);
	if (!nc) {
		nc = notify_add(s, cmd, "notify");
		if (!nc)
			return -ENOMEM;
		warn_violation(s);
	}
	if (nc->cmd.verdict)
		return nc->cmd.verdict;         /* reported once, when it was vetted */
	if (s->n_notify_pids == s->cap_notify_pids) {
		size_t cap = s->cap_notify_pids ? 2 * s->cap_notify_pids : 8;
		pid_t *grown = realloc(s->notify_pids, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		s->notify_pids = grown;
		s->cap_notify_pids = cap;
	}
	pid = spawn(s, &nc->cmd, args, n_args, false);
	if (pid < 0) {
		pr_err("notify: cannot start '%s': %s", nc->cmd.words[0], strerror(-pid));
		return pid;
	}
	s->notify_pids[s->n_notify_pids++] = pid;
	return pid;
}

void xvrrp_scripts_netns(struct xvrrp_scripts *s, size_t script_idx, int fd)
{
	if (s && script_idx < s->n_checks)
		s->checks[script_idx].cmd.netns_fd = fd;
}
