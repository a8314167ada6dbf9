// SPDX-License-Identifier: GPL-2.0-only
/*
 * vrrp_script checks and notify scripts (user/scripts.c) against real
 * shell scripts in a private directory, driven the way the daemon drives
 * them: the monotonic clock, a signalfd for SIGCHLD, xvrrp_scripts_run() at
 * the module's deadlines and xvrrp_scripts_reap() on SIGCHLD, in a loop
 * bounded in time. Every table row is one keepalived rule and its expected
 * outcome. Needs root (privilege drop, root-owned files): skipped otherwise.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "scripts.h"

#define NS_PER_MS 1000000ULL
#define CONF_FILE "test.conf"
#define SCRIPT_LINE 7
#define INSTANCE_LINE 20
#define MAX_EVENTS 32

struct event {
	size_t idx;
	bool up;
	long run;               /* the script's own run counter when the callback came */
	uint64_t at;
};

struct fixture {
	char dir[64];           /* mkdtemp, 0755, root's */
	char out[96];           /* dir/out, 01777: where scripts (also as nobody) write */
	int sigfd;
	struct event ev[MAX_EVENTS];
	size_t n_ev;
	char counter[160];      /* file read by the callback to stamp each event with its run */
	/* one config: one vrrp_script tracked by one instance */
	struct xvrrp_config cfg;
	struct xvrrp_script_cfg sc[2];
	struct xvrrp_instance_cfg inst;
	struct xvrrp_track_ref_cfg ref[2];
	char *log;              /* what xvrrp_scripts_new() logged */
};

/* ---- small helpers ---- */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f;

	unlink(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* The file's content, or NULL when it does not exist. */
static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);
	size_t n;

	assert_non_null(buf);
	if (!f) {
		free(buf);
		return NULL;
	}
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static long read_long(const char *path)
{
	char *t = read_text(path);
	long v = t ? strtol(t, NULL, 10) : 0;

	free(t);
	return v;
}

static size_t count_lines(const char *path)
{
	char *t = read_text(path);
	size_t n = 0;

	for (char *p = t; p && *p; p++)
		n += *p == '\n';
	free(t);
	return n;
}

/* A shell script in dir (or in `subdir` of it), "#!/bin/sh" unless no_shebang. */
static void make_script(const char *path, const char *body, mode_t mode, bool no_shebang)
{
	char text[4096];

	snprintf(text, sizeof(text), "%s%s\n", no_shebang ? "" : "#!/bin/sh\n", body);
	write_file(path, text, mode);
}

static void cb_record(void *ctx, size_t idx, bool up)
{
	struct fixture *f = ctx;

	assert_true(f->n_ev < MAX_EVENTS);
	f->ev[f->n_ev].idx = idx;
	f->ev[f->n_ev].up = up;
	f->ev[f->n_ev].run = f->counter[0] ? read_long(f->counter) : 0;
	f->ev[f->n_ev].at = now_ns();
	f->n_ev++;
}

/* One vrrp_script at CONF_FILE:SCRIPT_LINE, tracked by instance VI_1 (unless untracked). */
static void cfg_reset(struct fixture *f, const char *cmd, bool untracked)
{
	memset(&f->cfg, 0, sizeof(f->cfg));
	memset(f->sc, 0, sizeof(f->sc));
	memset(&f->inst, 0, sizeof(f->inst));
	memset(f->ref, 0, sizeof(f->ref));
	snprintf(f->sc[0].name, sizeof(f->sc[0].name), "chk");
	f->sc[0].file = CONF_FILE;
	f->sc[0].line = SCRIPT_LINE;
	f->sc[0].script = (char *)cmd;
	f->sc[0].interval_ms = 100;
	f->sc[0].timeout_ms = 10000;
	f->sc[0].rise = 1;
	f->sc[0].fall = 1;
	f->cfg.scripts = f->sc;
	f->cfg.n_scripts = 1;
	snprintf(f->inst.name, sizeof(f->inst.name), "VI_1");
	f->inst.file = CONF_FILE;
	f->inst.line = INSTANCE_LINE;
	snprintf(f->ref[0].name, sizeof(f->ref[0].name), "chk");
	f->inst.track_scripts = f->ref;
	f->inst.n_track_scripts = untracked ? 0 : 1;
	f->cfg.instances = &f->inst;
	f->cfg.n_instances = 1;
	f->n_ev = 0;
	f->counter[0] = '\0';
}

/* xvrrp_scripts_new() with its log captured in f->log. */
static struct xvrrp_scripts *scripts_new(struct fixture *f)
{
	char path[160];
	struct xvrrp_scripts *s;
	int saved, fd;

	snprintf(path, sizeof(path), "%s/new.log", f->dir);
	fflush(stderr);
	saved = dup(2);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, 2);
	s = xvrrp_scripts_new(&f->cfg, cb_record, f);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	free(f->log);
	f->log = read_text(path);
	assert_non_null(f->log);
	if (getenv("XVRRP_TEST_VERBOSE"))
		print_message("%s", f->log);
	assert_non_null(s);
	return s;
}

typedef bool (*done_fn)(struct fixture *f, const void *arg);

/*
 * The daemon's loop in small: start/kill checks, reap on SIGCHLD, sleep
 * until the next deadline or SIGCHLD. Returns whether done() became true
 * within limit_ms.
 */
static bool drive(struct fixture *f, struct xvrrp_scripts *s, done_fn done, const void *arg,
		  unsigned int limit_ms)
{
	uint64_t end = now_ns() + limit_ms * NS_PER_MS;

	for (;;) {
		uint64_t now = now_ns();
		uint64_t deadline = xvrrp_scripts_next_deadline(s);
		struct pollfd pfd = { .fd = f->sigfd, .events = POLLIN };
		uint64_t wait_ns = end > now ? end - now : 0;
		struct signalfd_siginfo si;

		xvrrp_scripts_run(s, now);
		xvrrp_scripts_reap(s, now);
		if (done && done(f, arg))
			return true;
		if (now >= end)
			return false;
		deadline = xvrrp_scripts_next_deadline(s);
		if (deadline && deadline - 1 < now + wait_ns)
			wait_ns = deadline > now ? deadline - now : 0;
		if (wait_ns > 50 * NS_PER_MS)
			wait_ns = 50 * NS_PER_MS;   /* files written by scripts are polled */
		if (poll(&pfd, 1, (int)((wait_ns + NS_PER_MS - 1) / NS_PER_MS)) > 0)
			while (read(f->sigfd, &si, sizeof(si)) == sizeof(si))
				;
	}
}

static bool done_never(struct fixture *f, const void *arg)
{
	(void)f;
	(void)arg;
	return false;
}

static bool done_n_events(struct fixture *f, const void *arg)
{
	return f->n_ev >= *(const size_t *)arg;
}

static bool done_lines(struct fixture *f, const void *arg)
{
	const struct { const char *path; size_t n; } *want = arg;

	(void)f;
	return count_lines(want->path) >= want->n;
}

static bool done_counter(struct fixture *f, const void *arg)
{
	return read_long(f->counter) >= *(const long *)arg;
}

static bool pid_exists(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	return access(path, F_OK) == 0;
}

static bool done_pid_gone(struct fixture *f, const void *arg)
{
	(void)f;
	return !pid_exists(*(const pid_t *)arg);
}

/* Our children, alive or zombie: /proc/PID/stat, field 4 is the ppid. */
static size_t list_children(pid_t *pids, size_t max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[300], *t, *rp;
		char state;
		int ppid;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		t = read_text(path);
		rp = t ? strrchr(t, ')') : NULL;
		if (rp && sscanf(rp + 2, "%c %d", &state, &ppid) == 2 && ppid == getpid()) {
			print_message("child: %s", t);
			if (n < max)
				pids[n] = (pid_t)atoi(e->d_name);
			n++;
		}
		free(t);
	}
	closedir(d);
	return n;
}

static void assert_no_children(void)
{
	pid_t pids[16];

	assert_int_equal(list_children(pids, 16), 0);
}

/*
 * After each test: a failed test leaves its scripts object and children
 * behind; kill and reap them so the next test starts clean.
 */
static int test_teardown(void **state)
{
	pid_t pids[64];
	size_t n = list_children(pids, 64);

	(void)state;
	for (size_t i = 0; i < n && i < 64; i++) {
		kill(-pids[i], SIGKILL);
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	return 0;
}

#define REQUIRE_ROOT()                                                          \
	do {                                                                    \
		if (geteuid() != 0) {                                           \
			print_message("skipped: needs root (privilege drop, root-owned scripts)\n"); \
			skip();                                                 \
		}                                                               \
	} while (0)

/* ---- fixture ---- */

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int group_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	sigset_t chld;

	if (!f)
		return -1;
	*state = f;     /* group_teardown frees it, whatever happens below */
	f->sigfd = -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/xvrrp-scripts-XXXXXX");
	if (!mkdtemp(f->dir)) {
		f->dir[0] = '\0';
		return -1;
	}
	snprintf(f->out, sizeof(f->out), "%s/out", f->dir);
	if (chmod(f->dir, 0755) || mkdir(f->out, 0755) || chmod(f->out, 01777))
		return -1;
	/* As the daemon: SIGCHLD is blocked and read from a signalfd. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	f->sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	return f->sigfd < 0 ? -1 : 0;
}

static int group_teardown(void **state)
{
	struct fixture *f = *state;

	if (f->dir[0])
		nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (f->sigfd >= 0)
		close(f->sigfd);
	free(f->log);
	free(f);
	return 0;
}

/* ---- check results ---- */

struct result_row {
	const char *what;
	const char *body;
	bool no_shebang;
	bool init_fail;
	uint32_t timeout_ms;
	bool expect_event;      /* a state change is reported ... */
	bool expect_up;         /* ... and this is the state after the first result */
	uint64_t min_ms;        /* the change comes no sooner than this after the start */
};

static const struct result_row result_rows[] = {
	{ "exit 0 with init_fail: one success is enough", "exit 0", false, true, 10000,
	  true, true, 0 },
	{ "exit 0 without init_fail: already up, no change", "exit 0", false, false, 10000,
	  false, true, 0 },
	{ "exit 1: first result decides (keepalived INIT)", "exit 1", false, false, 10000,
	  true, false, 0 },
	{ "exit 2 is a failure too", "exit 2", false, false, 10000, true, false, 0 },
	{ "killed by a signal is a failure", "kill -9 $$", false, false, 10000, true, false, 0 },
	{ "timeout is a failure", "sleep 30", false, false, 300, true, false, 300 },
	{ "no #! line: run by /bin/sh as execvp would", "exit 0", true, true, 10000,
	  true, true, 0 },
};

static void test_results(void **state)
{
	struct fixture *f = *state;

	REQUIRE_ROOT();
	for (size_t r = 0; r < sizeof(result_rows) / sizeof(result_rows[0]); r++) {
		const struct result_row *row = &result_rows[r];
		char script[160], runs[160], body[2048];
		struct { const char *path; size_t n; } two_runs = { runs, 2 };
		struct xvrrp_scripts *s;
		uint64_t start;

		print_message("row: %s\n", row->what);
		snprintf(script, sizeof(script), "%s/result%zu.sh", f->dir, r);
		snprintf(runs, sizeof(runs), "%s/result%zu.runs", f->out, r);
		unlink(runs);
		snprintf(body, sizeof(body), "echo run >> %s\n%s", runs, row->body);
		make_script(script, body, 0755, row->no_shebang);
		cfg_reset(f, script, false);
		f->sc[0].init_fail = row->init_fail;
		f->sc[0].timeout_ms = row->timeout_ms;
		s = scripts_new(f);
		assert_int_equal(xvrrp_script_up(s, 0), !row->init_fail);
		start = now_ns();
		/* The second run starts only once the first is reaped and accounted. */
		assert_true(drive(f, s, done_lines, &two_runs, 10000));
		if (row->expect_event) {
			assert_true(f->n_ev >= 1);
			assert_int_equal(f->ev[0].idx, 0);
			assert_int_equal(f->ev[0].up, row->expect_up);
			assert_true(f->ev[0].at - start >= row->min_ms * NS_PER_MS);
		} else {
			assert_int_equal(f->n_ev, 0);
		}
		/* With rise = fall = 1 further identical results change nothing. */
		for (size_t i = 1; i < f->n_ev; i++)
			assert_int_equal(f->ev[i].up, f->ev[i - 1].up);
		assert_int_equal(xvrrp_script_up(s, 0), row->expect_up);
		xvrrp_scripts_free(s);
	}
	assert_no_children();
}

/* ---- rise / fall ---- */

struct rise_fall_row {
	const char *what;
	uint32_t rise, fall;
	bool init_fail;
	const char *results;    /* exit status of run 1, 2, ... */
	size_t n_expect;
	struct { long run; bool up; } expect[4];
};

static const struct rise_fall_row rise_fall_rows[] = {
	{ "rise 2 fall 3: first failure decides, 2 successes up, 3 failures down",
	  2, 3, false, "1 0 0 1 1 0 1 1 1", 3, { { 1, false }, { 3, true }, { 9, false } } },
	{ "rise 2 fall 3: starts up, 3rd consecutive failure takes it down",
	  2, 3, false, "0 1 1 0 1 1 1", 1, { { 7, false } } },
	{ "rise 2 fall 3 init_fail: a failure resets the success count",
	  2, 3, true, "0 1 0 0 1 1", 1, { { 4, true } } },
	{ "rise 1 fall 1 init_fail: every change is reported",
	  1, 1, true, "0 1 1 0", 3, { { 1, true }, { 2, false }, { 4, true } } },
	{ "rise 3 fall 2 init_fail: 3 successes needed",
	  3, 2, true, "0 0 1 0 0 0 1 1", 2, { { 6, true }, { 8, false } } },
};

static void test_rise_fall(void **state)
{
	struct fixture *f = *state;

	REQUIRE_ROOT();
	for (size_t r = 0; r < sizeof(rise_fall_rows) / sizeof(rise_fall_rows[0]); r++) {
		const struct rise_fall_row *row = &rise_fall_rows[r];
		char script[160], results[160], body[2048], seq[128];
		size_t n_results = 0;
		long after_last;
		struct xvrrp_scripts *s;

		print_message("row: %s\n", row->what);
		snprintf(script, sizeof(script), "%s/risefall.sh", f->dir);
		snprintf(results, sizeof(results), "%s/risefall.results", f->dir);
		snprintf(seq, sizeof(seq), "%s", row->results);
		for (char *p = strtok(seq, " "); p; p = strtok(NULL, " "))
			n_results++;
		snprintf(seq, sizeof(seq), "%s", row->results);
		for (char *p = seq; *p; p++)
			if (*p == ' ')
				*p = '\n';
		strcat(seq, "\n");
		write_file(results, seq, 0644);
		cfg_reset(f, script, false);
		snprintf(f->counter, sizeof(f->counter), "%s/risefall.count", f->dir);
		write_file(f->counter, "0\n", 0644);
		/*
		 * Run n takes the nth result; a run past the list hangs (the test
		 * stops there: it starts only after the last one was accounted).
		 */
		snprintf(body, sizeof(body),
			 "n=$(( $(cat %s) + 1 ))\necho $n > %s\nr=$(sed -n \"${n}p\" %s)\n"
			 "[ -n \"$r\" ] || exec sleep 60\nexit $r",
			 f->counter, f->counter, results);
		make_script(script, body, 0755, false);
		f->sc[0].rise = row->rise;
		f->sc[0].fall = row->fall;
		f->sc[0].init_fail = row->init_fail;
		f->sc[0].interval_ms = 50;
		f->sc[0].timeout_ms = 20000;
		s = scripts_new(f);
		assert_int_equal(xvrrp_script_up(s, 0), !row->init_fail);
		after_last = (long)n_results + 1;
		assert_true(drive(f, s, done_counter, &after_last, 15000));
		assert_int_equal(f->n_ev, row->n_expect);
		for (size_t i = 0; i < row->n_expect; i++) {
			assert_int_equal(f->ev[i].run, row->expect[i].run);
			assert_int_equal(f->ev[i].up, row->expect[i].up);
		}
		xvrrp_scripts_free(s);      /* kills the hanging run */
	}
	assert_no_children();
}

/* ---- timeout kills the process group ---- */

static void test_timeout_kills_group(void **state)
{
	struct fixture *f = *state;
	char script[160], shpid[160], sleeppid[160], body[2048];
	size_t one = 1;
	struct xvrrp_scripts *s;
	pid_t sh, sl;
	int status = 0;
	uint64_t start, end;

	REQUIRE_ROOT();
	/* The shell's own child is orphaned when the shell dies: adopt it to see how it died. */
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	snprintf(script, sizeof(script), "%s/hang.sh", f->dir);
	snprintf(shpid, sizeof(shpid), "%s/hang.shpid", f->dir);
	snprintf(sleeppid, sizeof(sleeppid), "%s/hang.sleeppid", f->dir);
	unlink(sleeppid);
	snprintf(body, sizeof(body), "echo $$ > %s\nsleep 30 &\necho $! > %s\nwait", shpid,
		 sleeppid);
	make_script(script, body, 0755, false);
	cfg_reset(f, script, false);
	f->sc[0].interval_ms = 5000;
	f->sc[0].timeout_ms = 300;
	s = scripts_new(f);
	start = now_ns();
	assert_true(drive(f, s, done_n_events, &one, 10000));
	assert_false(f->ev[0].up);
	assert_true(f->ev[0].at - start >= 300 * NS_PER_MS);
	assert_true(f->ev[0].at - start < 5000 * NS_PER_MS);
	sh = (pid_t)read_long(shpid);
	sl = (pid_t)read_long(sleeppid);
	assert_true(sh > 0 && sl > 0);
	assert_false(pid_exists(sh));           /* the shell: killed and reaped by the module */
	end = now_ns() + 5000 * NS_PER_MS;      /* its child: killed with the group */
	while (waitpid(sl, &status, WNOHANG) == 0 && now_ns() < end)
		poll(NULL, 0, 10);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	xvrrp_scripts_free(s);
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 0), 0);
	assert_no_children();
}

/* ---- never two runs of one check at once ---- */

static void test_no_overlap(void **state)
{
	struct fixture *f = *state;
	char script[160], lock[160], log[160], body[2048], *t;
	struct xvrrp_scripts *s;
	size_t runs;

	REQUIRE_ROOT();
	snprintf(script, sizeof(script), "%s/slow.sh", f->dir);
	snprintf(lock, sizeof(lock), "%s/slow.lock", f->dir);
	snprintf(log, sizeof(log), "%s/slow.log", f->dir);
	unlink(log);
	rmdir(lock);
	/* mkdir is atomic: a second concurrent run finds the lock taken. */
	snprintf(body, sizeof(body),
		 "mkdir %s 2>/dev/null || { echo overlap >> %s; exit 1; }\n"
		 "sleep 0.3\nrmdir %s\necho run >> %s", lock, log, lock, log);
	make_script(script, body, 0755, false);
	cfg_reset(f, script, false);
	f->sc[0].interval_ms = 50;      /* due six times per run */
	f->sc[0].timeout_ms = 5000;
	s = scripts_new(f);
	drive(f, s, done_never, NULL, 1500);
	xvrrp_scripts_free(s);
	t = read_text(log);
	assert_non_null(t);
	assert_null(strstr(t, "overlap"));
	runs = count_lines(log);
	assert_true(runs >= 2 && runs <= 5);
	assert_int_equal(f->n_ev, 0);
	free(t);
	assert_no_children();
}

/* ---- deadlines, on a clock the test controls ---- */

static void test_next_deadline(void **state)
{
	struct fixture *f = *state;
	char script[160];
	struct xvrrp_scripts *s;
	uint64_t t0 = now_ns();

	REQUIRE_ROOT();
	snprintf(script, sizeof(script), "%s/sleeper.sh", f->dir);
	make_script(script, "sleep 30", 0755, false);

	cfg_reset(f, script, true);             /* untracked: never run, no deadline */
	s = scripts_new(f);
	assert_int_equal(xvrrp_scripts_next_deadline(s), 0);
	assert_non_null(strstr(f->log, "test.conf:7: vrrp_script chk is not tracked"));
	xvrrp_scripts_run(s, t0);
	assert_int_equal(xvrrp_scripts_next_deadline(s), 0);
	xvrrp_scripts_free(s);

	cfg_reset(f, script, false);
	f->sc[0].interval_ms = 1000;
	f->sc[0].timeout_ms = 500;
	s = scripts_new(f);
	assert_true(xvrrp_scripts_next_deadline(s) != 0);      /* due at once */
	assert_true(xvrrp_scripts_next_deadline(s) <= t0);
	xvrrp_scripts_run(s, t0);                               /* started */
	assert_int_equal(xvrrp_scripts_next_deadline(s), t0 + 500 * NS_PER_MS);
	xvrrp_scripts_run(s, t0 + 499 * NS_PER_MS);             /* not yet */
	assert_int_equal(xvrrp_scripts_next_deadline(s), t0 + 500 * NS_PER_MS);
	xvrrp_scripts_run(s, t0 + 500 * NS_PER_MS);             /* killed: next start is next */
	assert_int_equal(xvrrp_scripts_next_deadline(s), t0 + 1000 * NS_PER_MS);
	/* Reap only (no run: the test's clock stands still at t0 + 500 ms). */
	for (uint64_t end = now_ns() + 5000 * NS_PER_MS; !f->n_ev && now_ns() < end;) {
		poll(NULL, 0, 10);
		xvrrp_scripts_reap(s, t0 + 500 * NS_PER_MS);
	}
	assert_int_equal(f->n_ev, 1);
	assert_false(f->ev[0].up);
	xvrrp_scripts_run(s, t0 + 1000 * NS_PER_MS);            /* second run */
	assert_int_equal(xvrrp_scripts_next_deadline(s), t0 + 1500 * NS_PER_MS);
	xvrrp_scripts_free(s);
	assert_no_children();
}

/* ---- notify: argument passing and command-line quoting ---- */

struct notify_row {
	const char *what;
	const char *cmd_tail;   /* appended to the script's path in the command line */
	const char *args[4];
	size_t n_args;
	int expect_rc;          /* 0 = a pid */
	const char *expect;     /* one argument per line */
};

static const struct notify_row notify_rows[] = {
	{ "notify: TYPE NAME STATE PRIORITY, in that order", "",
	  { "INSTANCE", "VI_1", "MASTER", "100" }, 4, 0, "INSTANCE\nVI_1\nMASTER\n100\n" },
	{ "notify for a sync group", "", { "GROUP", "G1", "BACKUP", "0" }, 4, 0,
	  "GROUP\nG1\nBACKUP\n0\n" },
	{ "notify_master: no arguments", "", { 0 }, 0, 0, "" },
	{ "configured arguments come first", " master 'a b'",
	  { "INSTANCE", "VI_1", "FAULT", "50" }, 4, 0, "master\na b\nINSTANCE\nVI_1\nFAULT\n50\n" },
	{ "double quotes group words, keep inner spaces", " \"x  y\" z", { 0 }, 0, 0,
	  "x  y\nz\n" },
	{ "quoted parts glue to unquoted text", " a'b c'd", { 0 }, 0, 0, "ab cd\n" },
	{ "an empty quoted word is an argument", " '' x", { 0 }, 0, 0, "\nx\n" },
	{ "the other quote is literal inside quotes", " \"it's\" 'say \"hi\"'", { 0 }, 0, 0,
	  "it's\nsay \"hi\"\n" },
	{ "tabs and runs of blanks separate", " \t a \t  b  ", { 0 }, 0, 0, "a\nb\n" },
	{ "no shell: $ and ; are plain characters", " '$HOME;' `x`", { 0 }, 0, 0,
	  "$HOME;\n`x`\n" },
	{ "unterminated quote is refused", " 'a b", { "INSTANCE", "VI_1", "MASTER", "100" }, 4,
	  -EINVAL, NULL },
};

static void test_notify_args(void **state)
{
	struct fixture *f = *state;
	char script[160], out[160], tmp[160], body[2048];

	REQUIRE_ROOT();
	snprintf(script, sizeof(script), "%s/notify.sh", f->dir);
	snprintf(out, sizeof(out), "%s/notify.out", f->out);
	snprintf(tmp, sizeof(tmp), "%s/notify.tmp", f->out);
	snprintf(body, sizeof(body),
		 "for a in \"$@\"; do printf '%%s\\n' \"$a\"; done > %s\nmv %s %s", tmp, tmp, out);
	make_script(script, body, 0755, false);
	for (size_t r = 0; r < sizeof(notify_rows) / sizeof(notify_rows[0]); r++) {
		const struct notify_row *row = &notify_rows[r];
		struct { const char *path; size_t n; } want = { out, 0 };
		char cmd[256], *got;
		struct xvrrp_scripts *s;
		pid_t pid;

		print_message("row: %s\n", row->what);
		unlink(out);
		snprintf(cmd, sizeof(cmd), "%s%s", script, row->cmd_tail);
		cfg_reset(f, script, true);
		s = scripts_new(f);
		pid = xvrrp_scripts_notify(s, cmd, row->args, row->n_args);
		if (row->expect_rc) {
			assert_int_equal(pid, row->expect_rc);
			drive(f, s, done_never, NULL, 200);
			assert_null(read_text(out));
			xvrrp_scripts_free(s);
			continue;
		}
		assert_true(pid > 0);
		/* Returns at once; the child is reaped on SIGCHLD. */
		assert_true(drive(f, s, done_pid_gone, &pid, 5000));
		assert_true(drive(f, s, done_lines, &want, 5000));
		got = read_text(out);
		assert_non_null(got);
		assert_string_equal(got, row->expect);
		free(got);
		xvrrp_scripts_free(s);
	}
	assert_no_children();
}

/* ---- what a child inherits ---- */

static void test_child_environment(void **state)
{
	struct fixture *f = *state;
	char script[160], out[160], body[2048], *got;
	struct { const char *path; size_t n; } want = { out, 7 };
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	struct xvrrp_scripts *s;
	pid_t pid;
	int leak;

	REQUIRE_ROOT();
	snprintf(script, sizeof(script), "%s/env.sh", f->dir);
	snprintf(out, sizeof(out), "%s/env.out", f->out);
	unlink(out);
	snprintf(body, sizeof(body),
		 "fd0=$(readlink /proc/$$/fd/0) fd1=$(readlink /proc/$$/fd/1) fd2=$(readlink /proc/$$/fd/2)\n"
		 "{ printf '%%s\\n' \"$fd0\" \"$fd1\" \"$fd2\"\n"
		 "  [ -e /proc/$$/fd/42 ] && echo fd42-leaked || echo fd42-closed\n"
		 "  grep -E '^Sig(Blk|Ign):' /proc/$$/status | tr -d ' \\t'\n"
		 "  [ \"$(cut -d' ' -f5 /proc/$$/stat)\" = $$ ] && echo own-pgrp || echo shared-pgrp\n"
		 "} > %s.tmp; mv %s.tmp %s", out, out, out);
	make_script(script, body, 0755, false);
	/* A descriptor without O_CLOEXEC, and an ignored signal, in the parent. */
	leak = open("/dev/zero", O_RDONLY);
	assert_true(leak >= 0);
	assert_int_equal(dup2(leak, 42), 42);
	sigaction(SIGPIPE, &ign, &old);
	cfg_reset(f, script, true);
	s = scripts_new(f);
	pid = xvrrp_scripts_notify(s, script, NULL, 0);
	sigaction(SIGPIPE, &old, NULL);
	close(42);
	close(leak);
	assert_true(pid > 0);
	assert_true(drive(f, s, done_lines, &want, 5000));
	assert_true(drive(f, s, done_pid_gone, &pid, 5000));
	got = read_text(out);
	assert_non_null(got);
	/*
	 * Signals 32 and 33 are glibc's own (cancellation, setxid): sigaction()
	 * refuses them, so whatever ignored them in our parent (make does) is
	 * inherited through exec by any program. Every other one must be reset.
	 */
	{
		unsigned long long ignored = 0;
		char *p = strstr(got, "SigIgn:");

		assert_non_null(p);
		ignored = strtoull(p + strlen("SigIgn:"), NULL, 16);
		assert_int_equal(ignored & ~0x180000000ULL, 0);
		memcpy(p + strlen("SigIgn:"), "0000000000000000", 16);
	}
	assert_string_equal(got, "/dev/null\n/dev/null\n/dev/null\nfd42-closed\n"
				 "SigBlk:0000000000000000\nSigIgn:0000000000000000\nown-pgrp\n");
	free(got);
	xvrrp_scripts_free(s);
	assert_no_children();
}

/* ---- script security ---- */

enum owner { ROOT, NOBODY };

struct security_row {
	const char *what;
	bool security;                  /* enable_script_security */
	const char *user;               /* per-script user, "" = default (root here) */
	mode_t dir_mode;
	mode_t file_mode;
	enum owner file_owner;
	bool file_group_nogroup;        /* file's group is nogroup instead of root */
	bool missing;                   /* the script does not exist */
	bool expect_run;
	const char *expect_log;         /* substring of the start-up log, NULL = none */
	const char *forbid_log;         /* must not appear */
};

static const struct security_row security_rows[] = {
	{ "safe script runs", true, "", 0755, 0755, ROOT, false, false, true, NULL,
	  "unsafe" },
	{ "world-writable script refused as root", true, "", 0755, 0777, ROOT, false, false,
	  false, "test.conf:7: vrrp_script chk: unsafe permissions found for script", NULL },
	{ "... with the reason and 'disabling'", true, "", 0755, 0777, ROOT, false, false,
	  false, "can be modified by a non-root user) - disabling", NULL },
	{ "without script security it runs, with a warning", false, "", 0755, 0777, ROOT, false,
	  false, true, "test.conf:7: vrrp_script chk: unsafe permissions found", "disabling" },
	{ "... and keepalived's SECURITY VIOLATION", false, "", 0755, 0777, ROOT, false, false,
	  true, "SECURITY VIOLATION - scripts are being executed but enable_script_security is not set; there are insecure scripts",
	  NULL },
	{ "SECURITY VIOLATION also for safe scripts", false, "", 0755, 0755, ROOT, false, false,
	  true, "SECURITY VIOLATION", "insecure" },
	{ "no SECURITY VIOLATION with script security", true, "", 0755, 0755, ROOT, false, false,
	  true, NULL, "SECURITY VIOLATION" },
	{ "world-writable directory on the path refused", true, "", 0777, 0755, ROOT, false,
	  false, false, "/sec' can be modified by a non-root user) - disabling", NULL },
	{ "sticky world-writable directory is fine (like /tmp)", true, "", 01777, 0755, ROOT,
	  false, false, true, NULL, "unsafe" },
	{ "script owned by another user refused", true, "", 0755, 0755, NOBODY, false, false,
	  false, "unsafe permissions", NULL },
	{ "group-writable, non-root group refused", true, "", 0755, 0775, ROOT, true, false,
	  false, "unsafe permissions", NULL },
	{ "group-writable, root group is fine", true, "", 0755, 0775, ROOT, false, false, true,
	  NULL, "unsafe" },
	{ "unsafe but run as nobody: no root, no check", true, "nobody", 0755, 0777, ROOT,
	  false, false, true, NULL, "unsafe" },
	{ "not executable: disabled", false, "", 0755, 0644, ROOT, false, false, false,
	  "test.conf:7: vrrp_script chk: script '", "unsafe" },
	{ "... for the script's uid:gid", false, "", 0755, 0644, ROOT, false, false, false,
	  "is not executable for uid:gid 0:0 - disabling", NULL },
	{ "missing script: disabled", false, "", 0755, 0755, ROOT, false, true, false,
	  "test.conf:7: vrrp_script chk: cannot access script", NULL },
};

static void test_security(void **state)
{
	struct fixture *f = *state;
	struct passwd *pw = getpwnam("nobody");
	struct group *gr = getgrnam("nogroup");
	uid_t nobody;
	gid_t nogroup;

	REQUIRE_ROOT();
	assert_non_null(pw);
	assert_non_null(gr);
	nobody = pw->pw_uid;            /* getpwnam's storage is reused by the module */
	nogroup = gr->gr_gid;
	for (size_t r = 0; r < sizeof(security_rows) / sizeof(security_rows[0]); r++) {
		const struct security_row *row = &security_rows[r];
		char dir[160], script[200], runs[160], body[2048];
		size_t one = 1;
		struct xvrrp_scripts *s;

		print_message("row: %s\n", row->what);
		snprintf(dir, sizeof(dir), "%s/sec", f->dir);
		snprintf(script, sizeof(script), "%s/chk.sh", dir);
		snprintf(runs, sizeof(runs), "%s/sec.runs", f->out);
		unlink(script);
		unlink(runs);
		rmdir(dir);
		assert_int_equal(mkdir(dir, 0700), 0);
		assert_int_equal(chmod(dir, row->dir_mode), 0);
		snprintf(body, sizeof(body), "echo run >> %s\nexit 0", runs);
		if (!row->missing) {
			make_script(script, body, row->file_mode, false);
			assert_int_equal(chown(script, row->file_owner == NOBODY ? nobody : 0,
					       row->file_group_nogroup ? nogroup : 0), 0);
			assert_int_equal(chmod(script, row->file_mode), 0);
		}
		cfg_reset(f, script, false);
		f->cfg.enable_script_security = row->security;
		snprintf(f->cfg.script_user, sizeof(f->cfg.script_user), "root");
		snprintf(f->sc[0].user, sizeof(f->sc[0].user), "%s", row->user);
		f->sc[0].init_fail = true;
		s = scripts_new(f);
		if (row->expect_log && !strstr(f->log, row->expect_log))
			fail_msg("log lacks \"%s\":\n%s", row->expect_log, f->log);
		if (row->forbid_log && strstr(f->log, row->forbid_log))
			fail_msg("log has \"%s\":\n%s", row->forbid_log, f->log);
		if (row->expect_run) {
			assert_true(drive(f, s, done_n_events, &one, 5000));
			assert_true(f->ev[0].up);
			assert_true(count_lines(runs) >= 1);
		} else {
			/* A refused check never runs and stays failed. */
			assert_int_equal(xvrrp_scripts_next_deadline(s), 0);
			drive(f, s, done_never, NULL, 300);
			assert_int_equal(f->n_ev, 0);
			assert_false(xvrrp_script_up(s, 0));
			assert_int_equal(count_lines(runs), 0);
		}
		xvrrp_scripts_free(s);
		unlink(script);
		rmdir(dir);
	}
	assert_no_children();
}

/*
 * A path whose components are all root's can still lead, through a symlink,
 * to a file that another user can replace: the resolved path is checked too
 * (every component), and a link not owned by root is not trusted either.
 */
struct link_row {
	const char *what;
	const char *path;               /* relative to the fixture's dir: what the config names */
	bool expect_run;
	const char *expect_log;
};

static const struct link_row link_rows[] = {
	{ "link to a root file in a user's directory", "safe/chk.sh", false,
	  "/userdir' can be modified by a non-root user) - disabling" },
	{ "symlinked directory into a user's directory", "safe/via/chk-real.sh", false,
	  "/userdir' can be modified by a non-root user) - disabling" },
	{ "link owned by another user", "safe/nobody-link.sh", false,
	  "/safe/nobody-link.sh' can be modified by a non-root user) - disabling" },
	{ "link to a safe root script runs", "safe/good-link.sh", true, NULL },
};

static void test_security_symlinks(void **state)
{
	struct fixture *f = *state;
	struct passwd *pw = getpwnam("nobody");
	char safe[160], user[160], p[240], q[240], runs[160], body[512];
	uid_t nobody;

	REQUIRE_ROOT();
	assert_non_null(pw);
	nobody = pw->pw_uid;
	snprintf(safe, sizeof(safe), "%s/safe", f->dir);
	snprintf(user, sizeof(user), "%s/userdir", f->dir);
	snprintf(runs, sizeof(runs), "%s/link.runs", f->out);
	assert_int_equal(mkdir(safe, 0755), 0);
	assert_int_equal(mkdir(user, 0755), 0);
	assert_int_equal(chown(user, nobody, 0), 0);   /* nobody may replace what is in it */
	snprintf(body, sizeof(body), "echo run >> %s\nexit 0", runs);
	snprintf(p, sizeof(p), "%s/chk-real.sh", user);
	make_script(p, body, 0755, false);              /* root's file, nobody's directory */
	snprintf(q, sizeof(q), "%s/chk.sh", safe);
	assert_int_equal(symlink(p, q), 0);
	snprintf(q, sizeof(q), "%s/via", safe);
	assert_int_equal(symlink(user, q), 0);
	snprintf(p, sizeof(p), "%s/good.sh", safe);
	make_script(p, body, 0755, false);
	snprintf(q, sizeof(q), "%s/good-link.sh", safe);
	assert_int_equal(symlink(p, q), 0);
	snprintf(q, sizeof(q), "%s/nobody-link.sh", safe);
	assert_int_equal(symlink(p, q), 0);
	assert_int_equal(lchown(q, nobody, 0), 0);
	for (size_t r = 0; r < sizeof(link_rows) / sizeof(link_rows[0]); r++) {
		const struct link_row *row = &link_rows[r];
		char path[240];
		size_t one = 1;
		struct xvrrp_scripts *s;

		print_message("row: %s\n", row->what);
		unlink(runs);
		snprintf(path, sizeof(path), "%s/%s", f->dir, row->path);
		cfg_reset(f, path, false);
		f->cfg.enable_script_security = true;
		snprintf(f->cfg.script_user, sizeof(f->cfg.script_user), "root");
		f->sc[0].init_fail = true;
		s = scripts_new(f);
		if (row->expect_log && !strstr(f->log, row->expect_log))
			fail_msg("log lacks \"%s\":\n%s", row->expect_log, f->log);
		if (row->expect_run) {
			assert_true(drive(f, s, done_n_events, &one, 5000));
			assert_true(f->ev[0].up);
			assert_true(count_lines(runs) >= 1);
		} else {
			assert_int_equal(xvrrp_scripts_next_deadline(s), 0);
			drive(f, s, done_never, NULL, 300);
			assert_int_equal(count_lines(runs), 0);
		}
		xvrrp_scripts_free(s);
	}
	assert_no_children();
}

static bool done_no_children(struct fixture *f, const void *arg)
{
	pid_t pids[4];

	(void)f;
	(void)arg;
	return list_children(pids, 4) == 0;
}

/*
 * A reload replaces the runner while a check runs: the old one kills it and
 * returns at once (never waiting: a check stuck in the kernel would stop the
 * loop), and the new runner reaps it.
 */
static void test_reload_running_check(void **state)
{
	struct fixture *f = *state;
	struct xvrrp_scripts *old, *next;
	pid_t pids[4];
	uint64_t t0;

	cfg_reset(f, "/bin/sleep 30", false);
	old = scripts_new(f);
	xvrrp_scripts_run(old, now_ns());
	assert_int_equal(list_children(pids, 4), 1);
	next = scripts_new(f);
	t0 = now_ns();
	xvrrp_scripts_adopt(next, old);
	xvrrp_scripts_free(old);
	assert_true(now_ns() - t0 < 100 * NS_PER_MS);
	/* Only reaped, never run: the new runner's own check does not start here. */
	for (int i = 0; i < 200 && !done_no_children(f, NULL); i++) {
		xvrrp_scripts_reap(next, now_ns());
		usleep(10000);
	}
	assert_true(done_no_children(f, NULL));
	xvrrp_scripts_free(next);
	assert_no_children();
}

/* Notify commands are vetted at start-up too, reported with their instance's file:line. */
static void test_notify_security(void **state)
{
	struct fixture *f = *state;
	char script[160], out[160], body[2048];
	const char *const args[] = { "INSTANCE", "VI_1", "MASTER", "100" };

	REQUIRE_ROOT();
	snprintf(script, sizeof(script), "%s/insecure-notify.sh", f->dir);
	snprintf(out, sizeof(out), "%s/insecure-notify.out", f->out);
	snprintf(body, sizeof(body), "echo \"$@\" > %s", out);
	make_script(script, body, 0777, false);
	for (int security = 1; security >= 0; security--) {
		struct xvrrp_notify_cfg notify = { .notify_master = script };
		struct xvrrp_scripts *s;
		pid_t pid;

		print_message("row: insecure notify_master, enable_script_security %s\n",
			      security ? "on: refused" : "off: runs");
		unlink(out);
		cfg_reset(f, script, true);
		f->inst.notify = notify;
		f->cfg.enable_script_security = security;
		snprintf(f->cfg.script_user, sizeof(f->cfg.script_user), "root");
		s = scripts_new(f);
		if (!strstr(f->log, "test.conf:20: vrrp_instance VI_1 notify_master: unsafe permissions"))
			fail_msg("log:\n%s", f->log);
		pid = xvrrp_scripts_notify(s, script, args, 4);
		if (security) {
			assert_int_equal(pid, -EPERM);
			drive(f, s, done_never, NULL, 200);
			assert_null(read_text(out));
		} else {
			struct { const char *path; size_t n; } want = { out, 1 };
			char *got;

			assert_true(pid > 0);
			assert_true(drive(f, s, done_lines, &want, 5000));
			assert_true(drive(f, s, done_pid_gone, &pid, 5000));
			got = read_text(out);
			assert_string_equal(got, "INSTANCE VI_1 MASTER 100\n");
			free(got);
		}
		xvrrp_scripts_free(s);
	}
	assert_no_children();
}

/* ---- privilege drop ---- */

struct priv_row {
	const char *what;
	const char *global_user, *global_group;
	const char *user, *group;
	bool via_notify;
	const char *expect_user;        /* NULL: refused */
	const char *expect_group;       /* the only group */
	const char *expect_log;
};

static const struct priv_row priv_rows[] = {
	{ "vrrp_script user nobody", "root", "", "nobody", "", false, "nobody", "nogroup", NULL },
	{ "vrrp_script user nobody daemon", "root", "", "nobody", "daemon", false, "nobody",
	  "daemon", NULL },
	{ "global script_user nobody", "nobody", "", "", "", false, "nobody", "nogroup", NULL },
	{ "global script_user nobody daemon", "nobody", "daemon", "", "", false, "nobody",
	  "daemon", NULL },
	{ "the script's user overrides script_user", "nobody", "", "root", "", false, "root",
	  "root", NULL },
	{ "notify scripts run as script_user", "nobody", "", "", "", true, "nobody", "nogroup",
	  NULL },
	{ "unknown user: refused", "root", "", "no-such-user-xvrrp", "", false, NULL, NULL,
	  "test.conf:7: vrrp_script chk: script user 'no-such-user-xvrrp' does not exist" },
};

static void test_privilege_drop(void **state)
{
	struct fixture *f = *state;
	/* Supplementary groups of our own that no script may keep. */
	const gid_t ours[] = { 0, 6 };
	gid_t saved[64];
	int n_saved;

	REQUIRE_ROOT();
	n_saved = getgroups(64, saved);
	assert_true(n_saved >= 0);
	assert_int_equal(setgroups(2, ours), 0);
	for (size_t r = 0; r < sizeof(priv_rows) / sizeof(priv_rows[0]); r++) {
		const struct priv_row *row = &priv_rows[r];
		char script[160], out[160], body[2048], expect[128], *got;
		struct { const char *path; size_t n; } want = { out, 3 };
		struct xvrrp_scripts *s;
		pid_t pid;

		print_message("row: %s\n", row->what);
		snprintf(script, sizeof(script), "%s/id.sh", f->dir);
		snprintf(out, sizeof(out), "%s/id.out", f->out);
		unlink(out);
		snprintf(body, sizeof(body),
			 "{ id -un; id -gn; id -Gn; } > %s.tmp.$$; mv %s.tmp.$$ %s", out, out, out);
		make_script(script, body, 0755, false);
		cfg_reset(f, script, row->via_notify);
		snprintf(f->cfg.script_user, sizeof(f->cfg.script_user), "%s", row->global_user);
		snprintf(f->cfg.script_group, sizeof(f->cfg.script_group), "%s", row->global_group);
		snprintf(f->sc[0].user, sizeof(f->sc[0].user), "%s", row->user);
		snprintf(f->sc[0].group, sizeof(f->sc[0].group), "%s", row->group);
		f->cfg.enable_script_security = true;
		s = scripts_new(f);
		if (row->expect_log && !strstr(f->log, row->expect_log))
			fail_msg("log lacks \"%s\":\n%s", row->expect_log, f->log);
		if (!row->expect_user) {
			assert_int_equal(xvrrp_scripts_next_deadline(s), 0);
			assert_false(xvrrp_script_up(s, 0));
			xvrrp_scripts_free(s);
			continue;
		}
		if (row->via_notify) {
			pid = xvrrp_scripts_notify(s, script, NULL, 0);
			assert_true(pid > 0);
			assert_true(drive(f, s, done_pid_gone, &pid, 5000));
		}
		assert_true(drive(f, s, done_lines, &want, 5000));
		got = read_text(out);
		snprintf(expect, sizeof(expect), "%s\n%s\n%s\n", row->expect_user,
			 row->expect_group, row->expect_group);
		assert_string_equal(got, expect);
		free(got);
		drive(f, s, done_never, NULL, 100);
		xvrrp_scripts_free(s);
	}
	assert_int_equal(setgroups((size_t)n_saved, saved), 0);
	assert_no_children();
}

/* The default user is keepalived_script when it exists, else root with keepalived's warning. */
static void test_default_user(void **state)
{
	struct fixture *f = *state;
	struct passwd *pw = getpwnam("keepalived_script");
	bool ks = pw != NULL;
	uid_t ks_uid = pw ? pw->pw_uid : 0;     /* copied: the module reuses getpwnam's storage */
	char script[160], out[160], body[2048], expect[64], *got;
	struct { const char *path; size_t n; } want = { out, 1 };
	struct xvrrp_scripts *s;

	REQUIRE_ROOT();
	snprintf(script, sizeof(script), "%s/whoami.sh", f->dir);
	snprintf(out, sizeof(out), "%s/whoami.out", f->out);
	unlink(out);
	snprintf(body, sizeof(body), "id -u > %s.tmp; mv %s.tmp %s", out, out, out);
	make_script(script, body, 0755, false);
	cfg_reset(f, script, false);
	f->cfg.enable_script_security = true;
	s = scripts_new(f);
	if (ks) {
		assert_null(strstr(f->log, "does not exist"));
	} else if (!strstr(f->log, "default user 'keepalived_script' for script execution does not exist")) {
		fail_msg("log:\n%s", f->log);
	}
	assert_true(drive(f, s, done_lines, &want, 5000));
	got = read_text(out);
	snprintf(expect, sizeof(expect), "%u\n", (unsigned int)ks_uid);
	assert_string_equal(got, expect);
	free(got);
	xvrrp_scripts_free(s);
	assert_no_children();
}

/* ---- reaping: our children only, never blocking, no zombies ---- */

static void test_reap_own_children_only(void **state)
{
	struct fixture *f = *state;
	char script[160];
	pid_t other, notified[3];
	size_t three = 3;
	struct xvrrp_scripts *s;
	int status = 0;
	uint64_t t;

	REQUIRE_ROOT();
	snprintf(script, sizeof(script), "%s/quick.sh", f->dir);
	make_script(script, "exit 0", 0755, false);
	/* Someone else's child: exits at once, a zombie until its owner waits. */
	other = fork();
	if (other == 0)
		_exit(7);
	assert_true(other > 0);
	cfg_reset(f, script, false);
	f->sc[0].init_fail = true;
	f->sc[0].interval_ms = 20;
	s = scripts_new(f);
	for (int i = 0; i < 3; i++) {
		notified[i] = xvrrp_scripts_notify(s, script, NULL, 0);
		assert_true(notified[i] > 0);
	}
	/* reap() must return at once with children still running. */
	t = now_ns();
	xvrrp_scripts_reap(s, t);
	assert_true(now_ns() - t < 100 * NS_PER_MS);
	drive(f, s, done_n_events, &three, 500);        /* checks run ~25 times meanwhile */
	for (int i = 0; i < 3; i++)
		assert_true(drive(f, s, done_pid_gone, &notified[i], 5000));
	xvrrp_scripts_free(s);
	/* The other child was not stolen: still ours to wait for, with its status. */
	assert_int_equal(waitpid(other, &status, WNOHANG), other);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 7);
	assert_no_children();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_results, test_teardown),
		cmocka_unit_test_teardown(test_rise_fall, test_teardown),
		cmocka_unit_test_teardown(test_timeout_kills_group, test_teardown),
		cmocka_unit_test_teardown(test_no_overlap, test_teardown),
		cmocka_unit_test_teardown(test_next_deadline, test_teardown),
		cmocka_unit_test_teardown(test_notify_args, test_teardown),
		cmocka_unit_test_teardown(test_child_environment, test_teardown),
		cmocka_unit_test_teardown(test_security, test_teardown),
		cmocka_unit_test_teardown(test_security_symlinks, test_teardown),
		cmocka_unit_test_teardown(test_reload_running_check, test_teardown),
		cmocka_unit_test_teardown(test_notify_security, test_teardown),
		cmocka_unit_test_teardown(test_privilege_drop, test_teardown),
		cmocka_unit_test_teardown(test_default_user, test_teardown),
		cmocka_unit_test_teardown(test_reap_own_children_only, test_teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
