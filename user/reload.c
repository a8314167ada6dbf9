// SPDX-License-Identifier: GPL-2.0-only
/* Reading a reload's configuration off the event loop: see reload.h. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "reload.h"

struct waiters {
	uint64_t *v;
	size_t n;
};

struct xvrrp_reload {
	const char *path;
	const struct xvrrp_config_opts *opts;
	int efd;
	bool running;                   /* a thread reads; touched by the loop only */
	pthread_t thread;
	struct waiters current;         /* answered by the read in progress */
	struct waiters next;            /* asked during it: one more read */
	/* Written by the thread, read by the loop after the eventfd and the join. */
	struct xvrrp_reload_result out;
};

static int waiters_add(struct waiters *w, uint64_t id)
{
	uint64_t *v = realloc(w->v, (w->n + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	w->v = v;
	w->v[w->n++] = id;
	return 0;
}

static void *read_config(void *arg)
{
	struct xvrrp_reload *r = arg;
	size_t len = 0;
	FILE *err = open_memstream(&r->out.messages, &len);
	uint64_t one = 1;

	if (!err) {
		r->out.rc = -1;
	} else {
		r->out.rc = xvrrp_config_load_opts(r->path, r->opts, &r->out.cfg, err);
		fclose(err);
	}
	/* Cannot fail: an eventfd counter far below its maximum. */
	if (write(r->efd, &one, sizeof(one)) < 0)
		return NULL;
	return NULL;
}

static int start(struct xvrrp_reload *r)
{
	int err;

	memset(&r->out, 0, sizeof(r->out));
	err = pthread_create(&r->thread, NULL, read_config, r);
	if (err)
		return -err;
	r->running = true;
	return 0;
}

struct xvrrp_reload *xvrrp_reload_new(const char *path, const struct xvrrp_config_opts *opts)
{
	struct xvrrp_reload *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->path = path;
	r->opts = opts;
	r->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (r->efd < 0) {
		free(r);
		return NULL;
	}
	return r;
}

int xvrrp_reload_fd(const struct xvrrp_reload *r)
{
	return r->efd;
}

int xvrrp_reload_request(struct xvrrp_reload *r, uint64_t waiter)
{
	int err;

	if (r->running)
		return waiters_add(&r->next, waiter);
	err = waiters_add(&r->current, waiter);
	if (!err)
		err = start(r);
	if (err)
		r->current.n = 0;
	return err;
}

int xvrrp_reload_collect(struct xvrrp_reload *r, struct xvrrp_reload_result *res)
{
	uint64_t n;

	if (read(r->efd, &n, sizeof(n)) != sizeof(n) || !r->running)
		return 0;
	pthread_join(r->thread, NULL);
	r->running = false;
	*res = r->out;
	if (!res->messages)
		res->messages = strdup("");
	res->waiters = r->current.v;
	res->n_waiters = r->current.n;
	r->current = r->next;
	memset(&r->next, 0, sizeof(r->next));
	if (r->current.n && start(r)) {
		/* No thread: these are answered by the next request's read. */
		r->next = r->current;
		memset(&r->current, 0, sizeof(r->current));
	}
	return 1;
}

void xvrrp_reload_result_free(struct xvrrp_reload_result *res)
{
	if (res->rc == 0)
		xvrrp_config_free(&res->cfg);
	free(res->messages);
	free(res->waiters);
	memset(res, 0, sizeof(*res));
}

void xvrrp_reload_free(struct xvrrp_reload *r)
{
	if (!r)
		return;
	if (r->running) {
		pthread_join(r->thread, NULL);
		xvrrp_reload_result_free(&r->out);
	}
	free(r->current.v);
	free(r->next.v);
	close(r->efd);
	free(r);
}
