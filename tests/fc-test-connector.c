/* fc-test-connector.c: a connector's async operations, waited for, for tests
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fc-test-connector.h"
#include "fc-test-util.h"

FcRecordPage *
fc_test_list_page (FcConnector *connector,
                   const char  *object,
                   const char  *cursor,
                   const char  *token,
                   GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  fc_connector_list_changed_async (connector, object, cursor, token, NULL, NULL,
                                   fc_test_on_ready_cb, &result);
  return fc_connector_list_changed_finish (connector, fc_test_wait_for (&result), error);
}

/* Every record modified since @cursor, page by page; the last page's cursor in @out_cursor. */
GPtrArray *
fc_test_list_all (FcConnector *connector,
                  const char  *object,
                  const char  *cursor,
                  guint       *out_pages,
                  char       **out_cursor)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *token = NULL;
  guint pages = 0;

  do
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (FcRecordPage) page = fc_test_list_page (connector, object, cursor, token, &error);
      GPtrArray *items;

      g_assert_no_error (error);
      g_assert_nonnull (page);
      items = fc_record_page_get_records (page);
      for (guint i = 0; i < items->len; i++)
        g_ptr_array_add (records, g_object_ref (g_ptr_array_index (items, i)));
      g_free (token);
      token = g_strdup (fc_record_page_get_next_page_token (page));
      if (out_cursor != NULL)
        {
          g_free (*out_cursor);
          *out_cursor = g_strdup (fc_record_page_get_cursor (page));
        }
      pages++;
      g_assert_cmpuint (pages, <, 1000);
    }
  while (token != NULL);

  if (out_pages != NULL)
    *out_pages = pages;
  return records;
}

/* The ids of @records, checking each appears once. */
GHashTable *
fc_test_unique_ids (GPtrArray *records)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < records->len; i++)
    {
      const char *id = fc_record_get_id (g_ptr_array_index (records, i));

      if (!g_hash_table_add (ids, g_strdup (id)))
        g_error ("record %s was listed twice", id);
    }
  return ids;
}

GPtrArray *
fc_test_read_records (FcConnector        *connector,
                      const char         *object,
                      const char * const *ids,
                      GError            **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  fc_connector_read_records_async (connector, object, ids, NULL, NULL, fc_test_on_ready_cb,
                                   &result);
  return fc_connector_read_records_finish (connector, fc_test_wait_for (&result), error);
}

GPtrArray *
fc_test_find_records (FcConnector  *connector,
                      const char   *object,
                      const char   *field,
                      const char   *value,
                      GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  fc_connector_find_records_async (connector, object, field, value, NULL, NULL,
                                   fc_test_on_ready_cb, &result);
  return fc_connector_find_records_finish (connector, fc_test_wait_for (&result), error);
}

FcRecord *
fc_test_read_one (FcConnector *connector,
                  const char  *object,
                  const char  *id)
{
  const char *ids[] = { id, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = fc_test_read_records (connector, object, ids, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  return g_object_ref (g_ptr_array_index (records, 0));
}

GPtrArray *
fc_test_write_records (FcConnector *connector,
                       const char  *operation,
                       const char  *object,
                       GPtrArray   *records,
                       GError     **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  if (g_str_equal (operation, "create"))
    fc_connector_create_records_async (connector, object, records, NULL, fc_test_on_ready_cb,
                                       &result);
  else if (g_str_equal (operation, "update"))
    fc_connector_update_records_async (connector, object, records, NULL, fc_test_on_ready_cb,
                                       &result);
  else
    fc_connector_upsert_records_async (connector, object, operation, records, NULL,
                                       fc_test_on_ready_cb, &result);
  return fc_connector_write_finish (connector, fc_test_wait_for (&result), error);
}

FcConnector *
fc_test_connector_new (FcConnection *connection,
                       FcAuth       *auth)
{
  g_autoptr (GError) error = NULL;
  FcConnector *connector = fc_connector_new (connection, auth, &error);

  g_assert_no_error (error);
  g_assert_nonnull (connector);
  fc_http_set_retry_policy (fc_connector_get_http (connector), 4, 20, 200);
  return connector;
}

void
fc_test_assert_fields (FcRecord           *record,
                       const char * const *all,
                       const char * const *present)
{
  for (guint i = 0; all[i] != NULL; i++)
    {
      g_test_message ("record %s: %s %s", fc_record_get_id (record), all[i],
                      fc_record_has_field (record, all[i]) ? "read" : "not read");
      g_assert_true (fc_record_has_field (record, all[i])
                     == g_strv_contains (present, all[i]));
    }
}

void
fc_test_assert_overlapping_listings (FcConnector        *connector,
                                     const char         *object,
                                     const char * const *all,
                                     const char * const *fields)
{
  g_autoptr (GAsyncResult) narrow = NULL;
  g_autoptr (GAsyncResult) wide = NULL;
  g_autoptr (FcRecordPage) narrow_page = NULL;
  g_autoptr (FcRecordPage) wide_page = NULL;
  g_autoptr (GError) error = NULL;

  fc_connector_list_changed_async (connector, object, NULL, NULL, fields, NULL,
                                   fc_test_on_ready_cb, &narrow);
  fc_connector_list_changed_async (connector, object, NULL, NULL, NULL, NULL,
                                   fc_test_on_ready_cb, &wide);
  narrow_page = fc_connector_list_changed_finish (connector, fc_test_wait_for (&narrow), &error);
  g_assert_no_error (error);
  wide_page = fc_connector_list_changed_finish (connector, fc_test_wait_for (&wide), &error);
  g_assert_no_error (error);
  fc_test_assert_fields (g_ptr_array_index (fc_record_page_get_records (narrow_page), 0), all,
                         fields);
  fc_test_assert_fields (g_ptr_array_index (fc_record_page_get_records (wide_page), 0), all,
                         all);
}
