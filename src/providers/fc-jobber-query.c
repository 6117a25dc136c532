/* fc-jobber-query.c: the GraphQL documents the Jobber connector sends
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-jobber"

#include "config.h"

#include <string.h>

#include "fc-jobber-connector-private.h"

/* Documents are written against FC_JOBBER_API_VERSION and take every value as a variable, so
 * that no user data is ever spliced into GraphQL text. Several records go in one document as
 * aliased fields (r0, r1, ... for reads; w0, w1, ... for writes). */

/* "Clients": the capitalised object name, for operation names */
static char *
capitalised (const char *name)
{
  char *text = g_strdup (name);

  text[0] = g_ascii_toupper (text[0]);
  return text;
}

char *
_fc_jobber_build_list_query (const FcJobberType *type)
{
  g_autofree char *operation = capitalised (type->name);

  if (type->filter_type != NULL)
    return g_strdup_printf ("query List%s($first: Int!, $after: String, $filter: %s) { "
                            "%s(first: $first, after: $after, filter: $filter) { "
                            "nodes { %s } pageInfo { endCursor hasNextPage } totalCount } }",
                            operation, type->filter_type, type->name, type->selection);

  /* Jobs: the schema filters them by creation and schedule only, but sorts them by
   * UPDATED_AT; newest first, so that an incremental listing stops at its cursor. */
  return g_strdup_printf ("query List%s($first: Int!, $after: String) { "
                          "%s(first: $first, after: $after, "
                          "sort: [{key: UPDATED_AT, direction: DESCENDING}]) { "
                          "nodes { %s } pageInfo { endCursor hasNextPage } totalCount } }",
                          operation, type->name, type->selection);
}

JsonObject *
_fc_jobber_build_list_variables (const FcJobberType *type,
                                 guint               first,
                                 const char         *after,
                                 gint64              since_ms)
{
  JsonObject *variables = json_object_new ();

  json_object_set_int_member (variables, "first", first);
  if (after != NULL)
    json_object_set_string_member (variables, "after", after);

  if (type->filter_type != NULL && since_ms >= 0)
    {
      /* Jobber's times have whole seconds, and whether `after` includes its own second is
       * not documented: one second earlier includes it either way (the listing drops what
       * lies before the cursor). */
      g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (since_ms / 1000 - 1);
      g_autofree char *text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
      JsonObject *range = json_object_new ();
      JsonObject *filter = json_object_new ();

      json_object_set_string_member (range, "after", text);
      json_object_set_object_member (filter, "updatedAt", range);
      json_object_set_object_member (variables, "filter", filter);
    }
  return variables;
}

char *
_fc_jobber_build_read_query (const FcJobberType *type,
                             guint               n,
                             const char         *selection)
{
  g_autofree char *operation = capitalised (type->name);
  g_autoptr (GString) text = g_string_new (NULL);

  g_string_append_printf (text, "query Read%s(", operation);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s$id%u: EncodedId!", i > 0 ? ", " : "", i);
  g_string_append (text, ") {");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, " r%u: %s(id: $id%u) { %s }", i, type->singular, i,
                            selection != NULL ? selection : type->selection);
  g_string_append (text, " }");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
_fc_jobber_build_search_query (const FcJobberType *type)
{
  g_autofree char *operation = capitalised (type->name);

  return g_strdup_printf ("query Find%s($term: String!, $first: Int!) { "
                          "%s(first: $first, searchTerm: $term) { nodes { %s } } }",
                          operation, type->name, type->search_selection);
}

char *
_fc_jobber_build_mutation (const char             *operation,
                           const FcJobberMutation *mutation,
                           guint                   n)
{
  g_autoptr (GString) text = g_string_new (NULL);
  gboolean any = FALSE;

  g_string_append_printf (text, "mutation %s", operation);
  if (n > 0 && (mutation->id_arg != NULL || mutation->input_arg != NULL))
    {
      g_string_append_c (text, '(');
      for (guint i = 0; i < n; i++)
        {
          if (mutation->id_arg != NULL)
            {
              g_string_append_printf (text, "%s$id%u: EncodedId!", any ? ", " : "", i);
              any = TRUE;
            }
          if (mutation->input_arg != NULL)
            {
              g_string_append_printf (text, "%s$in%u: %s", any ? ", " : "", i,
                                      mutation->input_type);
              any = TRUE;
            }
        }
      g_string_append_c (text, ')');
    }
  g_string_append (text, " {");

  for (guint i = 0; i < n; i++)
    {
      gboolean first_arg = TRUE;

      g_string_append_printf (text, " w%u: %s(", i, mutation->field);
      if (mutation->id_arg != NULL)
        {
          g_string_append_printf (text, "%s: $id%u", mutation->id_arg, i);
          first_arg = FALSE;
        }
      if (mutation->input_arg != NULL)
        {
          g_string_append_printf (text, "%s%s: $in%u", first_arg ? "" : ", ",
                                  mutation->input_arg, i);
          first_arg = FALSE;
        }
      if (mutation->fixed_args != NULL)
        g_string_append_printf (text, "%s%s", first_arg ? "" : ", ", mutation->fixed_args);
      g_string_append_printf (text, ") { %s { %s } userErrors { message path } }",
                              mutation->payload, mutation->selection);
    }
  g_string_append (text, " }");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

guint
_fc_jobber_type_cost (const FcJobberType *type,
                      guint               n)
{
  /* the connection or the aliased fields, the nodes, pageInfo {endCursor hasNextPage} and
   * totalCount */
  return 5 + n * (1 + _fc_jobber_selection_cost (type->selection));
}
