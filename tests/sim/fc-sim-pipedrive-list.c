/* fc-sim-pipedrive-list.c: Pipedrive v2 lists (cursor paging, updated_since, sorting, filters)
 * and the search endpoints
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-pipedrive"

#include "config.h"

#include <string.h>

#include "fc-sim-pipedrive-private.h"

#define LIMIT_DEFAULT 100
#define LIMIT_MAX 500
#define IDS_MAX 100
#define CUSTOM_KEYS_MAX 15
#define DELETED_KEPT_MS (30LL * 24 * 60 * 60 * 1000)

typedef struct
{
  const char *sort_by;
  gboolean    descending;
  gint64      since_s;     /* G_MININT64: no bound */
  gint64      until_s;     /* G_MAXINT64: no bound */
  GArray     *ids;         /* gint64, or NULL */
  gint64      owner_id;    /* 0: any */
  gint64      org_id;
  gint64      person_id;
  gint64      pipeline_id;
  gint64      stage_id;
  const char *status;
  gboolean    archived;
} Query;

typedef struct
{
  FcSimRecord *record;
  gint64       key;
} Row;

static gint64
sort_key (FcSimRecord *record,
          const char  *sort_by)
{
  if (g_str_equal (sort_by, "update_time"))
    return record->updated_ms / 1000;
  if (g_str_equal (sort_by, "add_time"))
    return record->created_ms / 1000;

  return record->id;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Row *x = a;
  const Row *y = b;
  const Query *query = user_data;
  int order;

  if (x->key != y->key)
    order = x->key < y->key ? -1 : 1;
  else
    order = x->record->id < y->record->id ? -1 : x->record->id > y->record->id;

  return query->descending ? -order : order;
}

static char *
encode_cursor (const Query *query,
               const Row   *row)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, query->sort_by);
  json_builder_set_member_name (builder, "fieldValue");
  if (g_str_equal (query->sort_by, "id"))
    {
      json_builder_add_int_value (builder, row->key);
    }
  else
    {
      g_autofree char *time = _fc_sim_format_iso_s (row->key * 1000);

      json_builder_add_string_value (builder, time);
    }
  json_builder_set_member_name (builder, "sortDirection");
  json_builder_add_string_value (builder, query->descending ? "desc" : "asc");
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, row->record->id);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  text = _fc_sim_json_to_string (node);
  return _fc_sim_base64url_encode (text);
}

/* Decodes a cursor into the sort key and id of the row it points at, the first row of the
 * next page. */
static gboolean
decode_cursor (const Query *query,
               const char  *cursor,
               gint64      *key,
               gint64      *id)
{
  g_autofree char *text = _fc_sim_base64url_decode (cursor);
  g_autoptr (JsonNode) node = text != NULL ? _fc_sim_json_from_string (text, NULL) : NULL;
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                                      : NULL;
  JsonNode *value;
  JsonNode *id_node;
  gint64 ms;

  if (object == NULL
      || g_strcmp0 (json_object_get_string_member_with_default (object, "field", NULL),
                    query->sort_by) != 0
      || g_strcmp0 (json_object_get_string_member_with_default (object, "sortDirection", NULL),
                    query->descending ? "desc" : "asc") != 0)
    return FALSE;

  id_node = json_object_get_member (object, "id");
  value = json_object_get_member (object, "fieldValue");
  if (id_node == NULL || !JSON_NODE_HOLDS_VALUE (id_node)
      || json_node_get_value_type (id_node) != G_TYPE_INT64
      || value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return FALSE;

  *id = json_node_get_int (id_node);
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    *key = json_node_get_int (value);
  else if (json_node_get_value_type (value) == G_TYPE_STRING
           && _fc_sim_parse_iso (json_node_get_string (value), &ms))
    *key = ms / 1000;
  else
    return FALSE;

  return TRUE;
}

static gboolean
read_int (FcSimRequest *req,
          const char   *name,
          gint64       *value)
{
  const char *text = _fc_sim_request_get_query (req, name);
  g_autofree char *message = NULL;

  *value = 0;
  if (text == NULL || _fc_sim_str_to_int64 (text, value))
    return TRUE;

  message = g_strdup_printf ("Validation failed: %s must be an integer, not %s", name, text);
  _fc_sim_pipedrive_respond (req, 400, message, NULL);
  return FALSE;
}

static gboolean
read_time (FcSimRequest *req,
           const char   *name,
           gint64        fallback,
           gint64       *seconds)
{
  const char *text = _fc_sim_request_get_query (req, name);
  g_autofree char *message = NULL;
  gint64 ms;

  *seconds = fallback;
  if (text == NULL)
    return TRUE;
  if (strchr (text, 'T') != NULL && _fc_sim_parse_iso (text, &ms))
    {
      *seconds = ms / 1000;
      return TRUE;
    }

  message = g_strdup_printf ("Validation failed: %s must be an RFC 3339 date-time such as "
                             "2025-01-01T10:20:00Z, not %s", name, text);
  _fc_sim_pipedrive_respond (req, 400, message, NULL);
  return FALSE;
}

static gboolean
read_limit (FcSimRequest *req,
            guint        *limit)
{
  g_autofree char *message = NULL;

  if (_fc_sim_request_query_uint (req, "limit", LIMIT_DEFAULT, limit) && *limit <= LIMIT_MAX)
    {
      if (*limit == 0)
        *limit = LIMIT_DEFAULT;
      return TRUE;
    }

  message = g_strdup_printf ("Validation failed: limit must be an integer from 1 to %d, not %s",
                             LIMIT_MAX, _fc_sim_request_get_query (req, "limit"));
  _fc_sim_pipedrive_respond (req, 400, message, NULL);
  return FALSE;
}

static gboolean
read_ids (FcSimRequest *req,
          Query        *query)
{
  g_auto (GStrv) parts = NULL;

  if (_fc_sim_request_get_query (req, "ids") == NULL)
    return TRUE;

  parts = _fc_sim_split_list (_fc_sim_request_get_query (req, "ids"));
  query->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 id;

      if (i >= IDS_MAX || !_fc_sim_str_to_int64 (parts[i], &id))
        {
          _fc_sim_pipedrive_respond (req, 400, "Validation failed: ids must be up to 100 "
                                     "comma-separated integers", NULL);
          return FALSE;
        }
      g_array_append_val (query->ids, id);
    }

  return TRUE;
}

static gboolean
read_query (FcSimRequest *req,
            Query        *query)
{
  const char *direction = _fc_sim_request_get_query (req, "sort_direction");
  const FcSimPipedriveEntity *entity = req->route->data;

  query->sort_by = _fc_sim_request_get_query (req, "sort_by");
  if (query->sort_by == NULL)
    query->sort_by = "id";
  if (!g_str_equal (query->sort_by, "id") && !g_str_equal (query->sort_by, "update_time")
      && !g_str_equal (query->sort_by, "add_time"))
    {
      _fc_sim_pipedrive_respond (req, 400, "Validation failed: sort_by must be id, update_time "
                                 "or add_time", NULL);
      return FALSE;
    }
  if (direction != NULL && !g_str_equal (direction, "asc") && !g_str_equal (direction, "desc"))
    {
      _fc_sim_pipedrive_respond (req, 400, "Validation failed: sort_direction must be asc or "
                                 "desc", NULL);
      return FALSE;
    }
  query->descending = g_strcmp0 (direction, "desc") == 0;

  query->status = entity->id == FC_SIM_PD_DEALS ? _fc_sim_request_get_query (req, "status")
                                                : NULL;
  if (query->status != NULL && !g_str_equal (query->status, "open")
      && !g_str_equal (query->status, "won") && !g_str_equal (query->status, "lost")
      && !g_str_equal (query->status, "deleted"))
    {
      _fc_sim_pipedrive_respond (req, 400, "Validation failed: status must be open, won, lost "
                                 "or deleted", NULL);
      return FALSE;
    }
  query->archived = g_str_has_suffix (req->route->pattern, "/archived");

  return read_time (req, "updated_since", G_MININT64, &query->since_s)
         && read_time (req, "updated_until", G_MAXINT64, &query->until_s)
         && read_ids (req, query)
         && read_int (req, "owner_id", &query->owner_id)
         && read_int (req, "org_id", &query->org_id)
         && read_int (req, "person_id", &query->person_id)
         && read_int (req, "pipeline_id", &query->pipeline_id)
         && read_int (req, "stage_id", &query->stage_id);
}

static gboolean
int_field_is (FcSimRecord *record,
              const char  *name,
              gint64       fallback,
              gint64       wanted)
{
  return wanted == 0 || json_object_get_int_member_with_default (record->fields, name,
                                                                 fallback) == wanted;
}

static gboolean
record_matches (FcSimPipedrive *pd,
                const Query    *query,
                FcSimRecord    *record,
                gint64          now)
{
  gint64 updated_s = record->updated_ms / 1000;
  gboolean found = query->ids == NULL;
  const char *status = json_object_get_string_member_with_default (record->fields, "status",
                                                                   "open");

  if (g_strcmp0 (query->status, "deleted") == 0)
    {
      if (record->deleted_ms == 0 || record->deleted_ms < now - DELETED_KEPT_MS)
        return FALSE;
    }
  else if (record->deleted_ms != 0
           || (query->status != NULL && !g_str_equal (query->status, status)))
    {
      return FALSE;
    }
  if (json_object_get_boolean_member_with_default (record->fields, "is_archived", FALSE)
      != query->archived)
    return FALSE;
  if (updated_s < query->since_s || updated_s >= query->until_s)
    return FALSE;

  for (guint i = 0; !found && i < query->ids->len; i++)
    found = g_array_index (query->ids, gint64, i) == record->id;

  return found
         && int_field_is (record, "owner_id", pd->user_id, query->owner_id)
         && int_field_is (record, "org_id", 0, query->org_id)
         && int_field_is (record, "person_id", 0, query->person_id)
         && int_field_is (record, "pipeline_id", 1, query->pipeline_id)
         && int_field_is (record, "stage_id", 1, query->stage_id);
}

static gboolean
read_custom_keys (FcSimRequest  *req,
                  char        ***keys)
{
  const char *text = _fc_sim_request_get_query (req, "custom_fields");

  *keys = text != NULL ? _fc_sim_split_list (text) : NULL;
  if (*keys != NULL && g_strv_length (*keys) > CUSTOM_KEYS_MAX)
    {
      _fc_sim_pipedrive_respond (req, 400, "Validation failed: custom_fields takes at most 15 "
                                 "keys", NULL);
      g_clear_pointer (keys, g_strfreev);
      return FALSE;
    }

  return TRUE;
}

/* What decides the rows and their order: the route and the query but the cursor, names in
 * order; the clock too when deleted records are listed, since they age out of the list. */
static char *
listing_key (FcSimRequest *req,
             const Query  *query,
             gint64        now)
{
  GString *key = g_string_new (req->route->pattern);
  GList *names = g_list_sort (g_hash_table_get_keys (req->query), (GCompareFunc) strcmp);

  for (GList *l = names; l != NULL; l = l->next)
    {
      if (g_str_equal (l->data, "cursor"))
        continue;
      g_string_append_printf (key, "\x1f%s\x1e%s", (char *) l->data,
                              (char *) g_hash_table_lookup (req->query, l->data));
    }
  if (g_strcmp0 (query->status, "deleted") == 0)
    g_string_append_printf (key, "\x1fnow\x1e%" G_GINT64_FORMAT, now);
  g_list_free (names);

  return g_string_free (key, FALSE);
}

/* The matching rows, sorted, as a GArray of Row. Consecutive pages of one list share them until
 * the records change. */
static GArray *
find_rows (FcSimRequest *req,
           const Query  *query,
           gint64        now)
{
  FcSimPipedrive *pd = req->provider->state;
  const FcSimPipedriveEntity *entity = req->route->data;
  FcSimCollection *collection = pd->entities[entity->id];
  g_autofree char *key = listing_key (req, query, now);
  GArray *rows = _fc_sim_collection_get_listing (collection, key);

  if (rows != NULL)
    return rows;

  rows = g_array_new (FALSE, FALSE, sizeof (Row));
  for (guint i = 0; i < _fc_sim_collection_get_length (collection); i++)
    {
      Row row;

      row.record = _fc_sim_collection_get_nth (collection, i);
      if (!record_matches (pd, query, row.record, now))
        continue;
      row.key = sort_key (row.record, query->sort_by);
      g_array_append_val (rows, row);
    }
  g_array_sort_with_data (rows, compare_rows, (gpointer) query);

  _fc_sim_collection_keep_listing (collection, key, rows, (GDestroyNotify) g_array_unref);
  return rows;
}

/* Position of the first row at or past the cursor's row, in the list's order. */
static guint
find_first (GArray      *rows,
            const Query *query,
            gint64       start_key,
            gint64       start_id)
{
  guint low = 0;
  guint high = rows->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      Row *row = &g_array_index (rows, Row, middle);
      int order = row->key != start_key ? (row->key < start_key ? -1 : 1)
                                        : (row->record->id < start_id ? -1
                                                                      : row->record->id > start_id);

      if ((query->descending ? -order : order) >= 0)
        high = middle;
      else
        low = middle + 1;
    }

  return low;
}

void
_fc_sim_pipedrive_handle_list (FcSimRequest *req)
{
  FcSimPipedrive *pd = req->provider->state;
  const FcSimPipedriveEntity *entity = req->route->data;
  const char *cursor = _fc_sim_request_get_query (req, "cursor");
  GArray *rows;
  g_auto (GStrv) keys = NULL;
  g_autofree char *next = NULL;
  GString *data;
  Query query = { 0 };
  gint64 start_key = 0;
  gint64 start_id = 0;
  gint64 now = _fc_sim_now_ms (req->sim);
  guint limit, first = 0;

  if (!read_limit (req, &limit) || !read_query (req, &query) || !read_custom_keys (req, &keys))
    {
      g_clear_pointer (&query.ids, g_array_unref);
      return;
    }
  if (cursor != NULL && !decode_cursor (&query, cursor, &start_key, &start_id))
    {
      g_clear_pointer (&query.ids, g_array_unref);
      _fc_sim_pipedrive_respond (req, 400, "Validation failed: cursor is not valid for this "
                                 "sort_by and sort_direction", NULL);
      return;
    }

  rows = find_rows (req, &query, now);
  g_clear_pointer (&query.ids, g_array_unref);
  if (cursor != NULL)
    first = find_first (rows, &query, start_key, start_id);

  data = g_string_sized_new (4096);
  g_string_append_c (data, '[');
  for (guint i = first; i < rows->len && i < first + limit; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      if (i > first)
        g_string_append_c (data, ',');
      _fc_sim_pipedrive_append_object (data, pd, entity, row->record, keys);
    }
  g_string_append_c (data, ']');
  if (first + limit < rows->len)
    next = encode_cursor (&query, &g_array_index (rows, Row, first + limit));

  _fc_sim_pipedrive_respond_data_text (req, 0, data, next);
}

/* Search */

static void
add_text (GPtrArray *texts,
          JsonNode  *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    g_ptr_array_add (texts, g_strdup (json_node_get_string (node)));
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    g_ptr_array_add (texts, g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node)));
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    g_ptr_array_add (texts, g_strdup (g_ascii_dtostr (buffer, sizeof buffer,
                                                      json_node_get_double (node))));
}

static void
add_item_values (GPtrArray  *texts,
                 JsonObject *fields,
                 const char *name,
                 const char *member)
{
  JsonArray *items = _fc_sim_json_array (fields, name);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    add_text (texts, json_object_get_member (_fc_sim_json_array_object (items, i), member));
}

/* The texts of @record that the search field @field looks at. */
static GPtrArray *
field_texts (FcSimRecord *record,
             const char  *field)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  JsonObject *fields = record->fields;

  if (g_str_equal (field, "email"))
    add_item_values (texts, fields, "emails", "value");
  else if (g_str_equal (field, "phone"))
    add_item_values (texts, fields, "phones", "value");
  else if (g_str_equal (field, "address"))
    {
      JsonObject *address = _fc_sim_json_object (fields, "address");

      if (address != NULL)
        add_text (texts, json_object_get_member (address, "value"));
    }
  else if (g_str_equal (field, "custom_fields"))
    {
      JsonObject *custom = _fc_sim_json_object (fields, "custom_fields");
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      if (custom != NULL)
        {
          json_object_iter_init (&iter, custom);
          while (json_object_iter_next (&iter, &key, &value))
            add_text (texts, value);
        }
    }
  else
    {
      add_text (texts, json_object_get_member (fields, field));
    }

  return texts;
}

static gboolean
text_matches (const char *text,
              const char *folded_term,
              gboolean    exact)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return exact ? g_str_equal (folded, folded_term) : strstr (folded, folded_term) != NULL;
}

static JsonNode *
reference_object (FcSimPipedrive         *pd,
                  FcSimPipedriveEntityId  target,
                  FcSimRecord            *record,
                  const char             *member)
{
  gint64 id = json_object_get_int_member_with_default (record->fields, member, 0);
  FcSimRecord *linked = id != 0 ? _fc_sim_collection_lookup (pd->entities[target], id) : NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  if (linked == NULL)
    return json_node_new (JSON_NODE_NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder,
                                 json_object_get_string_member_with_default (linked->fields,
                                                                             "name", ""));
  if (target == FC_SIM_PD_ORGANIZATIONS)
    {
      JsonObject *address = _fc_sim_json_object (linked->fields, "address");

      json_builder_set_member_name (builder, "address");
      if (address != NULL && json_object_has_member (address, "value"))
        json_builder_add_string_value (builder, json_object_get_string_member (address, "value"));
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_string_list (JsonBuilder *builder,
                 const char  *name,
                 GPtrArray   *texts)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; texts != NULL && i < texts->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (texts, i));
  json_builder_end_array (builder);
}

static JsonNode *
search_item (FcSimPipedrive             *pd,
             const FcSimPipedriveEntity *entity,
             FcSimRecord                *record,
             double                      score,
             GPtrArray                  *custom_hits)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  JsonObject *fields = record->fields;
  const char *title = json_object_get_string_member_with_default (fields, entity->title_field, "");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "result_score");
  json_builder_add_double_value (builder, score);
  json_builder_set_member_name (builder, "item");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, record->id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, entity->singular);
  json_builder_set_member_name (builder, entity->title_field);
  json_builder_add_string_value (builder, title);
  if (entity->id == FC_SIM_PD_PERSONS)
    {
      g_autoptr (GPtrArray) phones = field_texts (record, "phone");
      g_autoptr (GPtrArray) emails = field_texts (record, "email");

      add_string_list (builder, "phones", phones);
      add_string_list (builder, "emails", emails);
    }
  if (entity->id == FC_SIM_PD_DEALS)
    {
      gint64 stage = json_object_get_int_member_with_default (fields, "stage_id", 1);

      json_builder_set_member_name (builder, "value");
      json_builder_add_value (builder, json_object_has_member (fields, "value")
                                       ? json_node_copy (json_object_get_member (fields, "value"))
                                       : json_node_init_int (json_node_alloc (), 0));
      json_builder_set_member_name (builder, "currency");
      json_builder_add_string_value (builder,
                                     json_object_get_string_member_with_default (fields,
                                                                                 "currency",
                                                                                 "USD"));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder,
                                     json_object_get_string_member_with_default (fields, "status",
                                                                                 "open"));
      json_builder_set_member_name (builder, "stage");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, stage);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, _fc_sim_pipedrive_stage_name (stage));
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "person");
      json_builder_add_value (builder, reference_object (pd, FC_SIM_PD_PERSONS, record,
                                                        "person_id"));
    }
  json_builder_set_member_name (builder, "visible_to");
  json_builder_add_int_value (builder, json_object_get_int_member_with_default (fields,
                                                                                "visible_to", 3));
  json_builder_set_member_name (builder, "owner");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, json_object_get_int_member_with_default (fields, "owner_id",
                                                                                pd->user_id));
  json_builder_end_object (builder);
  if (entity->id != FC_SIM_PD_ORGANIZATIONS)
    {
      json_builder_set_member_name (builder, "organization");
      json_builder_add_value (builder, reference_object (pd, FC_SIM_PD_ORGANIZATIONS, record,
                                                        "org_id"));
    }
  add_string_list (builder, "custom_fields", custom_hits);
  add_string_list (builder, "notes", NULL);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Scores a record: 1 for an exact title match, 0.5 for other matches, 0 for none. Fills
 * @custom_hits with matching custom field values. */
static double
score_record (FcSimRecord                *record,
              const FcSimPipedriveEntity *entity,
              char                      **fields,
              const char                 *folded_term,
              gboolean                    exact,
              GPtrArray                  *custom_hits)
{
  double score = 0;

  for (guint f = 0; fields[f] != NULL; f++)
    {
      g_autoptr (GPtrArray) texts = field_texts (record, g_str_equal (fields[f], "name")
                                                         || g_str_equal (fields[f], "title")
                                                         ? entity->title_field : fields[f]);

      for (guint i = 0; i < texts->len; i++)
        {
          const char *text = g_ptr_array_index (texts, i);

          if (!text_matches (text, folded_term, exact))
            continue;
          if (g_str_equal (fields[f], "custom_fields"))
            g_ptr_array_add (custom_hits, g_strdup (text));
          score = MAX (score, text_matches (text, folded_term, TRUE)
                              && g_str_equal (fields[f], entity->title_field) ? 1.0 : 0.5);
        }
    }

  return score;
}

static gboolean
read_search_fields (FcSimRequest                *req,
                    const FcSimPipedriveEntity  *entity,
                    char                      ***fields)
{
  const char *text = _fc_sim_request_get_query (req, "fields");
  g_autofree char *allowed = g_strjoinv (", ", (char **) entity->search_fields);
  g_autofree char *message = NULL;

  *fields = text != NULL ? _fc_sim_split_list (text) : g_strdupv ((char **) entity->search_fields);
  for (guint i = 0; (*fields)[i] != NULL; i++)
    {
      if (!g_strv_contains (entity->search_fields, (*fields)[i]))
        {
          message = g_strdup_printf ("Validation failed: fields may contain %s, not %s", allowed,
                                     (*fields)[i]);
          _fc_sim_pipedrive_respond (req, 400, message, NULL);
          g_clear_pointer (fields, g_strfreev);
          return FALSE;
        }
    }

  return TRUE;
}

void
_fc_sim_pipedrive_handle_search (FcSimRequest *req)
{
  FcSimPipedrive *pd = req->provider->state;
  const FcSimPipedriveEntity *entity = req->route->data;
  FcSimCollection *collection = pd->entities[entity->id];
  const char *term = _fc_sim_request_get_query (req, "term");
  const char *cursor = _fc_sim_request_get_query (req, "cursor");
  gboolean exact = g_strcmp0 (_fc_sim_request_get_query (req, "exact_match"), "true") == 0;
  g_auto (GStrv) fields = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *next = NULL;
  g_autofree char *offset_text = NULL;
  JsonArray *items;
  JsonNode *node;
  JsonBuilder *page;
  gint64 organization_id = 0, person_id = 0;
  guint limit, offset = 0, matched = 0;

  if (term == NULL || g_utf8_strlen (term, -1) < (exact ? 1 : 2))
    {
      _fc_sim_pipedrive_respond (req, 400, exact ? "Validation failed: term is required"
                                                 : "Validation failed: term must be at least 2 "
                                                   "characters long", NULL);
      return;
    }
  if (!read_limit (req, &limit) || !read_search_fields (req, entity, &fields)
      || !read_int (req, "organization_id", &organization_id)
      || !read_int (req, "person_id", &person_id))
    return;
  if (cursor != NULL)
    {
      g_autofree char *decoded = _fc_sim_base64url_decode (cursor);
      guint64 number;

      if (decoded == NULL || !g_str_has_prefix (decoded, "offset:")
          || !g_ascii_string_to_unsigned (decoded + 7, 10, 0, G_MAXUINT32, &number, NULL))
        {
          _fc_sim_pipedrive_respond (req, 400, "Validation failed: cursor is not valid", NULL);
          return;
        }
      offset = (guint) number;
    }

  folded = g_utf8_casefold (term, -1);
  items = json_array_new ();
  for (guint i = 0; i < _fc_sim_collection_get_length (collection); i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (collection, i);
      g_autoptr (GPtrArray) custom_hits = g_ptr_array_new_with_free_func (g_free);
      double score;

      if (record->deleted_ms != 0
          || (organization_id != 0
              && json_object_get_int_member_with_default (record->fields, "org_id", 0)
                 != organization_id)
          || (person_id != 0
              && json_object_get_int_member_with_default (record->fields, "person_id", 0)
                 != person_id))
        continue;
      score = score_record (record, entity, fields, folded, exact, custom_hits);
      if (score <= 0)
        continue;
      if (matched++ < offset || json_array_get_length (items) >= limit)
        continue;
      json_array_add_element (items, search_item (pd, entity, record, score, custom_hits));
    }
  if (offset + limit < matched)
    {
      offset_text = g_strdup_printf ("offset:%u", offset + limit);
      next = _fc_sim_base64url_encode (offset_text);
    }

  page = json_builder_new ();
  json_builder_begin_object (page);
  json_builder_set_member_name (page, "items");
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, items);
  json_builder_add_value (page, node);
  json_builder_end_object (page);
  _fc_sim_pipedrive_respond_data (req, 0, json_builder_get_root (page), next);
  g_object_unref (page);
}
