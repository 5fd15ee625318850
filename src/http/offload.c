/*
 * offload.c — the writer pool: a few threads that run the requests which write, so
 * that the HTTP workers only ever run reads.
 *
 * A commit waits for its fsync (synchronous=FULL; tens of milliseconds on a busy
 * disk). Run on an MHD worker, that wait stalled every other connection of the
 * worker: with one worker per core, 50 writes a second left a 2-core server's lists
 * at a tenth of their speed (issue 13, "under writes"). The server now suspends the
 * connection of a request that is not a GET (MHD_suspend_connection), hands it to
 * this pool, and the pool thread runs it and resumes the connection, whose worker
 * then sends the answer. The databases serialise writers anyway (SQLite has one
 * write lock); the pool has more than one thread so a login's password hash or an
 * upload's checks overlap with another request's commit.
 *
 * Jobs are taken in order. offload_stop() lets the threads finish every job queued
 * before it returns, so no connection stays suspended when MHD stops.
 */
#include <pthread.h>
#include <stdlib.h>

#include "http.h"
#include "../core/util.h"
#include "../db/db.h"

#define OFFLOAD_MAX_THREADS 16

struct job {
	struct job *next;
	void (*fn)(void *arg);
	void *arg;
};

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static struct job *q_head, *q_tail;
static int q_running;		/* threads started and not told to stop */
static int q_stop;
static pthread_t q_threads[OFFLOAD_MAX_THREADS];
static unsigned q_nthreads;

/* A pool thread: runs jobs until told to stop and the queue is empty. */
static void *offload_main(void *unused)
{
	(void)unused;
	for (;;) {
		struct job *j;

		pthread_mutex_lock(&q_lock);
		while (!q_head && !q_stop)
			pthread_cond_wait(&q_cond, &q_lock);
		j = q_head;
		if (j) {
			q_head = j->next;
			if (!q_head)
				q_tail = NULL;
		}
		pthread_mutex_unlock(&q_lock);
		if (!j)
			break;	/* stopping, nothing left */
		j->fn(j->arg);
		free(j);
	}
	db_thread_close();	/* this thread's database connection */
	return NULL;
}

/* Starts n pool threads (at most OFFLOAD_MAX_THREADS). 0 ok, -1 none started. */
int offload_start(unsigned n)
{
	if (n > OFFLOAD_MAX_THREADS)
		n = OFFLOAD_MAX_THREADS;
	pthread_mutex_lock(&q_lock);
	q_stop = 0;
	pthread_mutex_unlock(&q_lock);
	for (q_nthreads = 0; q_nthreads < n; q_nthreads++)
		if (pthread_create(&q_threads[q_nthreads], NULL, offload_main, NULL))
			break;
	pthread_mutex_lock(&q_lock);
	q_running = q_nthreads > 0;
	pthread_mutex_unlock(&q_lock);
	return q_nthreads ? 0 : -1;
}

/* Queues fn(arg) for a pool thread: 0 queued, -1 the pool is not running (the
 * caller runs it itself). */
int offload_submit(void (*fn)(void *arg), void *arg)
{
	struct job *j = xmalloc(sizeof(*j));

	j->next = NULL;
	j->fn = fn;
	j->arg = arg;
	pthread_mutex_lock(&q_lock);
	if (!q_running) {
		pthread_mutex_unlock(&q_lock);
		free(j);
		return -1;
	}
	if (q_tail)
		q_tail->next = j;
	else
		q_head = j;
	q_tail = j;
	pthread_cond_signal(&q_cond);
	pthread_mutex_unlock(&q_lock);
	return 0;
}

/* Refuses new jobs, runs the queued ones and joins the threads. */
void offload_stop(void)
{
	pthread_mutex_lock(&q_lock);
	q_running = 0;
	q_stop = 1;
	pthread_cond_broadcast(&q_cond);
	pthread_mutex_unlock(&q_lock);
	for (unsigned i = 0; i < q_nthreads; i++)
		pthread_join(q_threads[i], NULL);
	q_nthreads = 0;
}
