/* fc-run-log.h: the sync log as the app reads it: runs, their events, a record's history,
 * the open conflicts, and a run's events as CSV
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fc-store.h"
#include "fc-sync-types.h"
#include "fc-types.h"

G_BEGIN_DECLS

#define FC_RUN_LOG_ERROR (fc_run_log_error_quark ())

typedef enum {
  FC_RUN_LOG_ERROR_NOT_FOUND,  /* no run with that id */
  FC_RUN_LOG_ERROR_STORE,      /* the store failed to answer */
  FC_RUN_LOG_ERROR_WRITE,      /* the export file could not be written */
} FcRunLogError;

GQuark fc_run_log_error_quark (void);

/* ---- FcRunInfo: one sync run ------------------------------------------------------------ */

#define FC_TYPE_RUN_INFO (fc_run_info_get_type ())

G_DECLARE_FINAL_TYPE (FcRunInfo, fc_run_info, FC, RUN_INFO, GObject)

const char         *fc_run_info_get_id            (FcRunInfo *self);
const char         *fc_run_info_get_mapping_id    (FcRunInfo *self);
/* The mapping's name, or "" for a mapping removed since. */
const char         *fc_run_info_get_mapping_name  (FcRunInfo *self);
FcSyncTrigger       fc_run_info_get_trigger       (FcRunInfo *self);
FcSyncStatus        fc_run_info_get_status        (FcRunInfo *self);
gboolean            fc_run_info_get_dry_run       (FcRunInfo *self);
/* Milliseconds since the epoch, UTC. */
gint64              fc_run_info_get_started_ms    (FcRunInfo *self);
/* -1 while the run has not finished. */
gint64              fc_run_info_get_duration_ms   (FcRunInfo *self);
const FcSyncCounts *fc_run_info_get_counts        (FcRunInfo *self);
/* Why the run failed, or NULL. */
const char         *fc_run_info_get_error         (FcRunInfo *self);

/* ---- FcEventInfo: what a run did to one record ------------------------------------------ */

#define FC_TYPE_EVENT_INFO (fc_event_info_get_type ())

G_DECLARE_FINAL_TYPE (FcEventInfo, fc_event_info, FC, EVENT_INFO, GObject)

gint64              fc_event_info_get_id               (FcEventInfo *self);
const char         *fc_event_info_get_run_id           (FcEventInfo *self);
const char         *fc_event_info_get_mapping_name     (FcEventInfo *self);
gint64              fc_event_info_get_at_ms            (FcEventInfo *self);
/* "record.created", "record.updated", "record.error", ... */
const char         *fc_event_info_get_kind             (FcEventInfo *self);
/* "source", "target" or NULL. */
const char         *fc_event_info_get_side             (FcEventInfo *self);
const char         *fc_event_info_get_source_record_id (FcEventInfo *self);
const char         *fc_event_info_get_target_record_id (FcEventInfo *self);
const char         *fc_event_info_get_message          (FcEventInfo *self);
/* (nullable) (transfer none) The details: "fields" {field: {"before": v, "after": v}},
 * "conflicts" [...], "error" {message, domain, code, providerCode}, ... Parsed on first use. */
JsonObject         *fc_event_info_get_details          (FcEventInfo *self);
/* (nullable) (transfer none) details.error, the raw failure as the provider gave it. */
JsonObject         *fc_event_info_get_error            (FcEventInfo *self);

/* ---- FcRunList: the runs, newest first, a page at a time ------------------------------- */

typedef enum {
  FC_RUN_SORT_STARTED,
  FC_RUN_SORT_MAPPING,
  FC_RUN_SORT_TRIGGER,
  FC_RUN_SORT_STATUS,
  FC_RUN_SORT_FETCHED,
  FC_RUN_SORT_CREATED,
  FC_RUN_SORT_UPDATED,
  FC_RUN_SORT_SKIPPED,
  FC_RUN_SORT_CONFLICTS,
  FC_RUN_SORT_FAILED,
  FC_RUN_SORT_DURATION,
} FcRunSort;

/* "started", "mapping", ... as in FcRunSort; NULL for an unknown value. */
const char   *fc_run_sort_to_string      (FcRunSort    sort);
gboolean      fc_run_sort_from_string    (const char  *name,
                                          FcRunSort   *out_sort);

#define FC_TYPE_RUN_LIST (fc_run_list_get_type ())

/* A GListModel of FcRunInfo. Its length is known at once; the items are read from the store a
 * page at a time, when asked for, by keyset (the sort key and the row), and only a few pages
 * are kept. */
G_DECLARE_FINAL_TYPE (FcRunList, fc_run_list, FC, RUN_LIST, GObject)

FcRunList    *fc_run_list_new            (FcStore      *store);
/* Filters, applied by the next fc_run_list_reload (). @mapping_id NULL for all mappings,
 * @status -1 for every status, @text NULL or "" for no text (else a case-insensitive part of
 * the mapping's name or of the run's error). */
void          fc_run_list_set_filter     (FcRunList    *self,
                                          const char   *mapping_id,
                                          int           status,
                                          const char   *text);
void          fc_run_list_set_sort       (FcRunList    *self,
                                          FcRunSort     sort,
                                          gboolean      descending);
FcRunSort     fc_run_list_get_sort       (FcRunList    *self,
                                          gboolean     *out_descending);
/* Reads the list again (after a filter or sort change, or new runs): items-changed. */
gboolean      fc_run_list_reload         (FcRunList    *self,
                                          GError      **error);
/* The position of the run in the list as filtered and sorted, or -1. */
int           fc_run_list_find           (FcRunList    *self,
                                          const char   *run_id,
                                          GError      **error);
/* Pages read from the store since the last reload (a measure for tests and benchmarks). */
guint         fc_run_list_get_n_page_loads (FcRunList  *self);

/* ---- FcRunEventList: the events of one run, in order ----------------------------------- */

#define FC_TYPE_RUN_EVENT_LIST (fc_run_event_list_get_type ())

/* A GListModel of FcEventInfo, paged like FcRunList. */
G_DECLARE_FINAL_TYPE (FcRunEventList, fc_run_event_list, FC, RUN_EVENT_LIST, GObject)

FcRunEventList *fc_run_event_list_new              (FcStore         *store,
                                                    const char      *run_id,
                                                    GError         **error);
const char     *fc_run_event_list_get_run_id       (FcRunEventList  *self);
/* @text NULL or "" for every event, else a case-insensitive part of the message, a record id,
 * the kind or the details; @errors_only keeps record.error events only. Reloads. */
gboolean        fc_run_event_list_set_filter       (FcRunEventList  *self,
                                                    const char      *text,
                                                    gboolean         errors_only,
                                                    GError         **error);
guint           fc_run_event_list_get_n_page_loads (FcRunEventList  *self);

/* ---- a record's history ----------------------------------------------------------------- */

/* (element-type FcEventInfo) Every event about the record @record_id (on either side, in any
 * mapping), newest first, at most @limit (0: 500). */
GListModel   *fc_run_log_list_record_events (FcStore      *store,
                                             const char   *record_id,
                                             guint         limit,
                                             GError      **error);
/* (element-type JsonObject) The links the record has now, each {"linkId", "mappingId",
 * "mappingName", "side" (of @record_id), "sourceRecordId", "targetRecordId", "linkedAt",
 * "bases": [{"pair", "source": [...], "target": [...], "updatedAt"}], "openConflicts": n}. */
JsonArray    *fc_run_log_list_record_links  (FcStore      *store,
                                             const char   *record_id,
                                             GError      **error);

/* ---- export ----------------------------------------------------------------------------- */

/* Writes the events of @run_id to @file as CSV (RFC 4180: CRLF, fields quoted when needed,
 * quotes doubled), one line per changed field (events without fields take one line). The
 * file is replaced and readable by its owner only (0600). Returns the number of lines
 * written, the header not counted, or -1 with @error. Written to a private temporary file
 * beside @file first, renamed over @file on success; removed on failure or cancellation. */
gint64        fc_run_log_export_csv         (FcStore      *store,
                                             const char   *run_id,
                                             GFile        *file,
                                             GCancellable *cancellable,
                                             GError      **error);
/* Told how far an export is: @done of @total events written (@total may grow while a run
 * still adds events). */
typedef void  (*FcRunLogExportProgress)     (guint64       done,
                                             guint64       total,
                                             gpointer      user_data);
/* The same on a thread with its own read-only connection to the store's file, so that the
 * store stays usable meanwhile. @progress (nullable) is called on the caller's main context,
 * at most about ten times a second and never after @callback; @user_data goes to both. The
 * file is written beside @file and renamed over it once complete: a failed or cancelled
 * (G_IO_ERROR_CANCELLED) export leaves no file behind. */
void          fc_run_log_export_csv_async   (FcStore                *store,
                                             const char             *run_id,
                                             GFile                  *file,
                                             GCancellable           *cancellable,
                                             FcRunLogExportProgress  progress,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data);
/* The number of lines written (header not counted), or -1 with @error. */
gint64        fc_run_log_export_csv_finish  (FcStore                *store,
                                             GAsyncResult           *result,
                                             GError                **error);
/* One CSV field as RFC 4180 writes it, appended to @out. */
void          fc_run_log_append_csv_field   (GString      *out,
                                             const char   *value);

/* ---- FcConflictInfo: an open conflict -------------------------------------------------- */

#define FC_TYPE_CONFLICT_INFO (fc_conflict_info_get_type ())

G_DECLARE_FINAL_TYPE (FcConflictInfo, fc_conflict_info, FC, CONFLICT_INFO, GObject)

gint64              fc_conflict_info_get_id               (FcConflictInfo *self);
gint64              fc_conflict_info_get_link_id          (FcConflictInfo *self);
const char         *fc_conflict_info_get_mapping_id       (FcConflictInfo *self);
const char         *fc_conflict_info_get_mapping_name     (FcConflictInfo *self);
const char         *fc_conflict_info_get_source_record_id (FcConflictInfo *self);
const char         *fc_conflict_info_get_target_record_id (FcConflictInfo *self);
/* The pair's key, "source fields=target fields". */
const char         *fc_conflict_info_get_pair             (FcConflictInfo *self);
/* The values, one per field of the side; the base ones NULL when there is no base. */
const char * const *fc_conflict_info_get_base_source      (FcConflictInfo *self);
const char * const *fc_conflict_info_get_base_target      (FcConflictInfo *self);
const char * const *fc_conflict_info_get_source           (FcConflictInfo *self);
const char * const *fc_conflict_info_get_target           (FcConflictInfo *self);
gint64              fc_conflict_info_get_created_ms       (FcConflictInfo *self);

/* (element-type FcConflictInfo) The conflicts waiting for the user, oldest first, grouped by
 * record (link). */
GListModel   *fc_run_log_list_open_conflicts (FcStore     *store,
                                              GError     **error);

G_END_DECLS
