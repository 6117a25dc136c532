/* fc-sim-salesforce-query.c: SOQL over REST (query, queryAll) with query locators for the
 * following batches
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-salesforce"

#include "config.h"

#include <string.h>

#include "fc-sim-salesforce-private.h"
#include "fc-sim-soql.h"

#define DEFAULT_BATCH 2000
#define MIN_BATCH 200
#define MAX_BATCH 2000
#define CURSOR_IDLE_MS (15 * 60 * 1000)
#define MAX_CURSORS 10

typedef struct
{
  FcSimSalesforce *sf;
  FcSimSfObject   *object;
} Context;

static FcSimSalesforce *
get_sf (FcSimRequest *req)
{
  return req->provider->state;
}

void
_fc_sim_sf_cursor_free (gpointer data)
{
  FcSimSfCursor *cursor = data;

  g_free (cursor->locator);
  g_ptr_array_unref (cursor->fields);
  g_array_unref (cursor->ids);
  g_free (cursor);
}

/* Binding SOQL to the org's fields */

static gboolean
resolve_field (const char     *name,
               gpointer       *binding,
               FcSimSoqlKind  *kind,
               const char    **type_name,
               gpointer        user_data)
{
  FcSimSfObject *object = user_data;
  FcSimSfField *field = _fc_sim_sf_find_field (object, name);

  if (field == NULL)
    return FALSE;

  *binding = field;
  *type_name = _fc_sim_sf_type_name (field->type);
  switch (field->type)
    {
    case FC_SIM_SF_TYPE_ID:
    case FC_SIM_SF_TYPE_REFERENCE:
      *kind = FC_SIM_SOQL_KIND_ID;
      break;
    case FC_SIM_SF_TYPE_DATETIME:
      *kind = FC_SIM_SOQL_KIND_DATETIME;
      *type_name = "dateTime";
      break;
    case FC_SIM_SF_TYPE_DATE:
      *kind = FC_SIM_SOQL_KIND_DATE;
      break;
    case FC_SIM_SF_TYPE_BOOLEAN:
      *kind = FC_SIM_SOQL_KIND_BOOLEAN;
      break;
    case FC_SIM_SF_TYPE_DOUBLE:
    case FC_SIM_SF_TYPE_CURRENCY:
    case FC_SIM_SF_TYPE_PERCENT:
    case FC_SIM_SF_TYPE_INT:
      *kind = FC_SIM_SOQL_KIND_NUMBER;
      break;
    case FC_SIM_SF_TYPE_ADDRESS:
      *kind = FC_SIM_SOQL_KIND_COMPOUND;
      break;
    case FC_SIM_SF_TYPE_STRING:
    case FC_SIM_SF_TYPE_EMAIL:
    case FC_SIM_SF_TYPE_PHONE:
    case FC_SIM_SF_TYPE_TEXTAREA:
    case FC_SIM_SF_TYPE_URL:
    case FC_SIM_SF_TYPE_PICKLIST:
    default:
      *kind = FC_SIM_SOQL_KIND_STRING;
      *type_name = "string";
      break;
    }

  return TRUE;
}

static JsonNode *
get_value (gpointer row,
           gpointer binding,
           gpointer user_data)
{
  Context *context = user_data;

  return _fc_sim_sf_get_value (context->sf, context->object, row, binding);
}

/* Sforce-Query-Options: batchSize=N, from 200 to 2000 (others are clamped) */
static guint
batch_size (FcSimRequest *req,
            guint         fallback)
{
  const char *header = _fc_sim_request_get_header (req, "Sforce-Query-Options");
  g_auto (GStrv) options = _fc_sim_split_list (header);

  for (guint i = 0; options[i] != NULL; i++)
    {
      guint64 size;

      if (g_ascii_strncasecmp (options[i], "batchSize=", 10) == 0
          && g_ascii_string_to_unsigned (g_strstrip (options[i] + 10), 10, 0, G_MAXUINT32, &size,
                                         NULL))
        return CLAMP ((guint) size, MIN_BATCH, MAX_BATCH);
    }

  return fallback;
}

static void
respond_soql_error (FcSimRequest *req,
                    const GError *error)
{
  _fc_sim_sf_respond_error (req, 400, _fc_sim_soql_error_code (error), error->message, NULL);
}

/* Cursors: closed after 15 idle minutes; an eleventh pushes out the least recently used */

static void
prune_cursors (FcSimSalesforce *sf,
               gint64           now)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, sf->cursors);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FcSimSfCursor *cursor = value;

      if (now - cursor->used_ms > CURSOR_IDLE_MS)
        g_hash_table_iter_remove (&iter);
    }

  while (g_hash_table_size (sf->cursors) >= MAX_CURSORS)
    {
      FcSimSfCursor *oldest = NULL;

      g_hash_table_iter_init (&iter, sf->cursors);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          FcSimSfCursor *cursor = value;

          if (oldest == NULL || cursor->used_ms < oldest->used_ms)
            oldest = cursor;
        }
      g_hash_table_remove (sf->cursors, oldest->locator);
    }
}

static FcSimSfCursor *
open_cursor (FcSimSalesforce *sf,
             FcSimSfObject   *object,
             GPtrArray       *fields,
             GPtrArray       *rows,
             guint            batch,
             gboolean         all_rows,
             gint64           now)
{
  FcSimSfCursor *cursor = g_new0 (FcSimSfCursor, 1);

  prune_cursors (sf, now);
  cursor->locator = _fc_sim_sf_make_id ("01g", sf->next_cursor_seq++);
  cursor->all_rows = all_rows;
  cursor->object = object;
  cursor->fields = g_ptr_array_ref (fields);
  cursor->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), rows->len);
  for (guint i = 0; i < rows->len; i++)
    g_array_append_val (cursor->ids, ((FcSimRecord *) g_ptr_array_index (rows, i))->id);
  cursor->batch_size = batch;
  cursor->used_ms = now;
  g_hash_table_insert (sf->cursors, cursor->locator, cursor);

  return cursor;
}

/* {"totalSize", "done", ["nextRecordsUrl"], "records"} with @rows (FcSimRecord) */
static void
respond_page (FcSimRequest  *req,
              FcSimSfObject *object,
              GPtrArray     *fields,
              GPtrArray     *rows,
              guint          total,
              const char    *next_url)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "totalSize");
  json_builder_add_int_value (builder, total);
  json_builder_set_member_name (builder, "done");
  json_builder_add_boolean_value (builder, next_url == NULL);
  if (next_url != NULL)
    {
      json_builder_set_member_name (builder, "nextRecordsUrl");
      json_builder_add_string_value (builder, next_url);
    }
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    json_builder_add_value (builder,
                            _fc_sim_sf_record_to_json (get_sf (req), object,
                                                       g_ptr_array_index (rows, i), fields,
                                                       _fc_sim_sf_version (req)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _fc_sim_respond_builder (req, 200, builder);
}

static char *
next_url (FcSimRequest  *req,
          FcSimSfCursor *cursor,
          guint          offset)
{
  return g_strdup_printf ("/services/data/%s/%s/%s-%u", _fc_sim_sf_version (req),
                          cursor->all_rows ? "queryAll" : "query", cursor->locator, offset);
}

/* Parses and binds the q parameter; NULL after answering 400 */
static FcSimSoqlQuery *
compile_query (FcSimRequest   *req,
               FcSimSfObject **object)
{
  const char *text = _fc_sim_request_get_query (req, "q");
  g_autoptr (FcSimSoqlQuery) query = NULL;
  g_autoptr (GError) error = NULL;

  if (text == NULL || text[0] == '\0')
    {
      _fc_sim_sf_respond_error (req, 400, "MALFORMED_QUERY", "A query string has to be specified",
                                NULL);
      return NULL;
    }

  query = _fc_sim_soql_parse (text, &error);
  if (query != NULL)
    {
      *object = _fc_sim_sf_find_object (get_sf (req), query->object);
      if (*object == NULL)
        _fc_sim_soql_set_error (&error, FC_SIM_SOQL_ERROR_INVALID_TYPE, text,
                                query->object_position,
                                "sObject type '%s' is not supported. If you are attempting to "
                                "use a custom object, be sure to append the '__c' after the "
                                "entity name. Please reference your WSDL or the describe call for "
                                "the appropriate names.", query->object);
      else
        _fc_sim_soql_bind (query, resolve_field, *object, &error);
    }
  if (error != NULL)
    {
      respond_soql_error (req, error);
      return NULL;
    }

  return g_steal_pointer (&query);
}

/* The records the query selects, sorted, with OFFSET and LIMIT applied */
static GPtrArray *
select_rows (FcSimSalesforce *sf,
             FcSimSfObject   *object,
             FcSimSoqlQuery  *query,
             gboolean         all_rows)
{
  GPtrArray *rows = g_ptr_array_new ();
  Context context = { sf, object };
  guint start, end;

  for (guint i = 0; i < _fc_sim_collection_get_length (object->records); i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (object->records, i);

      if ((record->deleted_ms == 0 || all_rows)
          && _fc_sim_soql_matches (query, record, get_value, &context))
        g_ptr_array_add (rows, record);
    }
  _fc_sim_soql_sort (query, rows, get_value, &context);

  start = MIN ((guint) MAX (query->offset, 0), rows->len);
  end = query->limit >= 0 ? MIN (rows->len, start + (guint) query->limit) : rows->len;
  g_ptr_array_remove_range (rows, end, rows->len - end);
  g_ptr_array_remove_range (rows, 0, start);

  return rows;
}

static void
run_query (FcSimRequest *req,
           gboolean      all_rows)
{
  FcSimSalesforce *sf = get_sf (req);
  FcSimSfObject *object = NULL;
  g_autoptr (FcSimSoqlQuery) query = compile_query (req, &object);
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GPtrArray) fields = g_ptr_array_new ();
  g_autoptr (GPtrArray) page = g_ptr_array_new ();
  g_autofree char *url = NULL;
  guint batch;

  if (query == NULL)
    return;

  rows = select_rows (sf, object, query, all_rows);
  if (query->count_only)
    {
      respond_page (req, object, fields, NULL, rows->len, NULL);
      return;
    }

  for (guint i = 0; i < query->fields->len; i++)
    g_ptr_array_add (fields, ((FcSimSoqlField *) g_ptr_array_index (query->fields, i))->binding);

  batch = batch_size (req, DEFAULT_BATCH);
  for (guint i = 0; i < MIN (batch, rows->len); i++)
    g_ptr_array_add (page, g_ptr_array_index (rows, i));
  if (rows->len > batch)
    {
      FcSimSfCursor *cursor = open_cursor (sf, object, fields, rows, batch, all_rows,
                                           _fc_sim_now_ms (req->sim));

      url = next_url (req, cursor, batch);
    }

  respond_page (req, object, fields, page, rows->len, url);
}

static void
handle_query (FcSimRequest *req)
{
  run_query (req, FALSE);
}

static void
handle_query_all (FcSimRequest *req)
{
  run_query (req, TRUE);
}

/* GET /query/01g...-2000: the batch from that offset */
static void
handle_more (FcSimRequest *req)
{
  FcSimSalesforce *sf = get_sf (req);
  const char *param = _fc_sim_request_get_param (req, "locator");
  const char *dash = strrchr (param, '-');
  g_autofree char *locator = dash != NULL ? g_strndup (param, dash - param) : g_strdup (param);
  g_autoptr (GPtrArray) page = g_ptr_array_new ();
  g_autofree char *url = NULL;
  gint64 now = _fc_sim_now_ms (req->sim);
  FcSimSfCursor *cursor = g_hash_table_lookup (sf->cursors, locator);
  guint64 offset = 0;
  guint batch, end;

  if (cursor != NULL && now - cursor->used_ms > CURSOR_IDLE_MS)
    {
      g_hash_table_remove (sf->cursors, locator);
      cursor = NULL;
    }
  if (cursor == NULL || dash == NULL
      || !g_ascii_string_to_unsigned (dash + 1, 10, 1, G_MAXUINT32, &offset, NULL)
      || offset >= cursor->ids->len)
    {
      _fc_sim_sf_respond_error (req, 400, "INVALID_QUERY_LOCATOR", "invalid query locator", NULL);
      return;
    }

  cursor->used_ms = now;
  batch = batch_size (req, cursor->batch_size);
  end = MIN (cursor->ids->len, (guint) offset + batch);
  for (guint i = (guint) offset; i < end; i++)
    {
      FcSimRecord *record = _fc_sim_collection_lookup (cursor->object->records,
                                                       g_array_index (cursor->ids, gint64, i));

      if (record != NULL)
        g_ptr_array_add (page, record);
    }
  if (end < cursor->ids->len)
    url = next_url (req, cursor, end);

  respond_page (req, cursor->object, cursor->fields, page, cursor->ids->len, url);
}

void
_fc_sim_sf_register_query_routes (FcSimSalesforce *sf)
{
  FcSim *sim = sf->provider->sim;
  static const struct
  {
    const char   *pattern;
    const char   *counter;
    FcSimHandler  handler;
  } routes[] = {
    { "/services/data/{version}/query", "/services/data/vXX.X/query", handle_query },
    { "/services/data/{version}/queryAll", "/services/data/vXX.X/queryAll", handle_query_all },
    { "/services/data/{version}/query/{locator}", "/services/data/vXX.X/query/{locator}",
      handle_more },
    { "/services/data/{version}/queryAll/{locator}", "/services/data/vXX.X/queryAll/{locator}",
      handle_more },
  };

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    _fc_sim_add_route (sim, sf->provider, FC_SIM_SF_INSTANCE_MOUNT, "GET", routes[i].pattern,
                       routes[i].counter, FC_SIM_ROUTE_API, 1,
                       routes[i].handler, NULL);
}
