/* test-input-regressions.c: inputs the fuzzers (tests/fuzz) found to break a parser
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case is the smallest form of an input that made a parser of outside input fail (a
 * critical, which G_DEBUG=fatal-criticals turns into an abort here, or a sanitizer report), so
 * that the regular suite keeps checking it without clang.
 */

#include "config.h"

#include "fc-auth-private.h"
#include "fc-connector.h"
#include "fc-http-private.h"
#include "fc-hubspot-connector-private.h"
#include "fc-jobber-connector.h"
#include "fc-pipedrive-connector-private.h"
#include "fc-salesforce-connector-private.h"

#define WEBHOOK_SECRET "regression-secret"

/* ---- webhook bodies -------------------------------------------------------------------- */

typedef struct {
  const char *name;
  FcProvider  provider;
  const char *body;
  int         expected_code;   /* FcConnectorError, or -1: parsed, with this many events */
  guint       n_events;
  gsize       depth;           /* open brackets appended to body */
} WebhookCase;

/* @text followed by @depth open brackets */
static GBytes *
deep_bytes (const char *text,
            gsize       depth)
{
  gsize length = strlen (text);
  char *data = g_malloc (length + depth + 1);

  memcpy (data, text, length);
  memset (data + length, '[', depth);
  data[length + depth] = '\0';
  return g_bytes_new_take (data, length + depth);
}

static const WebhookCase webhook_cases[] = {
  /* JSON of only white space parses to no root at all */
  { "hubspot/white-space-body", FC_PROVIDER_HUBSPOT, " \n", FC_CONNECTOR_ERROR_INVALID_WEBHOOK },
  { "pipedrive/white-space-body", FC_PROVIDER_PIPEDRIVE, "\n",
    FC_CONNECTOR_ERROR_INVALID_WEBHOOK },
  { "jobber/white-space-body", FC_PROVIDER_JOBBER, "\t\n ", FC_CONNECTOR_ERROR_INVALID_WEBHOOK },
  /* a Unix time in seconds too large to be counted in milliseconds */
  { "pipedrive/huge-timestamp", FC_PROVIDER_PIPEDRIVE,
    "{\"meta\":{\"action\":\"change\",\"object\":\"person\",\"id\":4,"
    "\"timestamp\":9223372036854775807}}", -1, 1 },
  /* nested deeper than json-glib's recursive parser has stack for */
  { "hubspot/deep-body", FC_PROVIDER_HUBSPOT, "", FC_CONNECTOR_ERROR_INVALID_WEBHOOK, 0, 200000 },
  { "pipedrive/deep-body", FC_PROVIDER_PIPEDRIVE, "", FC_CONNECTOR_ERROR_INVALID_WEBHOOK, 0,
    200000 },
  { "jobber/deep-body", FC_PROVIDER_JOBBER, "", FC_CONNECTOR_ERROR_INVALID_WEBHOOK, 0, 200000 },
};

/* Signs @body as the provider would, with WEBHOOK_SECRET. */
static SoupMessageHeaders *
signed_headers (FcProvider  provider,
                GBytes     *body)
{
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *signature = NULL;
  g_autofree char *value = NULL;

  switch (provider)
    {
    case FC_PROVIDER_HUBSPOT:
      signature = fc_hubspot_signature_v1 (WEBHOOK_SECRET, body);
      soup_message_headers_append (headers, "X-HubSpot-Signature", signature);
      break;
    case FC_PROVIDER_PIPEDRIVE:
      signature = g_base64_encode ((const guchar *) WEBHOOK_SECRET, strlen (WEBHOOK_SECRET));
      value = g_strconcat ("Basic ", signature, NULL);
      soup_message_headers_append (headers, "Authorization", value);
      break;
    case FC_PROVIDER_JOBBER:
      signature = fc_jobber_webhook_signature (WEBHOOK_SECRET, body);
      soup_message_headers_append (headers, "X-Jobber-Hmac-SHA256", signature);
      break;
    case FC_PROVIDER_SALESFORCE:
    default:
      g_assert_not_reached ();
    }
  return headers;
}

static void
test_webhook (gconstpointer data)
{
  const WebhookCase *wc = data;
  g_autoptr (FcConnection) connection = fc_connection_new (wc->provider);
  g_autoptr (FcSecrets) secrets = fc_secrets_new ();
  g_autoptr (FcAuth) auth = fc_auth_new (secrets);
  g_autoptr (FcConnector) connector = NULL;
  g_autoptr (GBytes) body = deep_bytes (wc->body, wc->depth);
  g_autoptr (SoupMessageHeaders) headers = signed_headers (wc->provider, body);
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;

  connector = fc_connector_new (connection, auth, &error);
  g_assert_no_error (error);
  events = fc_connector_parse_webhook (connector, "POST", "https://fc.example/webhooks",
                                       headers, body, WEBHOOK_SECRET, &error);
  if (wc->expected_code >= 0)
    {
      g_assert_error (error, FC_CONNECTOR_ERROR, wc->expected_code);
      g_assert_null (events);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_nonnull (events);
      g_assert_cmpuint (events->len, ==, wc->n_events);
    }
}

/* ---- records in API answers ------------------------------------------------------------ */

typedef struct {
  const char *name;
  FcProvider  provider;
  const char *object_type;
  const char *json;
  const char *field;        /* a field the record must have */
} RecordCase;

static const RecordCase record_cases[] = {
  /* JSON allows "" as a member name; a record field does not */
  { "hubspot/empty-property-name", FC_PROVIDER_HUBSPOT, "contacts",
    "{\"id\":\"5101\",\"properties\":{\"\":\"x\",\"email\":\"ana@example.com\"}}", "email" },
  { "pipedrive/empty-member-name", FC_PROVIDER_PIPEDRIVE, "deals",
    "{\"id\":5,\"\":\"x\",\"title\":\"Boiler\"}", "title" },
};

static void
test_record (gconstpointer data)
{
  const RecordCase *rc = data;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GListStore) catalogue = g_list_store_new (FC_TYPE_FIELD_INFO);
  g_autoptr (FcRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) fields = NULL;
  JsonObject *object;

  root = json_from_string (rc->json, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);

  if (rc->provider == FC_PROVIDER_HUBSPOT)
    record = _fc_hubspot_record_from_json (_fc_hubspot_find_type (rc->object_type), object);
  else
    record = _fc_pipedrive_record_from_json (_fc_pipedrive_find_type (rc->object_type), object,
                                             G_LIST_MODEL (catalogue));

  g_assert_nonnull (record);
  g_assert_true (fc_record_has_field (record, rc->field));
  fields = fc_record_list_fields (record);
  for (guint i = 0; fields[i] != NULL; i++)
    g_assert_cmpstr (fields[i], !=, "");
}

/* ---- token endpoint answers ------------------------------------------------------------ */

typedef struct {
  const char *name;
  FcProvider  provider;
  const char *body;
  gboolean    accepted;
  gsize       depth;           /* open brackets appended to body */
} TokenCase;

static const TokenCase token_cases[] = {
  /* lifetimes that overflowed when added to now, or could not be converted */
  { "expires-in-max-int64", FC_PROVIDER_HUBSPOT,
    "{\"access_token\":\"a\",\"expires_in\":9223372036854775807}", FALSE },
  { "expires-in-huge-double", FC_PROVIDER_HUBSPOT,
    "{\"access_token\":\"a\",\"expires_in\":1e300}", FALSE },
  { "expires-in-long-digits", FC_PROVIDER_PIPEDRIVE,
    "{\"access_token\":\"a\",\"expires_in\":\"99999999999999999999999\"}", FALSE },
  { "expires-in-hour", FC_PROVIDER_PIPEDRIVE,
    "{\"access_token\":\"a\",\"expires_in\":\"3600\"}", TRUE },
  /* a JWT (Jobber) whose exp is a double beyond gint64: no expiry from it */
  { "jwt-exp-huge-double", FC_PROVIDER_JOBBER,
    "{\"access_token\":\"eyJhbGciOiJub25lIn0.eyJleHAiOjFlMzAwfQ.c2ln\",\"expires_in\":60}",
    TRUE },
  /* nested deeper than json-glib's recursive parser has stack for */
  { "deep-body", FC_PROVIDER_SALESFORCE, "", FALSE, 200000 },
};

static void
test_token (gconstpointer data)
{
  const TokenCase *tc = data;
  FcAuthClient client = { (char *) "id", (char *) "secret", FALSE };
  const char * const secrets[] = { "secret", NULL };
  g_autoptr (GBytes) body = deep_bytes (tc->body, tc->depth);
  g_autoptr (FcToken) token = NULL;
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  token = _fc_auth_parse_token_response (fc_provider_info_get (tc->provider), 200, body, &client,
                                         NULL, FALSE, secrets, &error);
  if (!tc->accepted)
    {
      g_assert_error (error, FC_AUTH_ERROR, FC_AUTH_ERROR_BAD_RESPONSE);
      g_assert_null (token);
      return;
    }
  g_assert_no_error (error);
  g_assert_nonnull (token);
  /* whatever the answer, the expiry is in the near future, not wrapped around */
  g_assert_cmpint (fc_token_get_expires_at (token), >, now);
  g_assert_cmpint (fc_token_get_expires_at (token), <=, now + 3600 + 60);
}

/* ---- HTTP answers ---------------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *reset;        /* x-ratelimit-reset, seconds */
  gint64      delay_ms;     /* what a 429 with it asks to wait, or -1: a backoff */
} ResetCase;

static const ResetCase reset_cases[] = {
  /* seconds whose conversion to milliseconds overflowed a gint64, or was no number */
  { "huge", "1e300", (gint64) G_MAXUINT32 * 1000 },
  { "nan", "nan", -1 },
  { "min-int64", "-9223372036854775808", -1 },
  { "fraction", "1.5", 1500 },
};

static void
test_rate_reset (gconstpointer data)
{
  const ResetCase *rc = data;
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr (FcRateLimiter) limiter = fc_rate_limiter_new (100, 10000);
  gint64 now = 1000 * G_USEC_PER_SEC;
  gint64 wait;

  soup_message_headers_append (headers, "x-ratelimit-remaining", "0");
  soup_message_headers_append (headers, "x-ratelimit-reset", rc->reset);
  g_assert_cmpint (_fc_http_rate_limit_delay_ms (headers), ==, rc->delay_ms);

  /* nothing left: the limiter waits until the reset, or one window when it said none */
  _fc_http_observe_rate_headers (limiter, headers, now);
  wait = fc_rate_limiter_reserve (limiter, now);
  g_assert_cmpint (wait, >, 0);
  g_assert_cmpint (wait, ==, (rc->delay_ms >= 0 ? rc->delay_ms : 10000) * 1000);
}

/* Nested past the strict reader's limit and not strict JSON (invalid UTF-8): json-glib's
 * recursive parser, which it fell back to, overflowed the stack. */
static void
test_deep_body (void)
{
  gsize depth = 200000;
  g_autofree char *data = g_malloc (depth + 1);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) failure = NULL;
  g_autofree char *code = NULL;
  JsonNode *root;

  data[0] = (char) 0xff;
  memset (data + 1, '[', depth);
  root = _fc_http_parse_body ("HubSpot", "Reading", 200, data, depth + 1, &error);
  g_assert_null (root);
  g_assert_error (error, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_BAD_RESPONSE);

  /* the same body as an error answer: the status alone then */
  body = g_bytes_new_take (g_steal_pointer (&data), depth + 1);
  failure = _fc_http_error_from_body ("HubSpot", "Reading", 500, body, &code);
  g_assert_error (failure, FC_CONNECTOR_ERROR, FC_CONNECTOR_ERROR_SERVER);
  g_assert_nonnull (strstr (failure->message, "[HTTP 500]"));
  g_assert_null (code);
}

/* ---- Salesforce answers ---------------------------------------------------------------- */

/* A totalSize that is not a number was read with json_object_get_int_member (): a critical. */
static void
test_salesforce_total_size (void)
{
  g_autoptr (JsonNode) root = json_from_string ("{\"totalSize\":{},\"done\":true,"
                                                "\"records\":[{\"Id\":\"003xx000004TmiQAAS\"}]}",
                                                NULL);
  g_autoptr (GListStore) fields = g_list_store_new (FC_TYPE_FIELD_INFO);
  g_autoptr (FcRecordPage) page = NULL;
  g_autoptr (GError) error = NULL;

  page = _fc_salesforce_page_from_answer ("Contact", "Listing", G_LIST_MODEL (fields), -1, -1,
                                          root, &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);
  g_assert_cmpuint (fc_record_page_get_records (page)->len, ==, 1);
  g_assert_null (fc_record_page_get_next_page_token (page));
}

/* An errors[] entry whose fields[] held an object was read with
 * json_array_get_string_element (): a critical. */
static void
test_salesforce_error_fields (void)
{
  g_autoptr (JsonNode) root = json_from_string (
    "[{\"success\":false,\"errors\":[{\"statusCode\":\"INVALID_FIELD\",\"message\":\"Bad\","
    "\"fields\":[{},1,\"Foo__c\"]}]}]", NULL);
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  FcWriteResult *result;

  g_ptr_array_add (records, fc_record_new ("Contact", "003xx000004TmiQAAS"));
  results = _fc_salesforce_read_write_results ("Contact", "update", records, root);
  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_false (fc_write_result_get_success (result));
  g_assert_cmpstr (fc_write_result_get_provider_code (result), ==, "INVALID_FIELD");
  g_assert_error (fc_write_result_get_error (result), FC_CONNECTOR_ERROR,
                  FC_CONNECTOR_ERROR_VALIDATION);
  g_assert_nonnull (strstr (fc_write_result_get_error (result)->message,
                            "Bad [INVALID_FIELD: Foo__c]"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (webhook_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/input-regressions/webhook/%s",
                                               webhook_cases[i].name);

      g_test_add_data_func (path, &webhook_cases[i], test_webhook);
    }
  for (guint i = 0; i < G_N_ELEMENTS (record_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/input-regressions/record/%s",
                                               record_cases[i].name);

      g_test_add_data_func (path, &record_cases[i], test_record);
    }

  for (guint i = 0; i < G_N_ELEMENTS (token_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/input-regressions/token/%s",
                                               token_cases[i].name);

      g_test_add_data_func (path, &token_cases[i], test_token);
    }

  for (guint i = 0; i < G_N_ELEMENTS (reset_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/input-regressions/http/rate-reset-%s",
                                               reset_cases[i].name);

      g_test_add_data_func (path, &reset_cases[i], test_rate_reset);
    }
  g_test_add_func ("/fc/input-regressions/http/deep-body", test_deep_body);
  g_test_add_func ("/fc/input-regressions/salesforce/total-size-object",
                   test_salesforce_total_size);
  g_test_add_func ("/fc/input-regressions/salesforce/error-fields-not-strings",
                   test_salesforce_error_fields);

  return g_test_run ();
}
