/* fc-scheduler-lock.c: one process per data folder runs the schedules
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app in the background and fluxcascade-cli serve may both be started on the same data
 * folder; if both ran the schedules, each due mapping would sync twice and every outbound
 * webhook of those runs would be sent twice. The scheduler that runs the schedules holds an
 * exclusive flock () on FC_SCHEDULER_LOCK_FILE_NAME in the data folder and writes its process id
 * and name into it ("1234\nfluxcascade-cli serve\n"). The kernel lets the lock go when that
 * file is closed, so also when the process is killed; a stale name left in the file means
 * nothing. flock () locks belong to the open file description, so two schedulers in one
 * process, each with its own open (), exclude each other too.
 *
 * A scheduler that cannot take the lock is in standby: it says why ("standby-reason"), follows
 * the plan the other process keeps in the store, and tries again every "lock-retry-interval".
 */

#define G_LOG_DOMAIN "fc-scheduler"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fc-scheduler-private.h"

/* The most of the lock file that is read, and the longest process name shown. */
#define HOLDER_MAX_BYTES 256
#define HOLDER_NAME_MAX_CHARS 64

static char *
dup_lock_path (FcScheduler *self)
{
  return g_build_filename (fc_engine_get_data_dir (self->engine), FC_SCHEDULER_LOCK_FILE_NAME,
                           NULL);
}

static void
set_standby_reason (FcScheduler *self,
                    const char  *reason)
{
  if (g_strcmp0 (self->standby_reason, reason) == 0)
    return;

  if (reason != NULL)
    g_message ("Standing by: %s", reason);
  g_free (self->standby_reason);
  self->standby_reason = g_strdup (reason);
  g_object_notify (G_OBJECT (self), "standby-reason");
}

/* Says which process this is, for the others; the lock holds even if this fails. */
static void
write_holder (FcScheduler *self,
              int          fd,
              const char  *path)
{
  const char *name = self->process_name != NULL ? self->process_name : g_get_prgname ();
  g_autofree char *text = g_strdup_printf ("%d\n%s\n", (int) getpid (),
                                           name != NULL ? name : "fluxcascade");
  gsize length = strlen (text);

  if (ftruncate (fd, 0) != 0 || pwrite (fd, text, length, 0) != (gssize) length)
    g_warning ("Could not write which process runs the schedules into %s: %s", path,
               g_strerror (errno));
}

/* The process name as the holder wrote it, made fit to show: valid UTF-8, one line, short. */
static char *
sanitize_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  GString *clean = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0' && n < HOLDER_NAME_MAX_CHARS;
       p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (clean, g_unichar_iscntrl (c) ? ' ' : c);
    }
  g_strstrip (clean->str);
  clean->len = strlen (clean->str);
  return g_string_free (clean, clean->len == 0);
}

/* Why this scheduler stands by, from what the holder of the lock wrote into @fd. */
static char *
dup_holder_reason (int fd)
{
  char buffer[HOLDER_MAX_BYTES + 1];
  g_auto (GStrv) lines = NULL;
  g_autofree char *name = NULL;
  gssize length;
  gint64 pid = 0;

  length = pread (fd, buffer, HOLDER_MAX_BYTES, 0);
  buffer[MAX (length, 0)] = '\0';
  lines = g_strsplit (buffer, "\n", 3);
  if (lines[0] != NULL && !g_ascii_string_to_signed (lines[0], 10, 1, G_MAXINT, &pid, NULL))
    pid = 0;
  if (lines[0] != NULL && lines[1] != NULL)
    name = sanitize_name (lines[1]);

  if (pid > 0 && name != NULL)
    /* Translators: the first %s names a program ("fluxcascade-cli serve"), %d is its process
     * id */
    return g_strdup_printf (_("Schedules run in another FluxCascade process (%s, process %d)"),
                            name, (int) pid);
  if (pid > 0)
    /* Translators: %d is a process id */
    return g_strdup_printf (_("Schedules run in another FluxCascade process (process %d)"),
                            (int) pid);
  return g_strdup (_("Schedules run in another FluxCascade process"));
}

static gboolean
on_lock_retry_cb (gpointer user_data)
{
  FcScheduler *self = user_data;

  self->lock_retry_id = 0;
  if (!self->started || self->engine == NULL)
    return G_SOURCE_REMOVE;

  if (_fc_scheduler_lock_try (self))
    _fc_scheduler_took_over (self);
  else
    /* Follow the plan of the process that runs the schedules, for whoever shows it. */
    _fc_scheduler_reload_plan (self);
  return G_SOURCE_REMOVE;
}

void
_fc_scheduler_lock_schedule_retry (FcScheduler *self)
{
  g_clear_handle_id (&self->lock_retry_id, g_source_remove);
  if (!self->started || self->lock_fd >= 0 || self->engine == NULL)
    return;
  self->lock_retry_id = g_timeout_add_full (G_PRIORITY_DEFAULT, self->lock_retry_ms,
                                            on_lock_retry_cb, self, NULL);
}

gboolean
_fc_scheduler_lock_try (FcScheduler *self)
{
  g_autofree char *path = NULL;
  g_autofree char *reason = NULL;
  int fd;

  if (self->lock_fd >= 0)
    return TRUE;
  if (self->engine == NULL)
    return FALSE;

  path = dup_lock_path (self);
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      /* Translators: the first %s is a file's path, the second why it cannot be opened */
      reason = g_strdup_printf (_("Schedules do not run: the lock file %s cannot be opened: %s"),
                                path, g_strerror (saved_errno));
    }
  else if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    {
      write_holder (self, fd, path);
      self->lock_fd = fd;
      g_clear_handle_id (&self->lock_retry_id, g_source_remove);
      g_debug ("This process runs the schedules of %s", fc_engine_get_data_dir (self->engine));
      set_standby_reason (self, NULL);
      return TRUE;
    }
  else
    {
      int saved_errno = errno;

      if (saved_errno == EWOULDBLOCK)
        reason = dup_holder_reason (fd);
      else
        /* Translators: the first %s is a file's path, the second why it cannot be locked */
        reason = g_strdup_printf (_("Schedules do not run: the lock file %s cannot be locked: "
                                    "%s"), path, g_strerror (saved_errno));
      close (fd);
    }

  set_standby_reason (self, reason);
  _fc_scheduler_lock_schedule_retry (self);
  return FALSE;
}

void
_fc_scheduler_lock_release (FcScheduler *self)
{
  g_clear_handle_id (&self->lock_retry_id, g_source_remove);
  if (self->lock_fd >= 0)
    {
      /* No name left behind for a process that no longer runs the schedules. */
      if (ftruncate (self->lock_fd, 0) != 0)
        g_debug ("Could not empty the scheduler's lock file: %s", g_strerror (errno));
      g_close (self->lock_fd, NULL);
      self->lock_fd = -1;
    }
  set_standby_reason (self, NULL);
}

void
_fc_scheduler_took_over (FcScheduler *self)
{
  g_message ("This process runs the schedules now");
  _fc_scheduler_reload_plan (self);
  fc_scheduler_catch_up (self, FC_SYNC_TRIGGER_STARTUP);
}
