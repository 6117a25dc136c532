/* fc-sim-hubspot-search.c: POST /crm/v3/objects/{type}/search with filter groups, sorts, a
 * free-text query, offset paging and the 10,000-result cap
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-hubspot"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fc-sim-hubspot-private.h"

#define LIMIT_MAX 200
#define RESULTS_MAX 10000
#define GROUPS_MAX 5
#define FILTERS_PER_GROUP_MAX 10
#define FILTERS_MAX 25
#define QUERY_MAX 3000

/* In the order of the operators array of parse_filter() */
typedef enum
{
  OP_EQ,
  OP_NEQ,
  OP_LT,
  OP_LTE,
  OP_GT,
  OP_GTE,
  OP_BETWEEN,
  OP_IN,
  OP_NOT_IN,
  OP_HAS_PROPERTY,
  OP_NOT_HAS_PROPERTY,
  OP_CONTAINS_TOKEN,
  OP_NOT_CONTAINS_TOKEN,
} Op;

typedef struct
{
  FcSimHubSpotProperty *property;
  char                 *op;
  Op                    kind;
  gboolean              bounded;    /* every record searched passes it, see find_range() */
  gboolean              numeric;
  char                 *value;      /* case-folded */
  double                number;
  double                high;
  GPtrArray            *values;     /* case-folded texts for IN / NOT_IN */
  GArray               *numbers;    /* doubles for IN / NOT_IN on numeric properties */
} Filter;

typedef struct
{
  FcSimRecord *record;
  gboolean     has;
  double       number;
  char        *text;
} SortItem;

typedef struct
{
  FcSimHubSpotProperty *property;
  gboolean              numeric;
  gboolean              descending;
} Sort;

static void
filter_free (gpointer data)
{
  Filter *filter = data;

  g_free (filter->op);
  g_free (filter->value);
  g_clear_pointer (&filter->values, g_ptr_array_unref);
  g_clear_pointer (&filter->numbers, g_array_unref);
  g_free (filter);
}

static void
sort_item_free (gpointer data)
{
  SortItem *item = data;

  g_free (item->text);
  g_free (item);
}

static gboolean
is_numeric (FcSimHubSpotProperty *property)
{
  return g_str_equal (property->type, "number") || g_str_equal (property->type, "date")
         || g_str_equal (property->type, "datetime");
}

static char *
node_text (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

static gboolean
parse_number (FcSimHubSpotProperty *property,
              const char           *text,
              double               *number)
{
  gint64 ms;
  char *end = NULL;

  if (text == NULL)
    return FALSE;

  if (g_str_equal (property->type, "number"))
    {
      *number = g_ascii_strtod (text, &end);
      return end != text && *end == '\0';
    }

  if (!_fc_sim_parse_iso (text, &ms))
    return FALSE;

  *number = ms;
  return TRUE;
}

static gboolean
set_operand (Filter      *filter,
             const char  *text,
             double      *number,
             GError     **error)
{
  if (text == NULL)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Filter on %s with operator %s needs a value", filter->property->name,
                   filter->op);
      return FALSE;
    }
  if (filter->numeric && !parse_number (filter->property, text, number))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "%s is not a valid value for %s (%s): use a number, epoch milliseconds or an "
                   "ISO 8601 date", text, filter->property->name, filter->property->type);
      return FALSE;
    }

  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static gboolean
numbers_contain (GArray *numbers,
                 double  number)
{
  guint low = 0;
  guint high = numbers->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      double value = g_array_index (numbers, double, middle);

      if (value == number)
        return TRUE;
      if (value < number)
        low = middle + 1;
      else
        high = middle;
    }

  return FALSE;
}

static Filter *
parse_filter (FcSimHubSpot            *hs,
              const FcSimHubSpotType  *type,
              JsonObject              *object,
              GError                 **error)
{
  static const char * const operators[] = {
    "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY",
    "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN", NULL
  };
  const char *name = json_object_get_string_member_with_default (object, "propertyName", NULL);
  const char *op = json_object_get_string_member_with_default (object, "operator", NULL);
  g_autofree char *value = node_text (json_object_get_member (object, "value"));
  g_autofree char *high = node_text (json_object_get_member (object, "highValue"));
  JsonArray *values = _fc_sim_json_array (object, "values");
  Filter *filter;

  if (op == NULL || !g_strv_contains (operators, op))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Unknown filter operator %s; use one of EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, "
                   "IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN, "
                   "NOT_CONTAINS_TOKEN", op != NULL ? op : "(none)");
      return NULL;
    }

  filter = g_new0 (Filter, 1);
  filter->op = g_strdup (op);
  for (filter->kind = OP_EQ; !g_str_equal (operators[filter->kind], op); filter->kind++)
    ;
  filter->property = _fc_sim_hubspot_find_property (hs, type, name);
  if (filter->property == NULL)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Property %s does not exist on %s", name != NULL ? name : "(none)", type->name);
      filter_free (filter);
      return NULL;
    }
  filter->numeric = is_numeric (filter->property);

  if (g_str_equal (op, "IN") || g_str_equal (op, "NOT_IN"))
    {
      filter->values = g_ptr_array_new_with_free_func (g_free);
      filter->numbers = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
        {
          g_autofree char *text = node_text (json_array_get_element (values, i));
          double number = 0;

          if (!set_operand (filter, text, &number, error))
            {
              filter_free (filter);
              return NULL;
            }
          g_ptr_array_add (filter->values, g_utf8_casefold (text, -1));
          /* Kept sorted for a binary search; NaN equals nothing, so it can be left out */
          if (!isnan (number))
            g_array_append_val (filter->numbers, number);
        }
      g_array_sort (filter->numbers, compare_doubles);
    }
  else if (!g_str_has_suffix (op, "HAS_PROPERTY"))
    {
      if (!set_operand (filter, value, &filter->number, error)
          || (g_str_equal (op, "BETWEEN") && !set_operand (filter, high, &filter->high, error)))
        {
          filter_free (filter);
          return NULL;
        }
      filter->value = g_utf8_casefold (value, -1);
    }

  return filter;
}

/* Returns the groups (GPtrArray of GPtrArray of Filter), empty when there are none. */
static GPtrArray *
parse_groups (FcSimHubSpot            *hs,
              const FcSimHubSpotType  *type,
              JsonObject              *body,
              GError                 **error)
{
  JsonArray *groups = _fc_sim_json_array (body, "filterGroups");
  g_autoptr (GPtrArray) parsed = NULL;
  guint total = 0;

  parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  if (groups != NULL && json_array_get_length (groups) > GROUPS_MAX)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Too many filter groups (%u); the limit is %d",
                   json_array_get_length (groups), GROUPS_MAX);
      return NULL;
    }

  for (guint g = 0; groups != NULL && g < json_array_get_length (groups); g++)
    {
      JsonObject *group = _fc_sim_json_array_object (groups, g);
      JsonArray *filters = group != NULL ? _fc_sim_json_array (group, "filters") : NULL;
      GPtrArray *list = g_ptr_array_new_with_free_func (filter_free);

      g_ptr_array_add (parsed, list);
      if (filters != NULL && json_array_get_length (filters) > FILTERS_PER_GROUP_MAX)
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "Too many filters in group %u (%u); the limit is %d per group", g,
                       json_array_get_length (filters), FILTERS_PER_GROUP_MAX);
          return NULL;
        }
      for (guint f = 0; filters != NULL && f < json_array_get_length (filters); f++)
        {
          JsonObject *object = _fc_sim_json_array_object (filters, f);
          Filter *filter = object != NULL ? parse_filter (hs, type, object, error) : NULL;

          if (filter == NULL)
            {
              if (object == NULL)
                g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                             "filterGroups[%u].filters[%u] must be an object", g, f);
              return NULL;
            }
          g_ptr_array_add (list, filter);
          total++;
        }
    }

  if (total > FILTERS_MAX)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Too many filters (%u); the limit is %d in all groups", total, FILTERS_MAX);
      return NULL;
    }

  return g_steal_pointer (&parsed);
}

static gboolean
contains_token (const char *folded_value,
                const char *token)
{
  g_auto (GStrv) tokens = NULL;

  if (strchr (token, '*') != NULL)
    {
      if (g_pattern_match_simple (token, folded_value))
        return TRUE;
    }
  else if (g_str_equal (token, folded_value))
    {
      return TRUE;
    }

  tokens = g_strsplit_set (folded_value, " \t,;:/@", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (strchr (token, '*') != NULL ? g_pattern_match_simple (token, tokens[i])
                                      : g_str_equal (token, tokens[i]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
compare_op (Op  kind,
            int order)
{
  switch (kind)
    {
    case OP_EQ:
      return order == 0;
    case OP_NEQ:
      return order != 0;
    case OP_LT:
      return order < 0;
    case OP_LTE:
      return order <= 0;
    case OP_GT:
      return order > 0;
    case OP_GTE:
      return order >= 0;
    default:
      return FALSE;
    }
}

static int
compare_numbers (double a,
                 double b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static gboolean
filter_matches (FcSimHubSpot           *hs,
                const FcSimHubSpotType *type,
                FcSimRecord            *record,
                Filter                 *filter)
{
  Op kind = filter->kind;
  g_autofree char *text = NULL;
  g_autofree char *folded = NULL;
  double number = 0;
  gboolean has;

  if (filter->numeric)
    {
      has = _fc_sim_hubspot_get_number (hs, type, record, filter->property, &number);
    }
  else
    {
      text = _fc_sim_hubspot_get_value (hs, type, record, filter->property->name);
      has = text != NULL && text[0] != '\0';
      folded = has ? g_utf8_casefold (text, -1) : NULL;
    }

  if (kind == OP_HAS_PROPERTY)
    return has;
  if (kind == OP_NOT_HAS_PROPERTY)
    return !has;
  if (!has)
    return kind == OP_NEQ || kind == OP_NOT_IN || kind == OP_NOT_CONTAINS_TOKEN;

  if (kind == OP_IN || kind == OP_NOT_IN)
    {
      gboolean found = FALSE;

      if (filter->numeric)
        found = numbers_contain (filter->numbers, number);
      for (guint i = 0; !filter->numeric && !found && i < filter->values->len; i++)
        found = g_str_equal (g_ptr_array_index (filter->values, i), folded);
      return kind == OP_IN ? found : !found;
    }
  if (kind == OP_BETWEEN)
    {
      if (filter->numeric)
        return number >= filter->number && number <= filter->high;
      return g_strcmp0 (folded, filter->value) >= 0;
    }
  if (kind == OP_CONTAINS_TOKEN || kind == OP_NOT_CONTAINS_TOKEN)
    {
      g_autofree char *value = filter->numeric ? g_strdup_printf ("%.0f", number)
                                               : g_strdup (folded);
      gboolean found = contains_token (value, filter->value);

      return kind == OP_CONTAINS_TOKEN ? found : !found;
    }

  return compare_op (kind, filter->numeric ? compare_numbers (number, filter->number)
                                           : g_strcmp0 (folded, filter->value));
}

static gboolean
query_matches (FcSimHubSpot           *hs,
               const FcSimHubSpotType *type,
               FcSimRecord            *record,
               const char             *folded_query)
{
  for (guint i = 0; type->searchable[i] != NULL; i++)
    {
      g_autofree char *value = _fc_sim_hubspot_get_value (hs, type, record, type->searchable[i]);
      g_autofree char *folded = value != NULL ? g_utf8_casefold (value, -1) : NULL;

      if (folded != NULL && strstr (folded, folded_query) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Groups are ORed, the filters of a group ANDed. */
static gboolean
record_matches (FcSimHubSpot           *hs,
                const FcSimHubSpotType *type,
                FcSimRecord            *record,
                GPtrArray              *groups,
                const char             *folded_query)
{
  if (record->deleted_ms != 0)
    return FALSE;
  if (folded_query != NULL && !query_matches (hs, type, record, folded_query))
    return FALSE;
  if (groups->len == 0)
    return TRUE;

  for (guint g = 0; g < groups->len; g++)
    {
      GPtrArray *filters = g_ptr_array_index (groups, g);
      gboolean all = TRUE;

      for (guint f = 0; all && f < filters->len; f++)
        {
          Filter *filter = g_ptr_array_index (filters, f);

          all = filter->bounded || filter_matches (hs, type, record, filter);
        }
      if (all)
        return TRUE;
    }

  return FALSE;
}

static gboolean
parse_sort (FcSimHubSpot            *hs,
            const FcSimHubSpotType  *type,
            JsonObject              *body,
            Sort                    *sort,
            GError                 **error)
{
  JsonArray *sorts = _fc_sim_json_array (body, "sorts");
  JsonNode *first;
  const char *name = NULL;
  const char *direction = "ASCENDING";

  sort->property = NULL;
  if (sorts == NULL || json_array_get_length (sorts) == 0)
    return TRUE;
  if (json_array_get_length (sorts) > 1)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Only one sort is supported, got %u", json_array_get_length (sorts));
      return FALSE;
    }

  first = json_array_get_element (sorts, 0);
  if (JSON_NODE_HOLDS_OBJECT (first))
    {
      JsonObject *object = json_node_get_object (first);

      name = json_object_get_string_member_with_default (object, "propertyName", NULL);
      direction = json_object_get_string_member_with_default (object, "direction", "ASCENDING");
    }
  else if (JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING)
    {
      name = json_node_get_string (first);
      if (name[0] == '-')
        {
          name++;
          direction = "DESCENDING";
        }
    }

  sort->property = _fc_sim_hubspot_find_property (hs, type, name);
  if (sort->property == NULL
      || (!g_str_equal (direction, "ASCENDING") && !g_str_equal (direction, "DESCENDING")))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Cannot sort by %s %s: the property must exist and the direction be "
                   "ASCENDING or DESCENDING", name != NULL ? name : "(none)", direction);
      return FALSE;
    }
  sort->numeric = is_numeric (sort->property);
  sort->descending = g_str_equal (direction, "DESCENDING");

  return TRUE;
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const SortItem *x = *(SortItem * const *) a;
  const SortItem *y = *(SortItem * const *) b;
  const Sort *sort = user_data;
  int order;

  if (x->has != y->has)
    return x->has ? -1 : 1;
  if (!x->has)
    order = 0;
  else if (sort->numeric)
    order = compare_numbers (x->number, y->number);
  else
    order = g_strcmp0 (x->text, y->text);

  if (order != 0)
    return sort->descending ? -order : order;

  return x->record->id < y->record->id ? -1 : x->record->id > y->record->id;
}

/* @records as SortItems in the order of @sort. */
static GPtrArray *
sort_records (FcSimHubSpot           *hs,
              const FcSimHubSpotType *type,
              GPtrArray              *records,
              const Sort             *sort)
{
  GPtrArray *items = g_ptr_array_new_full (records->len, sort_item_free);

  for (guint i = 0; i < records->len; i++)
    {
      SortItem *item = g_new0 (SortItem, 1);

      item->record = g_ptr_array_index (records, i);
      if (sort->numeric)
        {
          item->has = _fc_sim_hubspot_get_number (hs, type, item->record, sort->property,
                                                  &item->number);
        }
      else
        {
          g_autofree char *value = _fc_sim_hubspot_get_value (hs, type, item->record,
                                                              sort->property->name);

          item->has = value != NULL && value[0] != '\0';
          item->text = item->has ? g_utf8_casefold (value, -1) : NULL;
        }
      g_ptr_array_add (items, item);
    }

  g_ptr_array_sort_with_data (items, compare_items, (gpointer) sort);
  return items;
}

static void
sort_matches (FcSimHubSpot           *hs,
              const FcSimHubSpotType *type,
              GPtrArray              *matches,
              Sort                   *sort)
{
  g_autoptr (GPtrArray) items = sort_records (hs, type, matches, sort);

  for (guint i = 0; i < items->len; i++)
    matches->pdata[i] = ((SortItem *) g_ptr_array_index (items, i))->record;
}

static gboolean
read_paging (JsonObject  *body,
             guint       *limit,
             guint       *after,
             GError     **error)
{
  JsonNode *limit_node = json_object_get_member (body, "limit");
  g_autofree char *after_text = node_text (json_object_get_member (body, "after"));
  guint64 number = 0;

  *limit = 10;
  *after = 0;
  if (limit_node != NULL && !JSON_NODE_HOLDS_NULL (limit_node))
    {
      if (!JSON_NODE_HOLDS_VALUE (limit_node)
          || json_node_get_value_type (limit_node) != G_TYPE_INT64
          || json_node_get_int (limit_node) < 0 || json_node_get_int (limit_node) > LIMIT_MAX)
        {
          g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                       "limit must be a whole number from 1 to %d", LIMIT_MAX);
          return FALSE;
        }
      if (json_node_get_int (limit_node) > 0)
        *limit = (guint) json_node_get_int (limit_node);
    }

  if (after_text != NULL && after_text[0] != '\0'
      && !g_ascii_string_to_unsigned (after_text, 10, 0, G_MAXUINT32, &number, NULL))
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "after must be the paging value a previous search returned, not %s",
                   after_text);
      return FALSE;
    }
  *after = (guint) number;

  if (*after >= RESULTS_MAX)
    {
      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                   "Search results are limited to %d; after=%u pages past them. Narrow the "
                   "query instead, for example sort on the last-modified property and filter "
                   "GTE the last value seen", RESULTS_MAX, *after);
      return FALSE;
    }

  return TRUE;
}

/* What decides the matches and their order: the whole body but the page position, members in
 * name order. */
static char *
listing_key (JsonObject *body)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  GList *names = g_list_sort (json_object_get_members (body), (GCompareFunc) strcmp);

  json_builder_begin_object (builder);
  for (GList *l = names; l != NULL; l = l->next)
    {
      if (g_str_equal (l->data, "after"))
        continue;
      json_builder_set_member_name (builder, l->data);
      json_builder_add_value (builder, json_node_copy (json_object_get_member (body, l->data)));
    }
  json_builder_end_object (builder);
  g_list_free (names);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* What a collection keeps for its searches while its records do not change: the live records
 * in the order of the last sort asked for, and the last search's matches. */
typedef struct
{
  char      *sort_name;
  gboolean   numeric;
  gboolean   descending;
  GPtrArray *items;      /* SortItem of the live records, in that order; NULL for none */
  guint      n_has;      /* the items that have a value: they come first */
  gboolean   ranged;     /* numbers and no NaN among them: ranges of values are ranges of items */
  gboolean   ordered;    /* the order is total (no NaN): the matches may be taken in it */
  char      *body_key;
  GPtrArray *matches;    /* FcSimRecord matching the body of body_key, in order */
} SearchCache;

static void
search_cache_free (gpointer data)
{
  SearchCache *cache = data;

  g_free (cache->sort_name);
  g_clear_pointer (&cache->items, g_ptr_array_unref);
  g_free (cache->body_key);
  g_clear_pointer (&cache->matches, g_ptr_array_unref);
  g_free (cache);
}

static void
cache_sort (SearchCache            *cache,
            FcSimHubSpot           *hs,
            const FcSimHubSpotType *type,
            const Sort             *sort)
{
  FcSimCollection *collection = hs->objects[type->id];
  g_autoptr (GPtrArray) live = g_ptr_array_new ();

  if (cache->items != NULL && g_str_equal (cache->sort_name, sort->property->name)
      && cache->numeric == sort->numeric && cache->descending == sort->descending)
    return;

  for (guint i = 0; i < _fc_sim_collection_get_length (collection); i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (collection, i);

      if (record->deleted_ms == 0)
        g_ptr_array_add (live, record);
    }

  g_free (cache->sort_name);
  cache->sort_name = g_strdup (sort->property->name);
  cache->numeric = sort->numeric;
  cache->descending = sort->descending;
  g_clear_pointer (&cache->items, g_ptr_array_unref);
  cache->items = sort_records (hs, type, live, sort);
  cache->n_has = 0;
  cache->ordered = TRUE;
  for (guint i = 0; i < cache->items->len; i++)
    {
      SortItem *item = g_ptr_array_index (cache->items, i);

      if (item->has)
        cache->n_has++;
      if (item->has && sort->numeric && isnan (item->number))
        cache->ordered = FALSE;
    }
  cache->ranged = sort->numeric && cache->ordered;
}

/* Where the items stop being below @value (or equal to it, with @or_equal) in ascending order,
 * or start being so in descending order. */
static guint
value_position (SearchCache *cache,
                double       value,
                gboolean     or_equal)
{
  guint low = 0;
  guint high = cache->n_has;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      double number = ((SortItem *) g_ptr_array_index (cache->items, middle))->number;
      gboolean below = or_equal ? number <= value : number < value;

      if (below != cache->descending)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

/* Narrows [*start, *end) to the items that can pass @filter when it bounds the sorted property
 * (a record without the property fails such a filter); FALSE when it does not. */
static gboolean
narrow_to_filter (SearchCache *cache,
                  Filter      *filter,
                  guint       *start,
                  guint       *end)
{
  Op kind = filter->kind;
  gboolean lower = FALSE, upper = FALSE;
  gboolean lower_strict = FALSE, upper_strict = FALSE;
  double low = filter->number, high = filter->number;
  guint from = 0, to = cache->n_has;

  switch (kind)
    {
    case OP_EQ:
      lower = upper = TRUE;
      break;
    case OP_GT:
    case OP_GTE:
      lower = TRUE;
      lower_strict = kind == OP_GT;
      break;
    case OP_LT:
    case OP_LTE:
      upper = TRUE;
      upper_strict = kind == OP_LT;
      break;
    case OP_BETWEEN:
      lower = upper = TRUE;
      high = filter->high;
      break;
    default:
      return FALSE;
    }
  if (isnan (low) || isnan (high))
    return FALSE;

  /* number >= low (> low): ascending, from the first item not below; descending, up to it */
  if (lower && !cache->descending)
    from = MAX (from, value_position (cache, low, lower_strict));
  else if (lower)
    to = MIN (to, value_position (cache, low, lower_strict));
  /* number <= high (< high) */
  if (upper && !cache->descending)
    to = MIN (to, value_position (cache, high, !upper_strict));
  else if (upper)
    from = MAX (from, value_position (cache, high, !upper_strict));

  *start = MAX (*start, from);
  *end = MIN (*end, MAX (from, to));
  return TRUE;
}

/* The items a record must be among to match: every group's filters on the sorted property
 * narrow that group's range, and the groups are ORed. With a single group, every item of the
 * range passes the filters that narrowed it: they are marked bounded and not evaluated again. */
static void
find_range (SearchCache *cache,
            GPtrArray   *groups,
            const Sort  *sort,
            guint       *start,
            guint       *end)
{
  *start = 0;
  *end = cache->items->len;
  if (!cache->ranged || groups->len == 0)
    return;

  *start = G_MAXUINT;
  *end = 0;
  for (guint g = 0; g < groups->len; g++)
    {
      GPtrArray *filters = g_ptr_array_index (groups, g);
      guint from = 0, to = cache->items->len;

      for (guint f = 0; f < filters->len; f++)
        {
          Filter *filter = g_ptr_array_index (filters, f);

          if (filter->property == sort->property && filter->numeric
              && narrow_to_filter (cache, filter, &from, &to))
            filter->bounded = groups->len == 1;
        }
      if (from < to)
        {
          *start = MIN (*start, from);
          *end = MAX (*end, to);
        }
    }
  if (*start > *end)
    *start = *end;
}

/* The live records that match the body, sorted, as a GPtrArray of FcSimRecord owned by the
 * collection's cache. Sorted searches filter the live records kept in their order, over the
 * range of them the filters on the sorted property allow; the next page of the same search
 * takes the matches as they are, until the records change. */
static GPtrArray *
find_matches (FcSimHubSpot           *hs,
              const FcSimHubSpotType *type,
              JsonObject             *body,
              GPtrArray              *groups,
              Sort                   *sort,
              const char             *query)
{
  FcSimCollection *collection = hs->objects[type->id];
  SearchCache *cache = _fc_sim_collection_get_listing (collection, "search");
  g_autofree char *key = listing_key (body);
  g_autofree char *folded_query = NULL;
  GPtrArray *matches;
  guint start, end;

  if (cache == NULL)
    {
      cache = g_new0 (SearchCache, 1);
      _fc_sim_collection_keep_listing (collection, "search", cache, search_cache_free);
    }
  if (cache->matches != NULL && g_str_equal (cache->body_key, key))
    return cache->matches;

  matches = g_ptr_array_new ();
  if (query != NULL && query[0] != '\0')
    folded_query = g_utf8_casefold (query, -1);
  if (sort->property != NULL)
    cache_sort (cache, hs, type, sort);
  if (sort->property != NULL && cache->ordered)
    {
      find_range (cache, groups, sort, &start, &end);
      for (guint i = start; i < end; i++)
        {
          SortItem *item = g_ptr_array_index (cache->items, i);

          if (record_matches (hs, type, item->record, groups, folded_query))
            g_ptr_array_add (matches, item->record);
        }
    }
  else
    {
      for (guint i = 0; i < _fc_sim_collection_get_length (collection); i++)
        {
          FcSimRecord *record = _fc_sim_collection_get_nth (collection, i);

          if (record_matches (hs, type, record, groups, folded_query))
            g_ptr_array_add (matches, record);
        }
      if (sort->property != NULL)
        sort_matches (hs, type, matches, sort);
    }

  g_free (cache->body_key);
  cache->body_key = g_steal_pointer (&key);
  g_clear_pointer (&cache->matches, g_ptr_array_unref);
  cache->matches = matches;
  return matches;
}

void
_fc_sim_hubspot_handle_search (FcSimRequest *req)
{
  FcSimHubSpot *hs = req->provider->state;
  const FcSimHubSpotType *type = req->route->data;
  JsonObject *body = _fc_sim_hubspot_body (req);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) groups = NULL;
  g_auto (GStrv) wanted = NULL;
  GPtrArray *matches;
  GString *out;
  const char *query;
  Sort sort = { NULL, FALSE, FALSE };
  guint limit, after, end;

  if (body == NULL)
    return;

  query = json_object_get_string_member_with_default (body, "query", NULL);
  if (query != NULL && strlen (query) > QUERY_MAX)
    g_set_error (&error, FC_SIM_ERROR, FC_SIM_ERROR_INVALID,
                 "query is longer than %d characters", QUERY_MAX);
  if (error == NULL)
    groups = parse_groups (hs, type, body, &error);
  if (groups == NULL || !parse_sort (hs, type, body, &sort, &error)
      || !read_paging (body, &limit, &after, &error))
    {
      _fc_sim_hubspot_respond_gerror (req, error);
      return;
    }

  matches = find_matches (hs, type, body, groups, &sort, query);
  wanted = _fc_sim_hubspot_wanted_array (hs, type,
                                         _fc_sim_json_array (body, "properties"));
  end = MIN (MIN (after + limit, matches->len), RESULTS_MAX);

  out = g_string_sized_new (4096);
  g_string_append_printf (out, "{\"total\":%u,\"results\":[", matches->len);
  for (guint i = after; i < end; i++)
    {
      if (i > after)
        g_string_append_c (out, ',');
      _fc_sim_hubspot_append_object (out, hs, type, g_ptr_array_index (matches, i), wanted,
                                     FALSE);
    }
  g_string_append_c (out, ']');
  /* Past the cap the next page is the first one refused */
  if (end < matches->len)
    g_string_append_printf (out, ",\"paging\":{\"next\":{\"after\":\"%u\"}}", end);
  g_string_append_c (out, '}');
  _fc_sim_respond_json_text (req, 200, out);
}
