/* test-record.c: FcRecord's fields and names, as pages of records build them
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fc-record.h"

/* Names shared between records, and names too long to share (a record keeps its own) */
static const char * const names[] = {
  "email", "emails", "firstname", "lastname", "phone", "phones", "a", "b", "zz",
  "custom_fields.5f1c0a", "postal_address.locality", "n\xc3\xa4me",
  "a-name-much-longer-than-any-name-a-provider-gives-which-a-record-keeps-a-copy-of",
};

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Fields added in any order read back by name and list in byte order; a name given again
 * replaces the value */
static void
test_fields_any_order (void)
{
  for (guint round = 0; round < 200; round++)
    {
      g_autoptr (FcRecord) record = fc_record_new ("contacts", "1");
      g_autoptr (GPtrArray) order = g_ptr_array_new ();
      g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
      g_auto (GStrv) listed = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        g_ptr_array_insert (order, g_test_rand_int_range (0, (gint32) order->len + 1),
                            (gpointer) names[i]);
      for (guint i = 0; i < order->len; i++)
        {
          const char *name = g_ptr_array_index (order, i);

          fc_record_set_string (record, name, "first");
          fc_record_set_int (record, name, i);
        }

      listed = fc_record_list_fields (record);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        g_ptr_array_add (sorted, (gpointer) names[i]);
      g_ptr_array_sort (sorted, compare_names);
      g_assert_cmpuint (g_strv_length (listed), ==, sorted->len);
      for (guint i = 0; i < sorted->len; i++)
        g_assert_cmpstr (listed[i], ==, g_ptr_array_index (sorted, i));
      for (guint i = 0; i < order->len; i++)
        {
          JsonNode *value = fc_record_get_field (record, g_ptr_array_index (order, i));

          g_assert_nonnull (value);
          g_assert_cmpint (json_node_get_int (value), ==, i);
        }
    }
}

typedef struct
{
  const char *first;
  const char *second;
} TypeCase;

static const TypeCase type_cases[] = {
  { "contacts", "persons" },
  { "contacts", NULL },
  { NULL, "deals" },
  { "", "contacts" },
  { "an-object-type-name-longer-than-the-names-records-share-which-is-then-owned",
    "another-object-type-name-longer-than-the-names-records-share-which-is-then-owned" },
};

/* The object type, shared or owned, reads back through copies and changes */
static void
test_object_type (gconstpointer data)
{
  const TypeCase *c = data;
  g_autoptr (FcRecord) record = fc_record_new (c->first, "7");
  g_autoptr (FcRecord) copy = fc_record_copy (record);
  g_autoptr (FcRecord) other = fc_record_new (c->first, "8");
  g_autofree char *property = NULL;

  g_assert_cmpstr (fc_record_get_object_type (record), ==, c->first);
  g_assert_cmpstr (fc_record_get_object_type (copy), ==, c->first);
  g_assert_true (fc_record_equal (record, copy));
  g_assert_cmpstr (fc_record_get_object_type (other), ==, c->first);

  fc_record_set_object_type (record, c->second);
  g_assert_cmpstr (fc_record_get_object_type (record), ==, c->second);
  g_assert_cmpstr (fc_record_get_object_type (copy), ==, c->first);
  g_assert_cmpint (fc_record_equal (record, copy), ==, g_strcmp0 (c->first, c->second) == 0);
  g_object_get (record, "object-type", &property, NULL);
  g_assert_cmpstr (property, ==, c->second);

  fc_record_set_object_type (record, c->first);
  g_assert_true (fc_record_equal (record, copy));
}

/* Every kind of value, read from JSON text: what the record keeps it as, and its text */
typedef struct
{
  const char  *json;
  FcValueKind  kind;
  const char  *text;     /* fc_record_dup_string (); NULL for none */
} ValueCase;

static const ValueCase value_cases[] = {
  { "\"Zo\u00eb\"", FC_VALUE_STRING, "Zo\xc3\xab" },
  { "\"\"", FC_VALUE_STRING, "" },
  { "\"42\"", FC_VALUE_STRING, "42" },
  { "42", FC_VALUE_INT, "42" },
  { "-9223372036854775808", FC_VALUE_INT, "-9223372036854775808" },
  { "1", FC_VALUE_INT, "1" },
  { "1.0", FC_VALUE_DOUBLE, "1" },
  { "0.1", FC_VALUE_DOUBLE, "0.1" },
  { "1e308", FC_VALUE_DOUBLE, "1e+308" },
  { "true", FC_VALUE_BOOLEAN, "true" },
  { "false", FC_VALUE_BOOLEAN, "false" },
  { "null", FC_VALUE_NULL, NULL },
  { "[\"a\",1,true,null,2.5]", FC_VALUE_NODE, "a;1;true;2.5" },
  { "[]", FC_VALUE_NODE, "" },
  { "{\"k\":\"v\"}", FC_VALUE_NODE, NULL },
};

static JsonNode *
parse_value (const char *json)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static char *
node_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* One record with the case's value set as a node, one with it set as an FcValue (or the typed
 * setters): both keep it the same way, read it back the same, copy, compare and export it as
 * json-glib has it */
static void
test_value_kinds (gconstpointer data)
{
  const ValueCase *c = data;
  g_autoptr (JsonNode) node = parse_value (c->json);
  g_autoptr (FcRecord) as_node = fc_record_new ("contacts", "1");
  g_autoptr (FcRecord) as_value = fc_record_new ("contacts", "1");
  g_autoptr (FcRecord) copy = NULL;
  g_autoptr (JsonNode) exported = NULL;
  g_autofree char *expected = node_text (node);
  g_autofree char *exported_text = NULL;
  g_autofree char *text = NULL;
  FcValue view;
  FcValue kept;
  JsonNode *made;

  fc_record_set_field (as_node, "f", node);
  fc_value_init_from_node (&view, node);
  g_assert_cmpint (view.kind, ==, c->kind);
  if (c->kind == FC_VALUE_STRING)
    fc_record_set_string (as_value, "f", view.v.string);
  else if (c->kind == FC_VALUE_INT)
    fc_record_set_int (as_value, "f", view.v.integer);
  else
    fc_record_set_value (as_value, "f", &view);

  for (guint i = 0; i < 2; i++)
    {
      FcRecord *record = i == 0 ? as_node : as_value;
      g_autofree char *made_text = NULL;

      g_assert_true (fc_record_get_value (record, "f", &kept));
      g_assert_cmpint (kept.kind, ==, c->kind);
      g_assert_false (fc_record_get_value (record, "g", &kept));
      text = fc_record_dup_string (record, "f");
      g_assert_cmpstr (text, ==, c->text);
      g_clear_pointer (&text, g_free);
      g_assert_cmpstr (fc_record_get_string (record, "f"), ==,
                       c->kind == FC_VALUE_STRING ? json_node_get_string (node) : NULL);

      /* The node, made when asked for, is kept: the same one is given again */
      made = fc_record_get_field (record, "f");
      g_assert_nonnull (made);
      g_assert_true (fc_record_get_field (record, "f") == made);
      made_text = node_text (made);
      g_assert_cmpstr (made_text, ==, expected);
    }
  g_assert_true (fc_record_field_equal (as_node, as_value, "f"));
  g_assert_true (fc_record_equal (as_node, as_value));

  copy = fc_record_copy (as_value);
  g_assert_true (fc_record_equal (copy, as_node));
  exported = fc_record_to_json (copy);
  exported_text = node_text (json_object_get_member (json_object_get_object_member (
                                json_node_get_object (exported), "fields"), "f"));
  g_assert_cmpstr (exported_text, ==, expected);

  /* Replaced, the node made before goes with the old value */
  fc_record_set_string (as_value, "f", "replaced");
  g_assert_cmpstr (json_node_get_string (fc_record_get_field (as_value, "f")), ==, "replaced");
  g_assert_false (fc_record_field_equal (as_node, as_value, "f"));
  g_assert_true (fc_record_equal (copy, as_node));
  g_assert_true (fc_record_remove_field (as_node, "f"));
  g_assert_false (fc_record_has_field (as_node, "f"));
  g_assert_null (fc_record_get_field (as_node, "f"));
  g_assert_false (fc_record_field_equal (as_node, as_value, "f"));
  g_assert_true (fc_record_remove_field (as_value, "f"));
  g_assert_true (fc_record_field_equal (as_node, as_value, "f"));
}

/* Values compare as json-glib compares their nodes, across every pair of kinds */
static void
test_value_equal (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (value_cases); i++)
    for (guint j = 0; j < G_N_ELEMENTS (value_cases); j++)
      {
        g_autoptr (JsonNode) a = parse_value (value_cases[i].json);
        g_autoptr (JsonNode) b = parse_value (value_cases[j].json);
        g_autoptr (FcRecord) left = fc_record_new ("contacts", "1");
        g_autoptr (FcRecord) right = fc_record_new ("contacts", "1");
        FcValue in_a;
        FcValue in_b;

        fc_value_init_from_node (&in_a, a);
        fc_value_init_from_node (&in_b, b);
        fc_record_set_value (left, "f", &in_a);
        fc_record_set_value (right, "f", &in_b);
        g_assert_cmpint (fc_value_equal (&in_a, &in_b), ==, json_node_equal (a, b));
        g_assert_cmpint (fc_record_field_equal (left, right, "f"), ==, json_node_equal (a, b));
        g_assert_cmpint (fc_record_fields_equal (left, right), ==, json_node_equal (a, b));
        g_assert_cmpint (fc_json_value_equal (fc_record_get_field (left, "f"),
                                              fc_record_get_field (right, "f")),
                         ==, json_node_equal (a, b));
      }
}

static void
collect_field (const char    *name,
               const FcValue *value,
               gpointer       user_data)
{
  GString *seen = user_data;
  g_autoptr (JsonNode) node = fc_value_to_node (value);
  g_autofree char *text = node_text (node);

  g_string_append_printf (seen, "%s=%s;", name, text);
}

/* Each field once, in name order, with its value as set */
static void
test_foreach (void)
{
  g_autoptr (FcRecord) record = fc_record_new ("persons", "9");
  g_autoptr (GString) seen = g_string_new (NULL);
  g_autoptr (JsonNode) list = parse_value ("[1,\"x\"]");
  FcValue number = { FC_VALUE_DOUBLE, { .number = 2.5 } };
  FcValue yes = { FC_VALUE_BOOLEAN, { .boolean = TRUE } };

  fc_record_set_string (record, "name", "Ada");
  fc_record_set_string (record, "empty", NULL);
  fc_record_set_int (record, "count", 3);
  fc_record_set_value (record, "score", &number);
  fc_record_set_value (record, "active", &yes);
  fc_record_set_field (record, "list", list);
  fc_record_set_string (record, "name", "Grace");
  fc_record_foreach_field (record, collect_field, seen);
  g_assert_cmpstr (seen->str, ==,
                   "active=true;count=3;empty=null;list=[1,\"x\"];name=\"Grace\";score=2.5;");
}

/* Strings set, replaced and removed over and over, past what the record's own text holds, read
 * back as last set; a string read stays valid while other fields change */
static void
test_strings (void)
{
  g_autoptr (FcRecord) record = fc_record_new ("contacts", "1");
  g_autoptr (FcRecord) copy = NULL;
  g_autofree char *long_text = g_strnfill (5000, 'x');
  const char *kept;

  fc_record_set_string (record, "kept", "stays where it is");
  kept = fc_record_get_string (record, "kept");
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%02u", i % 40);
      g_autofree char *value = g_strdup_printf ("value %u of the record's many strings", i);

      fc_record_set_string (record, name, value);
      if (i % 7 == 0)
        g_assert_true (fc_record_remove_field (record, name));
    }
  g_assert_true (fc_record_get_string (record, "kept") == kept);
  g_assert_cmpstr (kept, ==, "stays where it is");
  g_assert_cmpuint (fc_record_get_n_fields (record), ==, 1 + 40 - 6);
  for (guint n = 0; n < 40; n++)
    {
      g_autofree char *name = g_strdup_printf ("f%02u", n);
      g_autofree char *value = g_strdup_printf ("value %u of the record's many strings", 360 + n);

      g_assert_cmpstr (fc_record_get_string (record, name), ==, (360 + n) % 7 == 0 ? NULL : value);
    }

  fc_record_set_string (record, "long", long_text);
  g_assert_cmpstr (fc_record_get_string (record, "long"), ==, long_text);
  fc_record_set_string (record, "long", fc_record_get_string (record, "long") + 4990);
  g_assert_cmpstr (fc_record_get_string (record, "long"), ==, "xxxxxxxxxx");
  fc_record_set_string (record, "same", fc_record_get_string (record, "kept"));
  g_assert_cmpstr (fc_record_get_string (record, "same"), ==, "stays where it is");

  copy = fc_record_copy (record);
  g_assert_true (fc_record_equal (copy, record));
  g_clear_object (&record);
  g_assert_cmpstr (fc_record_get_string (copy, "kept"), ==, "stays where it is");
  g_assert_cmpstr (fc_record_get_string (copy, "f38"), ==,
                   "value 398 of the record's many strings");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fc/record/fields-any-order", test_fields_any_order);
  for (guint i = 0; i < G_N_ELEMENTS (type_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/record/object-type/%u", i);

      g_test_add_data_func (path, &type_cases[i], test_object_type);
    }

  for (guint i = 0; i < G_N_ELEMENTS (value_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/record/value-kinds/%u", i);

      g_test_add_data_func (path, &value_cases[i], test_value_kinds);
    }
  g_test_add_func ("/fc/record/value-equal", test_value_equal);
  g_test_add_func ("/fc/record/foreach", test_foreach);
  g_test_add_func ("/fc/record/strings", test_strings);

  return g_test_run ();
}
