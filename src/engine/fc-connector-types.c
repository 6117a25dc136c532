/* fc-connector-types.c: pages of records, per-record write results and webhook events
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-connector"

#include "config.h"

#include <string.h>

#include "fc-connector.h"
#include "fc-connector-types.h"

/* ---- the connector error domain, whose errors carry the provider's raw answer ------------- */

typedef struct
{
  guint     status;
  char     *body;
  gboolean  truncated;
} FcConnectorErrorPrivate;

static FcConnectorErrorPrivate *
connector_error_get_private (const GError *error)
{
  /* As G_DEFINE_EXTENDED_ERROR () finds it: just before the GError, aligned */
  const gsize alignment = 2 * sizeof (gsize);
  const gsize offset = (sizeof (FcConnectorErrorPrivate) + (alignment - 1)) & -alignment;

  return (FcConnectorErrorPrivate *) (((guint8 *) error) - offset);
}

static void
connector_error_init (GError *error)
{
  FcConnectorErrorPrivate *priv = connector_error_get_private (error);

  priv->status = 0;
  priv->body = NULL;
  priv->truncated = FALSE;
}

static void
connector_error_copy (const GError *src_error,
                      GError       *dest_error)
{
  FcConnectorErrorPrivate *src = connector_error_get_private (src_error);
  FcConnectorErrorPrivate *dest = connector_error_get_private (dest_error);

  g_free (dest->body);
  dest->status = src->status;
  dest->body = g_strdup (src->body);
  dest->truncated = src->truncated;
}

static void
connector_error_clear (GError *error)
{
  FcConnectorErrorPrivate *priv = connector_error_get_private (error);

  g_clear_pointer (&priv->body, g_free);
}

/* G_DEFINE_EXTENDED_ERROR () would name the domain "FcConnectorError"; the run log keeps the
 * domain's name, so it stays the one the errors always had. */
GQuark
fc_connector_error_quark (void)
{
  static GQuark quark;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      quark = g_error_domain_register_static ("fc-connector-error-quark",
                                              sizeof (FcConnectorErrorPrivate),
                                              connector_error_init, connector_error_copy,
                                              connector_error_clear);
      g_once_init_leave (&initialized, 1);
    }
  return quark;
}

void
fc_connector_error_set_raw (GError     *error,
                            guint       status,
                            const char *body,
                            gssize      size)
{
  FcConnectorErrorPrivate *priv;
  gsize length;
  const char *end = NULL;

  g_return_if_fail (error != NULL && error->domain == FC_CONNECTOR_ERROR);

  priv = connector_error_get_private (error);
  if (body == NULL)
    body = "";
  length = size < 0 ? strlen (body) : (gsize) size;
  priv->truncated = length > FC_CONNECTOR_RAW_ERROR_MAX_BYTES;
  if (priv->truncated)
    length = FC_CONNECTOR_RAW_ERROR_MAX_BYTES;
  g_free (priv->body);
  priv->status = status;
  /* never a character cut in two, nor bytes that are not text */
  if (!g_utf8_validate_len (body, length, &end) && end != NULL && priv->truncated
      && (gsize) (end - body) + 4 > length)
    length = (gsize) (end - body);
  priv->body = g_utf8_make_valid (body, (gssize) length);
}

const char *
fc_connector_error_get_raw (const GError *error,
                            guint        *out_status,
                            gboolean     *out_truncated)
{
  FcConnectorErrorPrivate *priv;

  if (error == NULL || error->domain != FC_CONNECTOR_ERROR)
    return NULL;
  priv = connector_error_get_private (error);
  if (out_status != NULL)
    *out_status = priv->status;
  if (out_truncated != NULL)
    *out_truncated = priv->truncated;
  return priv->body;
}

/* ---- pages of records --------------------------------------------------------------------- */

struct _FcRecordPage
{
  gatomicrefcount  ref_count;
  GPtrArray       *records;
  char            *next_page_token;
  char            *cursor;
  gint64           total;
};

G_DEFINE_BOXED_TYPE (FcRecordPage, fc_record_page, fc_record_page_ref, fc_record_page_unref)

FcRecordPage *
fc_record_page_new (void)
{
  FcRecordPage *page = g_new0 (FcRecordPage, 1);

  g_atomic_ref_count_init (&page->ref_count);
  page->records = g_ptr_array_new_with_free_func (g_object_unref);
  page->total = -1;
  return page;
}

FcRecordPage *
fc_record_page_ref (FcRecordPage *page)
{
  g_return_val_if_fail (page != NULL, NULL);

  g_atomic_ref_count_inc (&page->ref_count);
  return page;
}

void
fc_record_page_unref (FcRecordPage *page)
{
  g_return_if_fail (page != NULL);

  if (!g_atomic_ref_count_dec (&page->ref_count))
    return;
  g_ptr_array_unref (page->records);
  g_free (page->next_page_token);
  g_free (page->cursor);
  g_free (page);
}

GPtrArray *
fc_record_page_get_records (FcRecordPage *page)
{
  g_return_val_if_fail (page != NULL, NULL);
  return page->records;
}

void
fc_record_page_add_record (FcRecordPage *page,
                           FcRecord     *record)
{
  g_return_if_fail (page != NULL);
  g_return_if_fail (FC_IS_RECORD (record));

  g_ptr_array_add (page->records, g_object_ref (record));
}

const char *
fc_record_page_get_next_page_token (FcRecordPage *page)
{
  g_return_val_if_fail (page != NULL, NULL);
  return page->next_page_token;
}

void
fc_record_page_set_next_page_token (FcRecordPage *page,
                                    const char   *token)
{
  g_return_if_fail (page != NULL);

  g_free (page->next_page_token);
  page->next_page_token = g_strdup (token);
}

const char *
fc_record_page_get_cursor (FcRecordPage *page)
{
  g_return_val_if_fail (page != NULL, NULL);
  return page->cursor;
}

void
fc_record_page_set_cursor (FcRecordPage *page,
                           const char   *cursor)
{
  g_return_if_fail (page != NULL);

  g_free (page->cursor);
  page->cursor = g_strdup (cursor);
}

gint64
fc_record_page_get_total (FcRecordPage *page)
{
  g_return_val_if_fail (page != NULL, -1);
  return page->total;
}

void
fc_record_page_set_total (FcRecordPage *page,
                          gint64        total)
{
  g_return_if_fail (page != NULL);
  page->total = total;
}

struct _FcWriteResult
{
  gatomicrefcount  ref_count;
  guint            index;
  char            *id;
  GError          *error;
  char            *provider_code;
  gboolean         created;
  FcRecord        *record;
};

G_DEFINE_BOXED_TYPE (FcWriteResult, fc_write_result, fc_write_result_ref, fc_write_result_unref)

static FcWriteResult *
write_result_new (guint       index,
                  const char *id)
{
  FcWriteResult *result = g_new0 (FcWriteResult, 1);

  g_atomic_ref_count_init (&result->ref_count);
  result->index = index;
  result->id = g_strdup (id);
  return result;
}

FcWriteResult *
fc_write_result_new_success (guint       index,
                             const char *id)
{
  return write_result_new (index, id);
}

FcWriteResult *
fc_write_result_new_failure (guint         index,
                             const char   *id,
                             const GError *error,
                             const char   *provider_code)
{
  FcWriteResult *result;

  g_return_val_if_fail (error != NULL, NULL);

  result = write_result_new (index, id);
  result->error = g_error_copy (error);
  result->provider_code = g_strdup (provider_code);
  return result;
}

FcWriteResult *
fc_write_result_ref (FcWriteResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  g_atomic_ref_count_inc (&result->ref_count);
  return result;
}

void
fc_write_result_unref (FcWriteResult *result)
{
  g_return_if_fail (result != NULL);

  if (!g_atomic_ref_count_dec (&result->ref_count))
    return;
  g_free (result->id);
  g_clear_error (&result->error);
  g_free (result->provider_code);
  g_clear_object (&result->record);
  g_free (result);
}

guint
fc_write_result_get_index (FcWriteResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->index;
}

const char *
fc_write_result_get_id (FcWriteResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->id;
}

gboolean
fc_write_result_get_success (FcWriteResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);
  return result->error == NULL;
}

const GError *
fc_write_result_get_error (FcWriteResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->error;
}

const char *
fc_write_result_get_provider_code (FcWriteResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->provider_code;
}

gboolean
fc_write_result_get_created (FcWriteResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);
  return result->created;
}

void
fc_write_result_set_created (FcWriteResult *result,
                             gboolean       created)
{
  g_return_if_fail (result != NULL);
  result->created = !!created;
}

FcRecord *
fc_write_result_get_record (FcWriteResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->record;
}

void
fc_write_result_set_record (FcWriteResult *result,
                            FcRecord      *record)
{
  g_return_if_fail (result != NULL);
  g_set_object (&result->record, record);
}

const char *
fc_webhook_event_kind_to_string (FcWebhookEventKind kind)
{
  switch (kind)
    {
    case FC_WEBHOOK_EVENT_CREATE:
      return "create";
    case FC_WEBHOOK_EVENT_UPDATE:
      return "update";
    case FC_WEBHOOK_EVENT_DELETE:
      return "delete";
    case FC_WEBHOOK_EVENT_MERGE:
      return "merge";
    default:
      g_return_val_if_reached (NULL);
    }
}

struct _FcWebhookEvent
{
  gatomicrefcount     ref_count;
  FcWebhookEventKind  kind;
  char               *object_type;
  char               *record_id;
  char               *event_id;
  GDateTime          *occurred_at;
  char               *property;
  GStrv               merged_ids;
};

G_DEFINE_BOXED_TYPE (FcWebhookEvent, fc_webhook_event, fc_webhook_event_ref,
                     fc_webhook_event_unref)

FcWebhookEvent *
fc_webhook_event_new (FcWebhookEventKind  kind,
                      const char         *object_type,
                      const char         *record_id,
                      const char         *event_id,
                      GDateTime          *occurred_at)
{
  FcWebhookEvent *event = g_new0 (FcWebhookEvent, 1);

  g_atomic_ref_count_init (&event->ref_count);
  event->kind = kind;
  event->object_type = g_strdup (object_type);
  event->record_id = g_strdup (record_id);
  event->event_id = g_strdup (event_id);
  if (occurred_at != NULL)
    event->occurred_at = g_date_time_ref (occurred_at);
  event->merged_ids = g_new0 (char *, 1);
  return event;
}

FcWebhookEvent *
fc_webhook_event_ref (FcWebhookEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);

  g_atomic_ref_count_inc (&event->ref_count);
  return event;
}

void
fc_webhook_event_unref (FcWebhookEvent *event)
{
  g_return_if_fail (event != NULL);

  if (!g_atomic_ref_count_dec (&event->ref_count))
    return;
  g_free (event->object_type);
  g_free (event->record_id);
  g_free (event->event_id);
  g_clear_pointer (&event->occurred_at, g_date_time_unref);
  g_free (event->property);
  g_strfreev (event->merged_ids);
  g_free (event);
}

FcWebhookEventKind
fc_webhook_event_get_kind (FcWebhookEvent *event)
{
  g_return_val_if_fail (event != NULL, FC_WEBHOOK_EVENT_UPDATE);
  return event->kind;
}

const char *
fc_webhook_event_get_object_type (FcWebhookEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  return event->object_type;
}

const char *
fc_webhook_event_get_record_id (FcWebhookEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  return event->record_id;
}

const char *
fc_webhook_event_get_event_id (FcWebhookEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  return event->event_id;
}

GDateTime *
fc_webhook_event_get_occurred_at (FcWebhookEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  return event->occurred_at;
}

const char *
fc_webhook_event_get_property (FcWebhookEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  return event->property;
}

void
fc_webhook_event_set_property (FcWebhookEvent *event,
                               const char     *property)
{
  g_return_if_fail (event != NULL);

  g_free (event->property);
  event->property = g_strdup (property);
}

const char * const *
fc_webhook_event_get_merged_ids (FcWebhookEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  return (const char * const *) event->merged_ids;
}

void
fc_webhook_event_set_merged_ids (FcWebhookEvent     *event,
                                 const char * const *merged_ids)
{
  g_return_if_fail (event != NULL);

  g_strfreev (event->merged_ids);
  event->merged_ids = merged_ids != NULL ? g_strdupv ((char **) merged_ids) : g_new0 (char *, 1);
}
