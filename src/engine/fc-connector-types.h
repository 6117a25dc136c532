/* fc-connector-types.h: what connector operations return: pages of records, per-record write
 * results and inbound webhook events
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fc-record.h"

G_BEGIN_DECLS

/* All three are reference-counted boxed types: plain data handed from a connector to the
 * engine, never observed for changes. */

/* One page of a change listing. The cursor is where the next incremental listing may start:
 * an ISO 8601 UTC timestamp with milliseconds ("2026-03-01T10:20:30.456Z"), the latest modified
 * time seen so far (or the cursor the listing started from), or the provider's clock when its
 * answer gave a later one (fc_http_get_last_date_ms ()). The engine may move it back by an
 * overlap window before using it, and should store it only once every page has been handled.
 * The next page token is opaque and NULL on the last page. The total is the number of records
 * the listing is expected to return, or -1 when the provider does not say. */
typedef struct _FcRecordPage FcRecordPage;

#define FC_TYPE_RECORD_PAGE (fc_record_page_get_type ())

GType         fc_record_page_get_type            (void) G_GNUC_CONST;
FcRecordPage *fc_record_page_new                 (void);
FcRecordPage *fc_record_page_ref                 (FcRecordPage *page);
void          fc_record_page_unref               (FcRecordPage *page);
/* (transfer none) (element-type FcRecord) */
GPtrArray    *fc_record_page_get_records         (FcRecordPage *page);
void          fc_record_page_add_record          (FcRecordPage *page,
                                                  FcRecord     *record);
const char   *fc_record_page_get_next_page_token (FcRecordPage *page);
void          fc_record_page_set_next_page_token (FcRecordPage *page,
                                                  const char   *token);
const char   *fc_record_page_get_cursor          (FcRecordPage *page);
void          fc_record_page_set_cursor          (FcRecordPage *page,
                                                  const char   *cursor);
gint64        fc_record_page_get_total           (FcRecordPage *page);
void          fc_record_page_set_total           (FcRecordPage *page,
                                                  gint64        total);

/* The outcome of one record of a batch write. The index is the record's position in the
 * caller's input; the id is the provider's id of the record written (the new id after a
 * create), when known. A failure carries a GError in FC_CONNECTOR_ERROR whose message keeps
 * the provider's own, and the provider's error code or category ("VALIDATION_ERROR",
 * "CONFLICT", ...) when it gave one. */
typedef struct _FcWriteResult FcWriteResult;

#define FC_TYPE_WRITE_RESULT (fc_write_result_get_type ())

GType          fc_write_result_get_type          (void) G_GNUC_CONST;
FcWriteResult *fc_write_result_new_success       (guint          index,
                                                  const char    *id);
FcWriteResult *fc_write_result_new_failure       (guint          index,
                                                  const char    *id,
                                                  const GError  *error,
                                                  const char    *provider_code);
FcWriteResult *fc_write_result_ref               (FcWriteResult *result);
void           fc_write_result_unref             (FcWriteResult *result);
guint          fc_write_result_get_index         (FcWriteResult *result);
const char    *fc_write_result_get_id            (FcWriteResult *result);
gboolean       fc_write_result_get_success       (FcWriteResult *result);
const GError  *fc_write_result_get_error         (FcWriteResult *result);
const char    *fc_write_result_get_provider_code (FcWriteResult *result);
/* Upserts: TRUE when the record did not exist and was created. */
gboolean       fc_write_result_get_created       (FcWriteResult *result);
void           fc_write_result_set_created       (FcWriteResult *result,
                                                  gboolean       created);
/* (transfer none) The record as the provider returned it after the write, when it did. */
FcRecord      *fc_write_result_get_record        (FcWriteResult *result);
void           fc_write_result_set_record        (FcWriteResult *result,
                                                  FcRecord      *record);

/* The provider's own answer behind an error in FC_CONNECTOR_ERROR, for the run log: the HTTP
 * status and the body as text (for one record's error inside a batch answer, the status of
 * that answer and the record's error object as compact JSON). The text kept is valid UTF-8 of
 * at most FC_CONNECTOR_RAW_ERROR_MAX_BYTES, marked as truncated when the body was longer; it
 * travels with the error through g_error_copy (). FcHttp sets it with the request's token
 * blanked out; it never holds request headers. */
#define FC_CONNECTOR_RAW_ERROR_MAX_BYTES 4096

void        fc_connector_error_set_raw      (GError       *error,
                                             guint         status,
                                             const char   *body,
                                             gssize        size);
/* The body as kept, or NULL when @error carries no raw answer (it is in another domain, or
 * the provider did not answer). */
const char *fc_connector_error_get_raw      (const GError *error,
                                             guint        *out_status,
                                             gboolean     *out_truncated);

/* A change a provider pushed to the webhook listener, once verified. */
typedef enum {
  FC_WEBHOOK_EVENT_CREATE,
  FC_WEBHOOK_EVENT_UPDATE,
  FC_WEBHOOK_EVENT_DELETE,
  FC_WEBHOOK_EVENT_MERGE,
} FcWebhookEventKind;

/* "create", "update", "delete", "merge" (the product's event names). */
const char *fc_webhook_event_kind_to_string (FcWebhookEventKind kind);

typedef struct _FcWebhookEvent FcWebhookEvent;

#define FC_TYPE_WEBHOOK_EVENT (fc_webhook_event_get_type ())

/* @event_id identifies the delivery's event so that duplicates and replays can be dropped;
 * @occurred_at is when the change happened at the provider (UTC). For a merge the record id is
 * the record that remains and the merged ids are those merged into it. */
GType               fc_webhook_event_get_type         (void) G_GNUC_CONST;
FcWebhookEvent     *fc_webhook_event_new              (FcWebhookEventKind  kind,
                                                       const char         *object_type,
                                                       const char         *record_id,
                                                       const char         *event_id,
                                                       GDateTime          *occurred_at);
FcWebhookEvent     *fc_webhook_event_ref              (FcWebhookEvent     *event);
void                fc_webhook_event_unref            (FcWebhookEvent     *event);
FcWebhookEventKind  fc_webhook_event_get_kind         (FcWebhookEvent     *event);
const char         *fc_webhook_event_get_object_type  (FcWebhookEvent     *event);
const char         *fc_webhook_event_get_record_id    (FcWebhookEvent     *event);
const char         *fc_webhook_event_get_event_id     (FcWebhookEvent     *event);
GDateTime          *fc_webhook_event_get_occurred_at  (FcWebhookEvent     *event);
/* The changed property, for providers that report one per event (HubSpot); else NULL. */
const char         *fc_webhook_event_get_property     (FcWebhookEvent     *event);
void                fc_webhook_event_set_property     (FcWebhookEvent     *event,
                                                       const char         *property);
/* Never NULL; empty unless the event is a merge. */
const char * const *fc_webhook_event_get_merged_ids   (FcWebhookEvent     *event);
void                fc_webhook_event_set_merged_ids   (FcWebhookEvent     *event,
                                                       const char * const *merged_ids);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcRecordPage, fc_record_page_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcWriteResult, fc_write_result_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcWebhookEvent, fc_webhook_event_unref)

G_END_DECLS
