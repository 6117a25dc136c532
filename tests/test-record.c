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

  return g_test_run ();
}
