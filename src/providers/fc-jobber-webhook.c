/* fc-jobber-webhook.c: verifying and reading Jobber webhook deliveries
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-jobber"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-jobber-connector-private.h"

/* A delivery is {"data":{"webHookEvent":{"topic", "appId", "accountId", "itemId",
 * "occurredAt"}}} signed with base64 (HMAC-SHA256 (client secret, raw body)) in
 * X-Jobber-Hmac-SHA256. Only the id arrives; the runner reads the record. Apps created before
 * 2023-12-08 may get the time as "occuredAt". */

#define SIGNATURE_HEADER "X-Jobber-Hmac-SHA256"

char *
fc_jobber_webhook_signature (const char *secret,
                             GBytes     *body)
{
  g_autoptr (GHmac) hmac = NULL;
  guint8 digest[32];
  gsize length = sizeof digest;
  gsize size = 0;
  const guchar *data;

  g_return_val_if_fail (secret != NULL, NULL);

  data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  if (size > 0)
    g_hmac_update (hmac, data, size);
  g_hmac_get_digest (hmac, digest, &length);
  return g_base64_encode (digest, length);
}

gboolean
fc_jobber_verify_webhook (const char          *secret,
                          SoupMessageHeaders  *headers,
                          GBytes              *body,
                          GError             **error)
{
  const char *given = soup_message_headers_get_one (headers, SIGNATURE_HEADER);
  g_autofree char *trimmed = NULL;
  g_autofree char *expected = NULL;

  if (given == NULL || *given == '\0')
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE,
                   _("Jobber webhook: the request carries no %s header"), SIGNATURE_HEADER);
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (given));
  expected = fc_jobber_webhook_signature (secret, body);
  if (!_fc_connector_secure_equal (trimmed, expected))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE,
                   _("Jobber webhook: the %s signature does not match the body signed with "
                     "this connection’s client secret"), SIGNATURE_HEADER);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
read_event_object (JsonParser  *parser,
                   GBytes      *body,
                   GError     **error)
{
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  JsonObject *event = NULL;

  if (size > 0 && _fc_json_nesting_fits (data, size)
      && json_parser_load_from_data (parser, data, (gssize) size, NULL)
      && json_parser_get_root (parser) != NULL  /* NULL for a body of only white space */
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    event = _fc_json_get_object (_fc_json_get_object (json_node_get_object (
                                   json_parser_get_root (parser)), "data"), "webHookEvent");
  if (event == NULL || _fc_json_get_string (event, "topic") == NULL)
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_INVALID_WEBHOOK,
                   _("Jobber webhook: the body is not a JSON object with data.webHookEvent "
                     "and its topic"));
      return NULL;
    }
  return event;
}

/* CLIENT_CREATE -> create, *_DESTROY -> delete; QUOTE_SENT, QUOTE_APPROVED, JOB_CLOSED and the
 * like change the record: update. */
static FcWebhookEventKind
kind_for_action (const char *action)
{
  if (g_str_equal (action, "CREATE"))
    return FC_WEBHOOK_EVENT_CREATE;
  if (g_str_equal (action, "DESTROY"))
    return FC_WEBHOOK_EVENT_DELETE;
  return FC_WEBHOOK_EVENT_UPDATE;
}

static gboolean
add_event (JsonObject  *event,
           GPtrArray   *events,
           GError     **error)
{
  const char *topic = _fc_json_get_string (event, "topic");
  const char *item = _fc_json_get_string (event, "itemId");
  const char *occurred = _fc_json_get_string (event, "occurredAt");
  const FcJobberType *type = NULL;
  g_autoptr (GDateTime) when = NULL;
  g_autofree char *event_id = NULL;
  const char *action = NULL;

  for (const char *underscore = strchr (topic, '_'); underscore != NULL && type == NULL;
       underscore = strchr (underscore + 1, '_'))
    {
      g_autofree char *prefix = g_strndup (topic, underscore - topic);

      type = _fc_jobber_find_type_by_topic (prefix);
      action = underscore + 1;
    }
  if (type == NULL)
    return TRUE;

  if (item == NULL || *item == '\0')
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_INVALID_WEBHOOK,
                   _("Jobber webhook: the %s event names no itemId"), topic);
      return FALSE;
    }
  if (occurred == NULL)
    occurred = _fc_json_get_string (event, "occuredAt");

  /* No event id comes with a delivery; this one is the same for each delivery of an event */
  event_id = g_strdup_printf ("%s:%s:%s", topic, item, occurred != NULL ? occurred : "");
  when = _fc_connector_date_time_from_ms (_fc_connector_parse_time_ms (occurred));
  g_ptr_array_add (events, fc_webhook_event_new (kind_for_action (action), type->name, item,
                                                 event_id, when));
  return TRUE;
}

GPtrArray *
fc_jobber_parse_events (GBytes  *body,
                        GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 fc_webhook_event_unref);
  JsonObject *event = read_event_object (parser, body, error);

  if (event == NULL || !add_event (event, events, error))
    return NULL;
  return g_steal_pointer (&events);
}

GPtrArray *
_fc_jobber_parse_webhook (FcConnector         *connector,
                          const char          *method,
                          const char          *url,
                          SoupMessageHeaders  *headers,
                          GBytes              *body,
                          const char          *secret,
                          GError             **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 fc_webhook_event_unref);
  FcConnection *connection = fc_connector_get_connection (connector);
  const char *account_id = fc_connection_get_account_id (connection);
  JsonObject *event;

  if (!fc_jobber_verify_webhook (secret, headers, body, error))
    return NULL;
  event = read_event_object (parser, body, error);
  if (event == NULL)
    return NULL;

  /* The account took the app away: the grant is gone, whatever the token says */
  if (g_str_equal (_fc_json_get_string (event, "topic"), "APP_DISCONNECT")
      && (account_id == NULL
          || g_strcmp0 (_fc_json_get_string (event, "accountId"), account_id) == 0))
    {
      fc_auth_report_revoked (fc_connector_get_auth (connector), connection);
      return g_steal_pointer (&events);
    }

  if (!add_event (event, events, error))
    return NULL;
  return g_steal_pointer (&events);
}
