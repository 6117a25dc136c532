/* fc-test-connector.h: a connector's async operations, waited for, for tests
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-connector.h"

G_BEGIN_DECLS

FcRecordPage *fc_test_list_page    (FcConnector        *connector,
                                    const char         *object,
                                    const char         *cursor,
                                    const char         *token,
                                    GError            **error);
/* Every record changed since @cursor, page by page (asserting each page works); the number of
 * pages and the last page's cursor in @out_pages and @out_cursor when given. */
GPtrArray    *fc_test_list_all     (FcConnector        *connector,
                                    const char         *object,
                                    const char         *cursor,
                                    guint              *out_pages,
                                    char              **out_cursor);
/* The ids of @records as a set, aborting if one is listed twice. */
GHashTable   *fc_test_unique_ids   (GPtrArray          *records);
GPtrArray    *fc_test_read_records (FcConnector        *connector,
                                    const char         *object,
                                    const char * const *ids,
                                    GError            **error);
GPtrArray    *fc_test_find_records (FcConnector        *connector,
                                    const char         *object,
                                    const char         *field,
                                    const char         *value,
                                    GError            **error);

/* The one record @id of @object, asserting it is read. */
FcRecord     *fc_test_read_one     (FcConnector        *connector,
                                    const char         *object,
                                    const char         *id);
/* Writes @records to @object: @operation "create", "update", or else an upsert keyed by the
 * field named @operation. */
GPtrArray    *fc_test_write_records (FcConnector       *connector,
                                     const char        *operation,
                                     const char        *object,
                                     GPtrArray         *records,
                                     GError           **error);
/* Asserts that @record holds exactly the fields of @present among those of @all. */
void          fc_test_assert_fields (FcRecord          *record,
                                     const char * const *all,
                                     const char * const *present);
/* Lists @object twice at once on @connector, asking for @fields and for every field, and
 * asserts that each first record holds what its own call asked for (of @all): calls with
 * different fields share the connector without mixing. */
void          fc_test_assert_overlapping_listings (FcConnector        *connector,
                                                   const char         *object,
                                                   const char * const *all,
                                                   const char * const *fields);
/* A connector for @connection, asserting it is made, whose HTTP client retries 4 times with
 * short backoffs (20 ms doubling up to 200 ms). */
FcConnector  *fc_test_connector_new (FcConnection      *connection,
                                     FcAuth            *auth);

G_END_DECLS
