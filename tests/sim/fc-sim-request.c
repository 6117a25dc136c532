/* fc-sim-request.c: one request to the simulator and the answer it builds
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim"

#include "config.h"

#include <string.h>

#include "fc-sim-private.h"

static GHashTable *
parse_query (const char *query_string)
{
  GHashTable *query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GUriParamsIter iter;
  char *name = NULL;
  char *value = NULL;

  if (query_string == NULL || query_string[0] == '\0')
    return query;

  g_uri_params_iter_init (&iter, query_string, -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &name, &value, NULL))
    {
      const char *previous = g_hash_table_lookup (query, name);

      if (previous != NULL)
        {
          char *joined = g_strconcat (previous, ",", value, NULL);

          g_free (value);
          value = joined;
        }
      g_hash_table_replace (query, name, value);
      name = NULL;
      value = NULL;
    }

  return query;
}

FcSimRequest *
_fc_sim_request_new (FcSim              *sim,
                     const char         *method,
                     const char         *path,
                     const char         *query_string,
                     SoupMessageHeaders *headers,
                     GBytes             *body)
{
  FcSimRequest *req = g_new0 (FcSimRequest, 1);

  req->sim = sim;
  req->method = g_strdup (method);
  req->path = g_strdup (path);
  req->query_string = g_strdup (query_string);
  req->query = parse_query (query_string);
  req->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  req->request_headers = soup_message_headers_ref (headers);
  req->body = g_bytes_ref (body);
  req->response_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

  return req;
}

void
_fc_sim_request_free (FcSimRequest *req)
{
  g_free (req->method);
  g_free (req->path);
  g_free (req->query_string);
  g_hash_table_unref (req->query);
  g_hash_table_unref (req->params);
  soup_message_headers_unref (req->request_headers);
  g_bytes_unref (req->body);
  g_clear_pointer (&req->json, json_node_unref);
  soup_message_headers_unref (req->response_headers);
  g_free (req->content_type);
  g_clear_pointer (&req->response, g_bytes_unref);
  g_free (req);
}

const char *
_fc_sim_request_get_query (FcSimRequest *req,
                           const char   *name)
{
  return g_hash_table_lookup (req->query, name);
}

const char *
_fc_sim_request_get_param (FcSimRequest *req,
                           const char   *name)
{
  return g_hash_table_lookup (req->params, name);
}

const char *
_fc_sim_request_get_header (FcSimRequest *req,
                            const char   *name)
{
  return soup_message_headers_get_one (req->request_headers, name);
}

/* Parses the body as JSON once; an empty body is an error. */
JsonNode *
_fc_sim_request_get_json (FcSimRequest  *req,
                          GError       **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (req->body, &size);
  g_autoptr (JsonParser) parser = NULL;

  if (req->json != NULL)
    return req->json;

  if (size == 0)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID, "The request body is empty");
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;

  req->json = json_node_ref (json_parser_get_root (parser));
  return req->json;
}

/* The body as application/x-www-form-urlencoded fields. */
GHashTable *
_fc_sim_request_get_form (FcSimRequest *req)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (req->body, &size);
  g_autofree char *text = g_strndup (data, size);

  return parse_query (text);
}

char *
_fc_sim_request_get_bearer (FcSimRequest *req)
{
  const char *value = _fc_sim_request_get_header (req, "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;

  value += 7;
  while (*value == ' ')
    value++;

  return value[0] != '\0' ? g_strdup (value) : NULL;
}

gboolean
_fc_sim_request_get_basic (FcSimRequest  *req,
                           char         **user,
                           char         **password)
{
  const char *value = _fc_sim_request_get_header (req, "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  char *colon;

  if (value == NULL || g_ascii_strncasecmp (value, "Basic ", 6) != 0)
    return FALSE;

  decoded = g_base64_decode (value + 6, &length);
  text = g_strndup ((const char *) decoded, length);
  colon = strchr (text, ':');
  if (colon == NULL)
    return FALSE;

  *colon = '\0';
  *user = g_strdup (text);
  *password = g_strdup (colon + 1);

  return TRUE;
}

/* Reads an unsigned integer query parameter; FALSE when present but not a number. */
gboolean
_fc_sim_request_query_uint (FcSimRequest *req,
                            const char   *name,
                            guint         fallback,
                            guint        *value)
{
  const char *text = _fc_sim_request_get_query (req, name);
  guint64 number;

  *value = fallback;
  if (text == NULL || text[0] == '\0')
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &number, NULL))
    return FALSE;

  *value = (guint) number;
  return TRUE;
}

static void
set_body (FcSimRequest *req,
          guint         status,
          const char   *content_type,
          char         *text)
{
  req->status = status;
  g_free (req->content_type);
  req->content_type = g_strdup (content_type);
  g_clear_pointer (&req->response, g_bytes_unref);
  if (text != NULL)
    req->response = g_bytes_new_take (text, strlen (text));
}

/* Answers with @node, which the call consumes. */
void
_fc_sim_respond_json (FcSimRequest *req,
                      guint         status,
                      JsonNode     *node)
{
  GString *text = g_string_sized_new (256);

  _fc_sim_json_append (text, node);
  json_node_unref (node);
  _fc_sim_respond_json_text (req, status, text);
}

/* Answers with JSON text already written, which the call consumes. */
void
_fc_sim_respond_json_text (FcSimRequest *req,
                           guint         status,
                           GString      *text)
{
  set_body (req, status, "application/json;charset=utf-8", g_string_free (text, FALSE));
}

void
_fc_sim_respond_builder (FcSimRequest *req,
                         guint         status,
                         JsonBuilder  *builder)
{
  _fc_sim_respond_json (req, status, json_builder_get_root (builder));
}

void
_fc_sim_respond_empty (FcSimRequest *req,
                       guint         status)
{
  set_body (req, status, NULL, NULL);
}

void
_fc_sim_respond_text (FcSimRequest *req,
                      guint         status,
                      const char   *content_type,
                      const char   *text)
{
  set_body (req, status, content_type, g_strdup (text));
}

void
_fc_sim_respond_redirect (FcSimRequest *req,
                          const char   *location)
{
  _fc_sim_set_header (req, "Location", location);
  set_body (req, 302, "text/html", g_strdup_printf ("<a href=\"%s\">Redirecting</a>\n",
                                                    location));
}

void
_fc_sim_set_header (FcSimRequest *req,
                    const char   *name,
                    const char   *value)
{
  soup_message_headers_replace (req->response_headers, name, value);
}

/* The public URL of the mount this request came in on, e.g. http://127.0.0.1:PORT/hubspot */
char *
_fc_sim_request_get_base (FcSimRequest *req)
{
  const char *base = req->sim->base_url != NULL ? req->sim->base_url : "http://127.0.0.1";

  if (req->route == NULL)
    return g_strdup (base);

  return g_strdup_printf ("%s/%s", base, req->route->mount);
}

/* Control API errors: {"error": "...", "code": "..."} */
void
_fc_sim_respond_control_error (FcSimRequest *req,
                               const GError *error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  guint status = 400;
  const char *code = "invalid";

  if (error->domain == FC_SIM_ERROR)
    {
      switch ((FcSimError) error->code)
        {
        case FC_SIM_ERROR_NOT_FOUND:
        case FC_SIM_ERROR_UNKNOWN_PROVIDER:
          status = 404;
          code = "not_found";
          break;
        case FC_SIM_ERROR_CONFLICT:
          status = 409;
          code = "conflict";
          break;
        case FC_SIM_ERROR_FAILED:
          status = 500;
          code = "failed";
          break;
        case FC_SIM_ERROR_INVALID:
        default:
          break;
        }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error->message);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, status, builder);
}
