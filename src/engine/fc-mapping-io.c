/* fc-mapping-io.c: mappings to and from a portable JSON document
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-mapping-io"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fc-enum-types.h"
#include "fc-field-pair-private.h"
#include "fc-mapping-io.h"

G_DEFINE_QUARK (fc-mapping-io-error-quark, fc_mapping_io_error)

/* Export */

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_endpoint (JsonBuilder  *builder,
              const char   *member,
              FcConnection *connection,
              const char   *object)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  add_string (builder, "provider",
              fc_enum_to_nick (FC_TYPE_PROVIDER, fc_connection_get_provider (connection)));
  if (fc_connection_get_account_id (connection) != NULL)
    {
      json_builder_set_member_name (builder, "accountId");
      json_builder_add_string_value (builder, fc_connection_get_account_id (connection));
    }
  if (fc_connection_get_account_name (connection) != NULL)
    {
      json_builder_set_member_name (builder, "accountName");
      json_builder_add_string_value (builder, fc_connection_get_account_name (connection));
    }
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, object);
  json_builder_end_object (builder);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_field_pair (JsonBuilder *builder,
                FcFieldPair *pair)
{
  json_builder_begin_object (builder);
  add_strv (builder, "sourceFields", fc_field_pair_get_source_fields (pair));
  add_strv (builder, "targetFields", fc_field_pair_get_target_fields (pair));
  if (fc_field_pair_get_transform (pair) != NULL)
    add_string (builder, "transform", fc_field_pair_get_transform (pair));
  add_string (builder, "direction",
              fc_enum_to_nick (FC_TYPE_FIELD_DIRECTION, fc_field_pair_get_direction (pair)));
  json_builder_set_member_name (builder, "required");
  json_builder_add_boolean_value (builder, fc_field_pair_get_required (pair));
  json_builder_set_member_name (builder, "allowClear");
  json_builder_add_boolean_value (builder, fc_field_pair_get_allow_clear (pair));
  json_builder_end_object (builder);
}

static JsonNode *
build_mapping_node (FcMapping    *mapping,
                    FcConnection *source,
                    FcConnection *target)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  guint n = fc_mapping_get_n_field_pairs (mapping);

  json_builder_begin_object (builder);
  add_string (builder, "name", fc_mapping_get_name (mapping));
  add_endpoint (builder, "source", source, fc_mapping_get_source_object (mapping));
  add_endpoint (builder, "target", target, fc_mapping_get_target_object (mapping));
  add_string (builder, "direction",
              fc_enum_to_nick (FC_TYPE_DIRECTION, fc_mapping_get_direction (mapping)));

  json_builder_set_member_name (builder, "fieldPairs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    add_field_pair (builder, fc_mapping_get_field_pair (mapping, i));
  json_builder_end_array (builder);

  add_strv (builder, "matchRule", fc_mapping_get_match_rule (mapping));
  if (fc_mapping_get_external_id_fields (mapping) != NULL)
    add_strv (builder, "externalIdFields", fc_mapping_get_external_id_fields (mapping));
  add_string (builder, "conflictStrategy",
              fc_enum_to_nick (FC_TYPE_CONFLICT_STRATEGY,
                               fc_mapping_get_conflict_strategy (mapping)));
  add_string (builder, "deletePolicy",
              fc_enum_to_nick (FC_TYPE_DELETE_POLICY, fc_mapping_get_delete_policy (mapping)));
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, fc_mapping_get_active (mapping));
  json_builder_set_member_name (builder, "realtime");
  json_builder_add_boolean_value (builder, fc_mapping_get_realtime (mapping));
  json_builder_set_member_name (builder, "scheduleMinutes");
  json_builder_add_int_value (builder, fc_mapping_get_schedule_minutes (mapping));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The connection of @id, from @cache or the store. */
static FcConnection *
lookup_connection (FcStore     *store,
                   GHashTable  *cache,
                   const char  *id,
                   const char  *mapping_name,
                   GError     **error)
{
  FcConnection *connection = g_hash_table_lookup (cache, id);
  GError *local_error = NULL;

  if (connection != NULL)
    return connection;

  connection = fc_store_get_connection (store, id, &local_error);
  if (connection == NULL)
    {
      g_propagate_prefixed_error (error, local_error, _("Cannot export mapping “%s”: "),
                                  mapping_name);
      return NULL;
    }

  g_hash_table_insert (cache, g_strdup (id), connection);
  return connection;
}

/* The mapping's node, its connections looked up through @cache (id -> FcConnection). */
static JsonNode *
mapping_to_node (FcStore     *store,
                 GHashTable  *cache,
                 FcMapping   *mapping,
                 GError     **error)
{
  const char *name = fc_mapping_get_name (mapping);
  GError *local_error = NULL;
  FcConnection *source;
  FcConnection *target = NULL;

  source = lookup_connection (store, cache, fc_mapping_get_source_connection_id (mapping), name,
                              &local_error);
  if (source != NULL)
    target = lookup_connection (store, cache, fc_mapping_get_target_connection_id (mapping),
                                name, &local_error);
  if (target == NULL)
    {
      g_set_error_literal (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FAILED,
                           local_error->message);
      g_error_free (local_error);
      return NULL;
    }

  return build_mapping_node (mapping, source, target);
}

static GHashTable *
new_connection_cache (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

JsonNode *
fc_mapping_io_mapping_to_json (FcStore    *store,
                               FcMapping  *mapping,
                               GError    **error)
{
  g_autoptr (GHashTable) cache = new_connection_cache ();

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (FC_IS_MAPPING (mapping), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return mapping_to_node (store, cache, mapping, error);
}

char *
fc_mapping_io_export (FcStore    *store,
                      GPtrArray  *mappings,
                      GError    **error)
{
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GHashTable) cache = new_connection_cache ();
  g_autoptr (JsonObject) document = json_object_new ();
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  GError *local_error = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (mappings == NULL)
    {
      all = fc_store_list_mappings (store, &local_error);
      if (all == NULL)
        {
          g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FAILED,
                       _("Cannot export mappings: %s"), local_error->message);
          g_error_free (local_error);
          return NULL;
        }
      mappings = all;
    }

  for (guint i = 0; i < mappings->len; i++)
    {
      JsonNode *node = mapping_to_node (store, cache, g_ptr_array_index (mappings, i), error);

      if (node == NULL)
        return NULL;
      json_array_add_element (array, node);
    }

  json_object_set_string_member (document, "format", FC_MAPPING_IO_FORMAT);
  json_object_set_int_member (document, "version", FC_MAPPING_IO_VERSION);
  json_object_set_array_member (document, "mappings", g_steal_pointer (&array));
  json_node_set_object (root, document);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

/* Import: reading members with the JSON path of each in the error messages */

static const char *
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    default:
      return _("a number");
    }
}

static gboolean
set_format_error (GError     **error,
                  const char  *path,
                  const char  *member,
                  const char  *expected,
                  JsonNode    *found)
{
  if (found == NULL)
    g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FORMAT,
                 /* Translators: "$.mappings[0].name: missing; expected a string" */
                 _("%s.%s: missing; expected %s"), path, member, expected);
  else
    g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FORMAT,
                 /* Translators: "$.mappings[0].name: expected a string, found a number" */
                 _("%s.%s: expected %s, found %s"), path, member, expected, describe_node (found));
  return FALSE;
}

/* The member, or NULL when absent or null (both mean "not given"). */
static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static gboolean
read_string (JsonObject   *object,
             const char   *path,
             const char   *member,
             gboolean      required,
             const char  **out_value,
             GError      **error)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL && !required)
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return set_format_error (error, path, member, _("a string"), node);

  *out_value = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_boolean (JsonObject  *object,
              const char  *path,
              const char  *member,
              gboolean    *out_value,
              GError     **error)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return set_format_error (error, path, member, _("true or false"), node);

  *out_value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_uint (JsonObject  *object,
           const char  *path,
           const char  *member,
           guint       *out_value,
           GError     **error)
{
  JsonNode *node = get_member (object, member);
  gint64 value;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      (value = json_node_get_int (node)) < 0 || value > G_MAXUINT)
    return set_format_error (error, path, member, _("a whole number of 0 or more"), node);

  *out_value = (guint) value;
  return TRUE;
}

static gboolean
read_enum (JsonObject  *object,
           const char  *path,
           const char  *member,
           GType        type,
           int         *out_value,
           GError     **error)
{
  const char *nick = NULL;
  g_autofree char *accepted = NULL;

  if (!read_string (object, path, member, FALSE, &nick, error))
    return FALSE;
  if (nick == NULL || fc_enum_from_nick (type, nick, out_value))
    return TRUE;

  accepted = fc_enum_list_nicks (type);
  g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FORMAT,
               _("%s.%s: “%s” is not one of %s"), path, member, nick, accepted);
  return FALSE;
}

/* An array of strings; @required also asks for at least one element. */
static GStrv
read_strv (JsonObject  *object,
           const char  *path,
           const char  *member,
           gboolean     required,
           GError     **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = get_member (object, member);
  JsonArray *array;

  if (node == NULL && !required)
    return g_strv_builder_end (builder);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      set_format_error (error, path, member, _("an array of strings"), node);
      return NULL;
    }

  array = json_node_get_array (node);
  if (required && json_array_get_length (array) == 0)
    {
      g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FORMAT,
                   _("%s.%s: empty; expected at least one field name"), path, member);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FORMAT,
                       _("%s.%s[%u]: expected a string, found %s"),
                       path, member, i, describe_node (element));
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  return g_strv_builder_end (builder);
}

static JsonObject *
read_object (JsonObject  *object,
             const char  *path,
             const char  *member,
             GError     **error)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_format_error (error, path, member, _("an object"), node);
      return NULL;
    }

  return json_node_get_object (node);
}

static JsonArray *
read_array (JsonObject  *object,
            const char  *path,
            const char  *member,
            GError     **error)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      set_format_error (error, path, member, _("an array"), node);
      return NULL;
    }

  return json_node_get_array (node);
}

/* Import: binding a reference to a local connection */

typedef struct
{
  FcStore    *store;
  GHashTable *bindings;
  GPtrArray  *connections;  /* every local FcConnection */
  GPtrArray  *mappings;     /* the FcMapping read so far */
  GPtrArray  *existing;     /* the FcMapping in the store */
} ImportContext;

static FcConnection *
find_local_connection (ImportContext *ctx,
                       const char    *id)
{
  for (guint i = 0; i < ctx->connections->len; i++)
    {
      FcConnection *connection = g_ptr_array_index (ctx->connections, i);

      if (g_strcmp0 (fc_connection_get_id (connection), id) == 0)
        return connection;
    }

  return NULL;
}

/* The binding table's answer for "provider:key", checked; FALSE only on error. */
static gboolean
lookup_binding (ImportContext  *ctx,
                const char     *path,
                FcProvider      provider,
                const char     *key,
                const char    **out_id,
                GError        **error)
{
  g_autofree char *binding_key = NULL;
  const char *id;
  FcConnection *connection;

  if (ctx->bindings == NULL || key == NULL)
    return TRUE;

  binding_key = g_strdup_printf ("%s:%s", fc_enum_to_nick (FC_TYPE_PROVIDER, provider), key);
  id = g_hash_table_lookup (ctx->bindings, binding_key);
  if (id == NULL)
    return TRUE;

  connection = find_local_connection (ctx, id);
  if (connection == NULL || fc_connection_get_provider (connection) != provider)
    {
      g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_UNBOUND,
                   _("%s: “%s” is bound to connection “%s”, which is not a %s connection here"),
                   path, binding_key, id, fc_provider_get_display_name (provider));
      return FALSE;
    }

  *out_id = id;
  return TRUE;
}

static const char *
match_local_connection (ImportContext *ctx,
                        FcProvider     provider,
                        const char    *account_id,
                        const char    *account_name)
{
  /* The account id is the stronger evidence: names can be changed and repeated. */
  for (int pass = 0; pass < 2; pass++)
    {
      const char *wanted = pass == 0 ? account_id : account_name;

      if (wanted == NULL)
        continue;

      for (guint i = 0; i < ctx->connections->len; i++)
        {
          FcConnection *connection = g_ptr_array_index (ctx->connections, i);
          const char *have = pass == 0 ? fc_connection_get_account_id (connection)
                                       : fc_connection_get_account_name (connection);

          if (fc_connection_get_provider (connection) == provider && g_strcmp0 (have, wanted) == 0)
            return fc_connection_get_id (connection);
        }
    }

  return NULL;
}

/* Reads "source" or "target" of a mapping; returns the bound connection id. */
static gboolean
read_endpoint (ImportContext  *ctx,
               JsonObject     *mapping_object,
               const char     *mapping_path,
               const char     *member,
               const char    **out_connection_id,
               const char    **out_object,
               GError        **error)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", mapping_path, member);
  JsonObject *endpoint;
  const char *account_id = NULL;
  const char *account_name = NULL;
  const char *id = NULL;
  int provider = 0;

  endpoint = read_object (mapping_object, mapping_path, member, error);
  if (endpoint == NULL)
    return FALSE;

  if (get_member (endpoint, "provider") == NULL)
    return set_format_error (error, path, "provider", _("a provider name"), NULL);
  if (!read_enum (endpoint, path, "provider", FC_TYPE_PROVIDER, &provider, error) ||
      !read_string (endpoint, path, "accountId", FALSE, &account_id, error) ||
      !read_string (endpoint, path, "accountName", FALSE, &account_name, error) ||
      !read_string (endpoint, path, "object", TRUE, out_object, error))
    return FALSE;

  if (account_id == NULL && account_name == NULL)
    {
      g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FORMAT,
                   _("%s: needs accountId or accountName to find the connection"), path);
      return FALSE;
    }

  if (!lookup_binding (ctx, path, provider, account_id, &id, error) ||
      (id == NULL && !lookup_binding (ctx, path, provider, account_name, &id, error)))
    return FALSE;

  if (id == NULL)
    id = match_local_connection (ctx, provider, account_id, account_name);

  if (id == NULL)
    {
      if (account_name != NULL && account_id != NULL)
        g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_UNBOUND,
                     _("%s: no connection to the %s account “%s” (account id %s); connect that "
                       "account first"),
                     path, fc_provider_get_display_name (provider), account_name, account_id);
      else
        g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_UNBOUND,
                     _("%s: no connection to the %s account “%s”; connect that account first"),
                     path, fc_provider_get_display_name (provider),
                     account_name != NULL ? account_name : account_id);
      return FALSE;
    }

  *out_connection_id = id;
  return TRUE;
}

/* Import: mappings */

static FcFieldPair *
read_field_pair (JsonNode    *node,
                 const char  *path,
                 GError     **error)
{
  g_autoptr (FcFieldPair) pair = NULL;
  g_auto (GStrv) sources = NULL;
  g_auto (GStrv) targets = NULL;
  JsonObject *object;
  const char *transform = NULL;
  int direction = FC_FIELD_DIRECTION_BIDIRECTIONAL;
  gboolean required = FALSE;
  gboolean allow_clear = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FORMAT,
                   _("%s: expected an object, found %s"), path, describe_node (node));
      return NULL;
    }
  object = json_node_get_object (node);

  sources = read_strv (object, path, "sourceFields", TRUE, error);
  if (sources == NULL)
    return NULL;
  targets = read_strv (object, path, "targetFields", TRUE, error);
  if (targets == NULL)
    return NULL;
  if (!read_string (object, path, "transform", FALSE, &transform, error) ||
      !read_enum (object, path, "direction", FC_TYPE_FIELD_DIRECTION, &direction, error) ||
      !read_boolean (object, path, "required", &required, error) ||
      !read_boolean (object, path, "allowClear", &allow_clear, error))
    return NULL;

  pair = fc_field_pair_new ((const char * const *) sources, (const char * const *) targets);
  fc_field_pair_set_transform (pair, transform);
  fc_field_pair_set_direction (pair, direction);
  fc_field_pair_set_required (pair, required);
  fc_field_pair_set_allow_clear (pair, allow_clear);
  return g_steal_pointer (&pair);
}

/* The JSON member for a property of FcFieldPair. */
static const char *
member_for_pair_property (const char *property)
{
  if (g_strcmp0 (property, "source-fields") == 0)
    return "sourceFields";
  if (g_strcmp0 (property, "target-fields") == 0)
    return "targetFields";
  if (g_strcmp0 (property, "allow-clear") == 0)
    return "allowClear";
  return property;
}

static gboolean
read_field_pairs (JsonObject   *object,
                  const char   *path,
                  FcMapping    *mapping,
                  GError      **error)
{
  JsonArray *array = read_array (object, path, "fieldPairs", error);

  if (array == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *pair_path = g_strdup_printf ("%s.fieldPairs[%u]", path, i);
      g_autoptr (FcFieldPair) pair = NULL;
      GError *local_error = NULL;
      const char *property = NULL;

      pair = read_field_pair (json_array_get_element (array, i), pair_path, error);
      if (pair == NULL)
        return FALSE;

      /* Checked here, pair by pair, so that the error can point at the member at fault. */
      if (!_fc_field_pair_check (pair, fc_mapping_get_direction (mapping), &property,
                                 &local_error))
        {
          g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_INVALID, "%s.%s: %s",
                       pair_path, member_for_pair_property (property), local_error->message);
          g_error_free (local_error);
          return FALSE;
        }

      fc_mapping_add_field_pair (mapping, pair);
    }

  return TRUE;
}

static gboolean
read_settings (JsonObject  *object,
               const char  *path,
               FcMapping   *mapping,
               GError     **error)
{
  g_auto (GStrv) match_rule = NULL;
  g_auto (GStrv) external_id_fields = NULL;
  int strategy = FC_CONFLICT_STRATEGY_NEWEST_WINS;
  int policy = FC_DELETE_POLICY_IGNORE;
  gboolean active = TRUE;
  gboolean realtime = FALSE;
  guint schedule = 0;

  match_rule = read_strv (object, path, "matchRule", FALSE, error);
  if (match_rule == NULL)
    return FALSE;
  external_id_fields = read_strv (object, path, "externalIdFields", FALSE, error);
  if (external_id_fields == NULL ||
      !read_enum (object, path, "conflictStrategy", FC_TYPE_CONFLICT_STRATEGY, &strategy, error) ||
      !read_enum (object, path, "deletePolicy", FC_TYPE_DELETE_POLICY, &policy, error) ||
      !read_boolean (object, path, "active", &active, error) ||
      !read_boolean (object, path, "realtime", &realtime, error) ||
      !read_uint (object, path, "scheduleMinutes", &schedule, error))
    return FALSE;

  fc_mapping_set_match_rule (mapping, (const char * const *) match_rule);
  fc_mapping_set_external_id_fields (mapping, (const char * const *) external_id_fields);
  fc_mapping_set_conflict_strategy (mapping, strategy);
  fc_mapping_set_delete_policy (mapping, policy);
  fc_mapping_set_active (mapping, active);
  fc_mapping_set_realtime (mapping, realtime);
  fc_mapping_set_schedule_minutes (mapping, schedule);
  return TRUE;
}

static gboolean
is_blank (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

/* The member of a mapping that a whole-mapping validation error is about. */
static const char *
member_for_mapping_error (FcMapping    *mapping,
                          const GError *error)
{
  switch (error->code)
    {
    case FC_MAPPING_ERROR_SAME_ENDPOINT:
      return "target";
    case FC_MAPPING_ERROR_NO_PAIRS:
    case FC_MAPPING_ERROR_DUPLICATE_TARGET:
      return "fieldPairs";
    case FC_MAPPING_ERROR_INVALID:
    default:
      break;
    }

  /* The connections are bound already, so only these can be missing. */
  if (is_blank (fc_mapping_get_name (mapping)))
    return "name";
  if (is_blank (fc_mapping_get_source_object (mapping)))
    return "source.object";
  if (is_blank (fc_mapping_get_target_object (mapping)))
    return "target.object";
  return "matchRule";
}

static gboolean
check_name (ImportContext  *ctx,
            FcMapping      *mapping,
            const char     *path,
            GError        **error)
{
  const char *name = fc_mapping_get_name (mapping);

  for (guint i = 0; i < ctx->mappings->len; i++)
    if (g_ascii_strcasecmp (fc_mapping_get_name (g_ptr_array_index (ctx->mappings, i)),
                            name) == 0)
      {
        g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_EXISTS,
                     _("%s.name: “%s” is also the name of $.mappings[%u]; names must be unique"),
                     path, name, i);
        return FALSE;
      }

  for (guint i = 0; i < ctx->existing->len; i++)
    {
      FcMapping *existing = g_ptr_array_index (ctx->existing, i);

      if (g_ascii_strcasecmp (fc_mapping_get_name (existing), name) == 0)
        {
          g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_EXISTS,
                       _("%s.name: a mapping named “%s” already exists; rename or remove it "
                         "before importing"),
                       path, fc_mapping_get_name (existing));
          return FALSE;
        }
    }

  return TRUE;
}

static FcMapping *
read_mapping (ImportContext  *ctx,
              JsonNode       *node,
              const char     *path,
              GError        **error)
{
  g_autoptr (FcMapping) mapping = fc_mapping_new ();
  GError *local_error = NULL;
  JsonObject *object;
  const char *name = NULL;
  const char *source_id = NULL;
  const char *source_object = NULL;
  const char *target_id = NULL;
  const char *target_object = NULL;
  int direction = FC_DIRECTION_SOURCE_TO_TARGET;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FORMAT,
                   _("%s: expected an object, found %s"), path, describe_node (node));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_string (object, path, "name", TRUE, &name, error) ||
      !read_enum (object, path, "direction", FC_TYPE_DIRECTION, &direction, error) ||
      !read_endpoint (ctx, object, path, "source", &source_id, &source_object, error) ||
      !read_endpoint (ctx, object, path, "target", &target_id, &target_object, error))
    return NULL;

  fc_mapping_set_name (mapping, name);
  fc_mapping_set_direction (mapping, direction);
  fc_mapping_set_source_connection_id (mapping, source_id);
  fc_mapping_set_source_object (mapping, source_object);
  fc_mapping_set_target_connection_id (mapping, target_id);
  fc_mapping_set_target_object (mapping, target_object);

  if (!read_field_pairs (object, path, mapping, error) ||
      !read_settings (object, path, mapping, error))
    return NULL;

  if (!fc_mapping_validate (mapping, &local_error))
    {
      g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_INVALID, "%s.%s: %s",
                   path, member_for_mapping_error (mapping, local_error), local_error->message);
      g_error_free (local_error);
      return NULL;
    }

  if (!check_name (ctx, mapping, path, error))
    return NULL;

  return g_steal_pointer (&mapping);
}

static JsonObject *
read_document (const char  *json,
               gssize       length,
               JsonParser  *parser,
               GError     **error)
{
  GError *local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *format = NULL;
  JsonNode *version;

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_PARSE,
                   _("$: not a JSON document: %s"), local_error->message);
      g_error_free (local_error);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FORMAT,
                   _("$: expected an object with “format”, “version” and “mappings”, found %s"),
                   root != NULL ? describe_node (root) : _("nothing"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!read_string (object, "$", "format", TRUE, &format, error))
    return NULL;
  if (!g_str_equal (format, FC_MAPPING_IO_FORMAT))
    {
      g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FORMAT,
                   _("$.format: “%s” is not a FluxCascade mappings file (expected “%s”)"),
                   format, FC_MAPPING_IO_FORMAT);
      return NULL;
    }

  version = get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64)
    {
      set_format_error (error, "$", "version", _("a whole number"), version);
      return NULL;
    }
  if (json_node_get_int (version) != FC_MAPPING_IO_VERSION)
    {
      g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FORMAT,
                   _("$.version: version %lld is not one this FluxCascade reads "
                     "(it reads version %d)"),
                   (long long) json_node_get_int (version), FC_MAPPING_IO_VERSION);
      return NULL;
    }

  return object;
}

static gboolean
save_all (FcStore   *store,
          gpointer   user_data,
          GError   **error)
{
  GPtrArray *mappings = user_data;

  for (guint i = 0; i < mappings->len; i++)
    {
      GError *local_error = NULL;

      if (!fc_store_save_mapping (store, g_ptr_array_index (mappings, i), &local_error))
        {
          g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FAILED,
                       "$.mappings[%u]: %s", i, local_error->message);
          g_error_free (local_error);
          return FALSE;
        }
    }

  return TRUE;
}

GPtrArray *
fc_mapping_io_import (FcStore     *store,
                      const char  *json,
                      gssize       length,
                      GHashTable  *bindings,
                      GError     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) connections = NULL;
  g_autoptr (GPtrArray) mappings = g_ptr_array_new_with_free_func (g_object_unref);
  GError *local_error = NULL;
  g_autoptr (GPtrArray) existing = NULL;
  ImportContext ctx = { store, bindings, NULL, NULL, NULL };
  JsonObject *document;
  JsonArray *array;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  document = read_document (json, length, parser, error);
  if (document == NULL)
    return NULL;
  array = read_array (document, "$", "mappings", error);
  if (array == NULL)
    return NULL;

  connections = fc_store_list_connections (store, &local_error);
  if (connections != NULL)
    existing = fc_store_list_mappings (store, &local_error);
  if (existing == NULL)
    {
      g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FAILED,
                   _("Cannot read the store: %s"), local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  ctx.connections = connections;
  ctx.mappings = mappings;
  ctx.existing = existing;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("$.mappings[%u]", i);
      FcMapping *mapping = read_mapping (&ctx, json_array_get_element (array, i), path, error);

      if (mapping == NULL)
        return NULL;
      g_ptr_array_add (mappings, mapping);
    }

  /* Everything is checked; save it all or nothing. */
  if (!fc_store_run_in_transaction (store, save_all, mappings, &local_error))
    {
      if (local_error->domain == FC_MAPPING_IO_ERROR)
        g_propagate_error (error, local_error);
      else
        {
          g_set_error (error, FC_MAPPING_IO_ERROR, FC_MAPPING_IO_ERROR_FAILED,
                       _("Cannot save the imported mappings: %s"), local_error->message);
          g_error_free (local_error);
        }
      /* Ids given by saves that were rolled back must not leak out. */
      return NULL;
    }

  return g_steal_pointer (&mappings);
}
