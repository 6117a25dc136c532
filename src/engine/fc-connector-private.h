/* fc-connector-private.h: what a provider's connector implements, and the helpers it shares
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-connector.h"

G_BEGIN_DECLS

/* Each operation's vfunc receives the GTask the public _async function made (with its source
 * tag and cancellable; transfer none: take a reference to keep it) and completes it:
 *
 *   list_fields       g_task_return_pointer (GListModel of FcFieldInfo, g_object_unref)
 *   list_changed      g_task_return_pointer (FcRecordPage, fc_record_page_unref)
 *   read_records,
 *   find_records      g_task_return_pointer (GPtrArray of FcRecord, g_ptr_array_unref)
 *   *_records writes  g_task_return_pointer (GPtrArray of FcWriteResult, g_ptr_array_unref)
 *   discover_account  _fc_connector_return_account ()
 *
 * The object type was checked against object_types before the vfunc runs. A NULL vfunc makes
 * the operation fail with UNSUPPORTED. The @fields of list_changed, read_records and
 * find_records are the caller's for that call (NULL: every field; see fc-connector.h), valid
 * only while the vfunc runs: a connector copies what it keeps. */
struct _FcConnectorClass
{
  GObjectClass parent_class;

  /* NULL-terminated, static */
  const char * const *object_types;

  /* Seconds between the polls that stand in for webhooks while real-time sync is on, for a
   * provider that cannot push changes to a desktop app (Salesforce); 0 (the default) when it
   * pushes them (parse_webhook) or real time is not offered. */
  guint               realtime_poll_interval;

  /* TRUE when list_changed reads an index that may lag the provider's writes by seconds
   * (HubSpot's search): a record missing from a listing may have changed all the same. */
  gboolean            listing_lags;

  void       (*list_fields)      (FcConnector         *self,
                                  const char          *object_type,
                                  GTask               *task);
  void       (*list_changed)     (FcConnector         *self,
                                  const char          *object_type,
                                  const char          *since_cursor,
                                  const char          *page_token,
                                  const char * const  *fields,
                                  GTask               *task);
  void       (*read_records)     (FcConnector         *self,
                                  const char          *object_type,
                                  const char * const  *ids,
                                  const char * const  *fields,
                                  GTask               *task);
  void       (*find_records)     (FcConnector         *self,
                                  const char          *object_type,
                                  const char          *field,
                                  const char          *value,
                                  const char * const  *fields,
                                  GTask               *task);
  void       (*create_records)   (FcConnector         *self,
                                  const char          *object_type,
                                  GPtrArray           *records,
                                  GTask               *task);
  void       (*update_records)   (FcConnector         *self,
                                  const char          *object_type,
                                  GPtrArray           *records,
                                  GTask               *task);
  void       (*upsert_records)   (FcConnector         *self,
                                  const char          *object_type,
                                  const char          *id_field,
                                  GPtrArray           *records,
                                  GTask               *task);
  void       (*delete_records)   (FcConnector         *self,
                                  const char          *object_type,
                                  const char * const  *ids,
                                  GTask               *task);
  void       (*discover_account) (FcConnector         *self,
                                  GTask               *task);
  GPtrArray *(*parse_webhook)    (FcConnector         *self,
                                  const char          *method,
                                  const char          *url,
                                  SoupMessageHeaders  *headers,
                                  GBytes              *body,
                                  const char          *secret,
                                  GError             **error);

  gpointer padding[7];
};

/* Completes a discover_account task. */
void         _fc_connector_return_account      (GTask               *task,
                                                const char          *name,
                                                const char          *id);

/* The field catalogue of @object_type, from the connector's cache or, the first time, from
 * the subclass's list_fields. (transfer full) */
void         _fc_connector_ensure_fields_async (FcConnector         *self,
                                                const char          *object_type,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GListModel  *_fc_connector_ensure_fields_finish (FcConnector        *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);
/* (transfer none) The field of @fields named @name, or NULL. */
FcFieldInfo *_fc_connector_find_field          (GListModel          *fields,
                                                const char          *name);

/* Cursors: ISO 8601 UTC with milliseconds. Parsing accepts any ISO 8601 date-time with a
 * zone, or a number of epoch milliseconds; FALSE with VALIDATION for anything else. */
char        *_fc_connector_format_cursor       (gint64               ms);
gboolean     _fc_connector_parse_cursor        (const char          *cursor,
                                                gint64              *out_ms,
                                                GError             **error);
/* ISO 8601 text with a zone ("2025-01-01T10:20:00Z", "...T10:20:00.123+02:00"), or epoch
 * milliseconds as digits; -1 when it is neither. */
gint64       _fc_connector_parse_time_ms       (const char          *text);

/* (transfer full) A UTC date-time, or NULL for a negative @ms. */
GDateTime   *_fc_connector_date_time_from_ms   (gint64               ms);

/* Equality of two secrets that takes the same time wherever they differ. */
gboolean     _fc_connector_secure_equal        (const char          *a,
                                                const char          *b);

/* JSON: the member when it has that type, else NULL / @fallback. */
const char  *_fc_json_get_string               (JsonObject          *object,
                                                const char          *member);
JsonObject  *_fc_json_get_object               (JsonObject          *object,
                                                const char          *member);
JsonArray   *_fc_json_get_array                (JsonObject          *object,
                                                const char          *member);
gboolean     _fc_json_get_boolean              (JsonObject          *object,
                                                const char          *member,
                                                gboolean             fallback);
/* json-glib's parser recurses once per level of nesting and overflows the stack on a body of
 * some 100,000 open brackets. FALSE when @data has more than FC_JSON_MAX_NESTING brackets open
 * at once; every bracket byte counts, even in strings, so that nothing json-glib could read
 * as structure is missed. Check it before json-glib reads outside input. */
#define FC_JSON_MAX_NESTING 1024
gboolean     _fc_json_nesting_fits             (const char          *data,
                                                gsize                size);
/* Integers, and strings of digits, as text (provider ids come as either). */
char        *_fc_json_dup_id                   (JsonObject          *object,
                                                const char          *member);
/* The same of one value (NULL when there is none), for readers that scan an answer */
const char  *_fc_json_node_get_string          (JsonNode            *node);
gboolean     _fc_json_node_get_boolean         (JsonNode            *node,
                                                gboolean             fallback);
char        *_fc_json_node_dup_id              (JsonNode            *node);
/* A BAD_RESPONSE error: "@what: the response has no ...". */
void         _fc_connector_set_bad_response    (GError             **error,
                                                const char          *what,
                                                const char          *detail);

G_END_DECLS
