/* fc-sim-jobber-connections.c: Relay connections as graphql-ruby serves them: offset cursors,
 * first/after/last/before, pageInfo, totalCount, and the date ranges of Jobber's filters
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-jobber"

#include "config.h"

#include <string.h>

#include "fc-sim-jobber-private.h"

/* One page of a list */
typedef struct
{
  char      *node_type;
  GPtrArray *items;         /* the page: FcSimRecord, or JsonObject for line items */
  gpointer   item_extra;    /* the record line items belong to */
  guint      offset;        /* position of the page's first item in the whole list */
  guint      total;
  gboolean   has_next;
  gboolean   has_previous;
} Connection;

static void
connection_free (gpointer data)
{
  Connection *connection = data;

  g_ptr_array_unref (connection->items);
  g_free (connection->node_type);
  g_free (connection);
}

/* Cursors are base64 of the item's 1-based position in the list, as graphql-ruby writes them */
static char *
make_cursor (guint position)
{
  g_autofree char *text = g_strdup_printf ("%u", position);

  return _fc_sim_base64url_encode (text);
}

static gboolean
read_cursor (const char *cursor,
             guint      *position)
{
  g_autofree char *text = cursor != NULL ? _fc_sim_base64url_decode (cursor) : NULL;
  guint64 number;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &number, NULL))
    return FALSE;

  *position = (guint) number;
  return TRUE;
}

static gboolean
read_count (JsonObject  *args,
            const char  *name,
            gint64      *count,
            GError     **error)
{
  JsonNode *node = json_object_get_member (args, name);

  *count = -1;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  *count = json_node_get_int (node);
  if (*count < 0)
    {
      g_set_error (error, FC_SIM_GQL_ERROR, FC_SIM_GQL_ERROR_EXECUTION,
                   "Argument '%s' must be 0 or more, not %" G_GINT64_FORMAT, name, *count);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_position (JsonObject  *args,
               const char  *name,
               gint64      *position,
               GError     **error)
{
  const char *cursor = json_object_get_string_member_with_default (args, name, NULL);
  guint value = 0;

  *position = -1;
  if (cursor == NULL)
    return TRUE;

  if (!read_cursor (cursor, &value))
    {
      g_set_error (error, FC_SIM_GQL_ERROR, FC_SIM_GQL_ERROR_EXECUTION,
                   "Invalid cursor for '%s': \"%s\" is not a cursor of this connection", name,
                   cursor);
      return FALSE;
    }

  *position = value;
  return TRUE;
}

/* A page of @items (all that match, in order; the call takes them) per the field's first,
 * after, last and before. Without first and last the page is the first 100. */
FcSimGqlValue *
_fc_sim_jobber_connection (const FcSimGqlCall  *call,
                           const char          *node_type,
                           GPtrArray           *items,
                           GError             **error)
{
  g_autoptr (GPtrArray) all = items;
  g_autofree char *type_name = g_strconcat (node_type, "Connection", NULL);
  Connection *connection;
  gint64 first, last, after, before;
  guint start = 0;
  guint end = all->len;

  if (!read_count (call->args, "first", &first, error)
      || !read_count (call->args, "last", &last, error)
      || !read_position (call->args, "after", &after, error)
      || !read_position (call->args, "before", &before, error))
    return NULL;

  if (first < 0 && last < 0)
    first = FC_SIM_JOBBER_DEFAULT_PAGE;

  connection = g_new0 (Connection, 1);
  if (after >= 0)
    start = (guint) MIN (after, (gint64) all->len);
  if (before >= 1)
    end = (guint) MIN (before - 1, (gint64) all->len);
  end = MAX (start, end);

  connection->has_previous = after > 0 && start > 0;
  connection->has_next = before >= 1 && end < all->len;
  if (first >= 0 && end - start > first)
    {
      end = start + (guint) first;
      connection->has_next = TRUE;
    }
  if (last >= 0 && end - start > last)
    {
      start = end - (guint) last;
      connection->has_previous = TRUE;
    }

  connection->node_type = g_strdup (node_type);
  connection->items = g_ptr_array_new ();
  for (guint i = start; i < end; i++)
    g_ptr_array_add (connection->items, g_ptr_array_index (all, i));
  connection->item_extra = call->object;
  connection->offset = start;
  connection->total = all->len;

  return _fc_sim_gql_value_object (type_name, connection, NULL, connection_free);
}

static FcSimGqlValue *
item_value (Connection *connection,
            guint       index)
{
  gpointer item = g_ptr_array_index (connection->items, index);

  if (g_str_has_suffix (connection->node_type, "LineItem"))
    return _fc_sim_gql_value_object (connection->node_type, json_object_ref (item),
                                     connection->item_extra,
                                     (GDestroyNotify) json_object_unref);

  return _fc_sim_gql_value_object (connection->node_type, item, NULL, NULL);
}

static FcSimGqlValue *
resolve_connection (const FcSimGqlCall  *call,
                    GError             **error)
{
  Connection *connection = call->object;
  const char *field = call->field_name;
  g_autofree char *edge_type = NULL;
  FcSimGqlValue *list;

  if (g_str_equal (field, "totalCount"))
    return _fc_sim_gql_value_int (connection->total);
  if (g_str_equal (field, "pageInfo"))
    return _fc_sim_gql_value_object ("PageInfo", connection, NULL, NULL);

  list = _fc_sim_gql_value_list ();
  edge_type = g_strconcat (connection->node_type, "Edge", NULL);
  for (guint i = 0; i < connection->items->len; i++)
    {
      if (g_str_equal (field, "nodes"))
        _fc_sim_gql_value_append (list, item_value (connection, i));
      else
        _fc_sim_gql_value_append (list, _fc_sim_gql_value_object (edge_type, connection,
                                                                  GUINT_TO_POINTER (i), NULL));
    }

  return list;
}

static FcSimGqlValue *
resolve_edge (const FcSimGqlCall  *call,
              GError             **error)
{
  Connection *connection = call->object;
  guint index = GPOINTER_TO_UINT (call->extra);
  g_autofree char *cursor = NULL;

  if (g_str_equal (call->field_name, "node"))
    return item_value (connection, index);

  cursor = make_cursor (connection->offset + index + 1);
  return _fc_sim_gql_value_string (cursor);
}

static FcSimGqlValue *
resolve_page_info (const FcSimGqlCall  *call,
                   GError             **error)
{
  Connection *connection = call->object;
  const char *field = call->field_name;
  g_autofree char *cursor = NULL;

  if (g_str_equal (field, "hasNextPage"))
    return _fc_sim_gql_value_boolean (connection->has_next);
  if (g_str_equal (field, "hasPreviousPage"))
    return _fc_sim_gql_value_boolean (connection->has_previous);
  if (connection->items->len == 0)
    return _fc_sim_gql_value_null ();

  cursor = make_cursor (g_str_equal (field, "startCursor")
                        ? connection->offset + 1
                        : connection->offset + connection->items->len);
  return _fc_sim_gql_value_string (cursor);
}

void
_fc_sim_jobber_bind_connections (FcSimGqlSchema *schema)
{
  static const char * const nodes[] = {
    "Client", "Property", "Job", "Quote", "JobLineItem", "QuoteLineItem", NULL
  };

  for (guint i = 0; nodes[i] != NULL; i++)
    {
      g_autofree char *connection = g_strconcat (nodes[i], "Connection", NULL);
      g_autofree char *edge = g_strconcat (nodes[i], "Edge", NULL);

      _fc_sim_gql_schema_bind (schema, connection, NULL, resolve_connection, NULL);
      _fc_sim_gql_schema_bind (schema, edge, NULL, resolve_edge, NULL);
    }
  _fc_sim_gql_schema_bind (schema, "PageInfo", NULL, resolve_page_info, NULL);
}

/* Iso8601DateTimeRangeInput {after, before, eq} of @filter's member @name against a time
 * (@present FALSE: the record has none). Compared to the second, as the API shows times. */
gboolean
_fc_sim_jobber_range_matches (JsonObject *filter,
                              const char *name,
                              gint64      ms,
                              gboolean    present)
{
  JsonObject *range = _fc_sim_json_object (filter, name);
  static const char * const bounds[] = { "after", "before", "eq" };
  gint64 seconds = ms / 1000;

  if (range == NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (bounds); i++)
    {
      const char *text = json_object_get_string_member_with_default (range, bounds[i], NULL);
      gint64 bound_ms = 0;
      gint64 bound;

      if (text == NULL || !_fc_sim_parse_iso (text, &bound_ms))
        continue;
      if (!present)
        return FALSE;
      bound = bound_ms / 1000;
      if ((i == 0 && !(seconds > bound)) || (i == 1 && !(seconds < bound))
          || (i == 2 && seconds != bound))
        return FALSE;
    }

  return TRUE;
}
