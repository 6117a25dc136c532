/* fc-hubspot-webhook.c: verifying and reading HubSpot's webhook deliveries
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-hubspot"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-hubspot-connector-private.h"

/* v3 signatures are rejected when the timestamp is further than this from now. */
#define MAX_TIMESTAMP_SKEW_MS (5 * 60 * 1000)

static void
append_body (GString *message,
             GBytes  *body)
{
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (size > 0)
    g_string_append_len (message, data, (gssize) size);
}

static char *
sha256_hex (GString *message)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) message->str,
                                      message->len);
}

char *
fc_hubspot_signature_v1 (const char *secret,
                         GBytes     *body)
{
  g_autoptr (GString) message = g_string_new (secret);

  append_body (message, body);
  return sha256_hex (message);
}

char *
fc_hubspot_signature_v2 (const char *secret,
                         const char *method,
                         const char *uri,
                         GBytes     *body)
{
  g_autoptr (GString) message = g_string_new (secret);

  g_string_append (message, method);
  g_string_append (message, uri);
  append_body (message, body);
  return sha256_hex (message);
}

/* HubSpot decodes these escapes before it signs (and leaves every other one alone). */
static char *
decode_uri_for_v3 (const char *uri)
{
  static const struct { const char *escape; char character; } decoded[] = {
    { "%3A", ':' }, { "%2F", '/' }, { "%3F", '?' }, { "%40", '@' }, { "%21", '!' },
    { "%24", '$' }, { "%27", '\'' }, { "%28", '(' }, { "%29", ')' }, { "%2A", '*' },
    { "%2C", ',' }, { "%3B", ';' },
  };
  GString *result = g_string_new (NULL);

  for (const char *p = uri; *p != '\0'; p++)
    {
      gboolean replaced = FALSE;

      if (*p == '%')
        for (guint i = 0; i < G_N_ELEMENTS (decoded) && !replaced; i++)
          if (strncmp (p, decoded[i].escape, 3) == 0)
            {
              g_string_append_c (result, decoded[i].character);
              p += 2;
              replaced = TRUE;
            }
      if (!replaced)
        g_string_append_c (result, *p);
    }
  return g_string_free (result, FALSE);
}

char *
fc_hubspot_signature_v3 (const char *secret,
                         const char *method,
                         const char *uri,
                         GBytes     *body,
                         const char *timestamp)
{
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret,
                                       strlen (secret));
  g_autofree char *decoded = decode_uri_for_v3 (uri);
  g_autoptr (GString) message = g_string_new (method);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_string_append (message, decoded);
  append_body (message, body);
  g_string_append (message, timestamp);

  g_hmac_update (hmac, (const guchar *) message->str, (gssize) message->len);
  g_hmac_get_digest (hmac, digest, &digest_len);
  return g_base64_encode (digest, digest_len);
}

static gboolean
verify_v3 (const char          *secret,
           const char          *method,
           const char          *uri,
           SoupMessageHeaders  *headers,
           GBytes              *body,
           gint64               now_ms,
           GError             **error)
{
  const char *signature = soup_message_headers_get_one (headers, "X-HubSpot-Signature-v3");
  const char *timestamp = soup_message_headers_get_one (headers, "X-HubSpot-Request-Timestamp");
  g_autofree char *expected = NULL;
  gint64 sent_ms;

  if (timestamp == NULL || (sent_ms = _fc_connector_parse_time_ms (timestamp)) < 0
      || !g_ascii_isdigit (timestamp[0]))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE,
                   _("HubSpot webhook: the v3 signature comes without a valid "
                     "X-HubSpot-Request-Timestamp"));
      return FALSE;
    }
  if (ABS (now_ms - sent_ms) > MAX_TIMESTAMP_SKEW_MS)
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE,
                   _("HubSpot webhook: the request timestamp is %lld seconds "
                     "away from now, more than the five minutes allowed (a replay, or a wrong "
                     "clock)"),
                   (long long) (ABS (now_ms - sent_ms) / 1000));
      return FALSE;
    }

  expected = fc_hubspot_signature_v3 (secret, method, uri, body, timestamp);
  if (!_fc_connector_secure_equal (signature, expected))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE,
                   _("HubSpot webhook: the v3 signature does not match (wrong client secret, "
                     "or the body or URL was changed)"));
      return FALSE;
    }
  return TRUE;
}

gboolean
fc_hubspot_verify_webhook (const char          *secret,
                           const char          *method,
                           const char          *uri,
                           SoupMessageHeaders  *headers,
                           GBytes              *body,
                           gint64               now_ms,
                           GError             **error)
{
  const char *signature;
  const char *version;
  g_autofree char *expected = NULL;
  g_autofree char *given = NULL;

  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (headers != NULL, FALSE);

  if (soup_message_headers_get_one (headers, "X-HubSpot-Signature-v3") != NULL)
    return verify_v3 (secret, method, uri, headers, body, now_ms, error);

  signature = soup_message_headers_get_one (headers, "X-HubSpot-Signature");
  version = soup_message_headers_get_one (headers, "X-HubSpot-Signature-Version");
  if (signature == NULL)
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE,
                   _("HubSpot webhook: the request carries no HubSpot signature"));
      return FALSE;
    }

  if (version == NULL || g_ascii_strcasecmp (version, "v1") == 0)
    expected = fc_hubspot_signature_v1 (secret, body);
  else if (g_ascii_strcasecmp (version, "v2") == 0)
    expected = fc_hubspot_signature_v2 (secret, method, uri, body);
  else
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE,
                   _("HubSpot webhook: unknown signature version “%s”"), version);
      return FALSE;
    }

  given = g_ascii_strdown (signature, -1);
  if (!_fc_connector_secure_equal (g_strstrip (given), expected))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SIGNATURE,
                   _("HubSpot webhook: the %s signature does not match (wrong client secret, "
                     "or the body was changed)"), version != NULL ? version : "v1");
      return FALSE;
    }
  return TRUE;
}

/* ---- events ---------------------------------------------------------------------------- */

static gboolean
kind_for_action (const char         *action,
                 FcWebhookEventKind *kind)
{
  static const struct { const char *action; FcWebhookEventKind kind; } actions[] = {
    { "creation", FC_WEBHOOK_EVENT_CREATE },
    { "deletion", FC_WEBHOOK_EVENT_DELETE },
    { "privacyDeletion", FC_WEBHOOK_EVENT_DELETE },
    { "propertyChange", FC_WEBHOOK_EVENT_UPDATE },
    { "associationChange", FC_WEBHOOK_EVENT_UPDATE },
    { "restore", FC_WEBHOOK_EVENT_UPDATE },
    { "merge", FC_WEBHOOK_EVENT_MERGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (actions[i].action, action) == 0)
      {
        *kind = actions[i].kind;
        return TRUE;
      }
  return FALSE;
}

static char **
dup_id_array (JsonArray *array)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr (JsonObject) holder = json_object_new ();
      char *id;

      json_object_set_member (holder, "id", json_node_copy (node));
      id = _fc_json_dup_id (holder, "id");
      if (id != NULL)
        g_ptr_array_add (ids, id);
    }
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

/* One event, or NULL: with @error when it cannot be read, without when it is of a kind or
 * object the connector does not sync. */
static FcWebhookEvent *
read_event (JsonObject  *object,
            guint        index,
            GError     **error)
{
  const char *subscription = _fc_json_get_string (object, "subscriptionType");
  g_auto (GStrv) parts = NULL;
  const FcHubspotType *type;
  FcWebhookEventKind kind;
  g_autofree char *record_id = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *subscription_id = NULL;
  g_autofree char *full_id = NULL;
  g_autoptr (GDateTime) occurred = NULL;
  gint64 occurred_ms;
  FcWebhookEvent *event;

  event_id = _fc_json_dup_id (object, "eventId");
  record_id = _fc_json_dup_id (object, "objectId");
  if (subscription == NULL || event_id == NULL || record_id == NULL
      || strchr (subscription, '.') == NULL)
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_INVALID_WEBHOOK,
                   _("HubSpot webhook: event %u lacks subscriptionType, eventId or objectId"),
                   index);
      return NULL;
    }

  parts = g_strsplit (subscription, ".", 2);
  type = g_str_equal (parts[0], "object")
         ? _fc_hubspot_find_type_by_id (_fc_json_get_string (object, "objectTypeId"))
         : _fc_hubspot_find_type_by_event (parts[0]);
  if (type == NULL || !kind_for_action (parts[1], &kind))
    return NULL;

  if (kind == FC_WEBHOOK_EVENT_MERGE)
    {
      g_autofree char *primary = _fc_json_dup_id (object, "primaryObjectId");

      if (primary != NULL)
        {
          g_free (record_id);
          record_id = g_steal_pointer (&primary);
        }
    }

  /* eventId alone is not unique across subscriptions */
  subscription_id = _fc_json_dup_id (object, "subscriptionId");
  full_id = subscription_id != NULL ? g_strdup_printf ("%s:%s", subscription_id, event_id)
                                    : g_strdup (event_id);

  occurred_ms = json_object_get_int_member_with_default (object, "occurredAt", -1);
  occurred = _fc_connector_date_time_from_ms (occurred_ms);

  event = fc_webhook_event_new (kind, type->name, record_id, full_id, occurred);
  fc_webhook_event_set_property (event, _fc_json_get_string (object, "propertyName"));
  if (kind == FC_WEBHOOK_EVENT_MERGE)
    {
      g_auto (GStrv) merged = dup_id_array (_fc_json_get_array (object, "mergedObjectIds"));

      fc_webhook_event_set_merged_ids (event, (const char * const *) merged);
    }
  return event;
}

GPtrArray *
fc_hubspot_parse_events (GBytes  *body,
                         GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 fc_webhook_event_unref);
  g_autoptr (GError) parse_error = NULL;
  JsonNode *root;
  JsonArray *array;
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (size > 0 && !_fc_json_nesting_fits (data, size))
    g_set_error (&parse_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                 _("nested more than %u levels deep"), FC_JSON_MAX_NESTING);
  if (size == 0 || parse_error != NULL
      || !json_parser_load_from_data (parser, data, (gssize) size, &parse_error))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_INVALID_WEBHOOK,
                   _("HubSpot webhook: the body is not JSON (%s)"),
                   parse_error != NULL ? parse_error->message : _("empty"));
      return NULL;
    }

  /* a body of only white space parses to no root at all */
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_INVALID_WEBHOOK,
                   _("HubSpot webhook: the body is not an array of events"));
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr (GError) event_error = NULL;
      FcWebhookEvent *event;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_INVALID_WEBHOOK,
                       _("HubSpot webhook: event %u is not an object"), i);
          return NULL;
        }
      event = read_event (json_node_get_object (node), i, &event_error);
      if (event_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&event_error));
          return NULL;
        }
      if (event != NULL)
        g_ptr_array_add (events, event);
    }

  return g_steal_pointer (&events);
}
