/* fc-fuzz.h: what the libFuzzer targets share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every target is one file with LLVMFuzzerTestOneInput. Helpers here are static inline so that
 * each target stays a single translation unit.
 */

#pragma once

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Writes every message as GLib would, then aborts on a critical (a g_return_if_fail that failed)
 * or an error: reached from outside input, either is a bug, and abort () (unlike the breakpoint
 * trap GLib would raise) makes libFuzzer report it and keep the input. */
static inline GLogWriterOutput
fc_fuzz_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  GLogWriterOutput output = G_LOG_WRITER_HANDLED;

  if ((log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_WARNING)) != 0)
    output = g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  if ((log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)) != 0)
    abort ();
  return output;
}

/* Run once per process, at the start of every input. */
static inline void
fc_fuzz_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
      g_log_set_writer_func (fc_fuzz_log_writer, NULL, NULL);
      g_once_init_leave (&initialised, 1);
    }
}

/* Splits the input at its first newline: the line (NUL-terminated copy, without the newline)
 * and the rest as bytes. Without a newline the whole input is the line and the rest is empty. */
static inline char *
fc_fuzz_split_line (const uint8_t  *data,
                    size_t          size,
                    GBytes        **rest)
{
  const uint8_t *newline = size > 0 ? memchr (data, '\n', size) : NULL;
  size_t line_length = newline != NULL ? (size_t) (newline - data) : size;
  size_t rest_offset = newline != NULL ? line_length + 1 : size;

  *rest = g_bytes_new (data + rest_offset, size - rest_offset);
  return g_strndup ((const char *) data, line_length);
}

/* The input as a NUL-terminated string (embedded NULs cut it short, as they would in C). */
static inline char *
fc_fuzz_dup_string (const uint8_t *data,
                    size_t         size)
{
  return g_strndup ((const char *) data, size);
}

#ifdef FC_FUZZ_WEBHOOK_EVENTS
#include "fc-connector.h"
#include "fc-connector-types.h"

/* The one connector of @provider a webhook target parses with, made on first use: a fresh
 * connection, an in-memory keyring handle, no HTTP (parsing needs none). */
static inline FcConnector *
fc_fuzz_webhook_connector (FcProvider provider)
{
  static FcConnector *connector = NULL;

  if (connector == NULL)
    {
      g_autoptr (FcConnection) connection = fc_connection_new (provider);
      g_autoptr (FcSecrets) secrets = fc_secrets_new ();
      g_autoptr (FcAuth) auth = fc_auth_new (secrets);

      connector = fc_connector_new (connection, auth, NULL);
      g_assert (connector != NULL);
    }
  g_assert (fc_connection_get_provider (fc_connector_get_connection (connector)) == provider);
  return connector;
}

/* Every event a parser returns is complete: a kind, an object type, a record id, an event id
 * and a NULL-terminated list of merged ids. */
static inline void
fc_fuzz_check_events (GPtrArray *events)
{
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      FcWebhookEvent *event = g_ptr_array_index (events, i);
      const char * const *merged = fc_webhook_event_get_merged_ids (event);

      g_assert (fc_webhook_event_kind_to_string (fc_webhook_event_get_kind (event)) != NULL);
      g_assert (fc_webhook_event_get_object_type (event) != NULL);
      g_assert (fc_webhook_event_get_record_id (event) != NULL);
      g_assert (fc_webhook_event_get_event_id (event) != NULL);
      g_assert (merged != NULL);
      for (guint j = 0; merged[j] != NULL; j++)
        g_assert (strlen (merged[j]) < G_MAXSIZE);
    }
}
#endif
