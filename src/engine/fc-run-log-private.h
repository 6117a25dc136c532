/* fc-run-log-private.h: what the parts of the run log share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "fc-run-log.h"
#include "fc-store-private.h"

G_BEGIN_DECLS

/* The columns _fc_run_info_new_from_row () reads, from runs r LEFT JOIN mappings m. */
#define FC_RUN_LOG_RUN_COLUMNS \
  "r.id, r.mapping_id, m.name, r.trigger, r.status, r.dry_run, r.started_at, r.finished_at, " \
  "r.fetched, r.created, r.updated, r.skipped, r.conflicts, r.failed, r.parked, r.error"

/* The columns _fc_event_info_new_from_row () reads, from run_events e LEFT JOIN runs r
 * LEFT JOIN mappings m. */
#define FC_RUN_LOG_EVENT_COLUMNS \
  "e.id, e.run_id, m.name, e.at, e.kind, e.side, e.source_record_id, e.target_record_id, " \
  "e.message, e.details"

FcRunInfo      *_fc_run_info_new_from_row      (sqlite3_stmt *stmt);
FcEventInfo    *_fc_event_info_new_from_row    (sqlite3_stmt *stmt);
/* From a member of fc_sync_store_list_conflicts (). */
FcConflictInfo *_fc_conflict_info_new_from_json (JsonObject  *object);

/* "%text%" for LIKE ... ESCAPE '\\', the wildcards of @text escaped; NULL for no text. */
char           *_fc_run_log_like_pattern       (const char       *text);

/* A list read a page at a time. Every query orders its rows by a key and the row id, and the
 * pager keeps the key and row id of the first row of every page: a page is then one indexed
 * range read (key, rowid) >= (?8, ?9), whatever its position. */

typedef void      (*FcRunLogBindFunc) (sqlite3_stmt *stmt,
                                       gpointer      user_data);
typedef GObject  *(*FcRunLogRowFunc)  (sqlite3_stmt *stmt);

typedef struct _FcRunLogPager FcRunLogPager;

FcRunLogPager  *_fc_run_log_pager_new          (FcStore          *store,
                                                FcRunLogRowFunc   row_func,
                                                guint             page_size,
                                                guint             max_pages);
void            _fc_run_log_pager_free         (FcRunLogPager    *pager);
/* @keys_sql selects (key, rowid) of every row in order; @page_sql selects the row columns
 * from (?8, ?9) on (the comparison in the order's direction), LIMIT ?10. Both are bound by
 * @bind first. Forgets the pages read before. */
gboolean        _fc_run_log_pager_reset        (FcRunLogPager    *pager,
                                                const char       *keys_sql,
                                                const char       *page_sql,
                                                FcRunLogBindFunc  bind,
                                                gpointer          bind_data,
                                                GError          **error);
guint           _fc_run_log_pager_get_n_items  (FcRunLogPager    *pager);
/* (transfer full) (nullable) */
gpointer        _fc_run_log_pager_get_item     (FcRunLogPager    *pager,
                                                guint             position);
guint           _fc_run_log_pager_get_n_loads  (FcRunLogPager    *pager);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcRunLogPager, _fc_run_log_pager_free)

G_END_DECLS
