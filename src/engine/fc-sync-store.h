/* fc-sync-store.h: what the sync engine keeps in the store: links, bases, cursors, runs and
 * their events, conflicts, intents, and the per-run staging of fetched records
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fc-record.h"
#include "fc-store.h"
#include "fc-sync-types.h"

G_BEGIN_DECLS

/* Every function fails with an FC_STORE_ERROR. None opens a transaction of its own: callers
 * group them with fc_store_transaction_begin/commit where several must stand or fall together.
 * Inside a transaction (outside its savepoints), new links, bases and events are written
 * several to a statement before the next statement or the commit, so the failure of such an
 * insert is reported by the call that writes it, or by the commit.
 * Values of field pairs are NULL-terminated vectors of strings, stored as JSON arrays. */

/* ---- runs and their events -------------------------------------------------------------- */

gboolean    fc_sync_store_insert_run          (FcStore             *store,
                                               const char          *run_id,
                                               const char          *mapping_id,
                                               FcSyncTrigger        trigger,
                                               gboolean             dry_run,
                                               GError             **error);
/* Sets the status and counts; @finished marks the run over (finished_at = now). */
gboolean    fc_sync_store_update_run          (FcStore             *store,
                                               const char          *run_id,
                                               FcSyncStatus         status,
                                               const FcSyncCounts  *counts,
                                               gboolean             finished,
                                               const char          *error_text,
                                               GError             **error);
/* Runs of @mapping_id left pending or running by a process that ended: marked failed. */
gboolean    fc_sync_store_fail_stale_runs     (FcStore             *store,
                                               const char          *mapping_id,
                                               const char          *except_run_id,
                                               GError             **error);
/* @details may be NULL; @side < 0 for none. */
gboolean    fc_sync_store_add_event           (FcStore             *store,
                                               const char          *run_id,
                                               const char          *kind,
                                               int                  side,
                                               const char          *source_id,
                                               const char          *target_id,
                                               const char          *message,
                                               JsonObject          *details,
                                               GError             **error);
/* (element-type JsonObject) Newest first; @mapping_id NULL for all; @limit 0 for no limit.
 * Members: id, mappingId, mappingName, trigger, status, dryRun, startedAt, finishedAt,
 * durationMs, counts {...}, error. */
JsonArray  *fc_sync_store_list_runs           (FcStore             *store,
                                               const char          *mapping_id,
                                               guint                limit,
                                               GError             **error);
/* The run, or NULL with NOT_FOUND. */
JsonObject *fc_sync_store_get_run             (FcStore             *store,
                                               const char          *run_id,
                                               GError             **error);
/* fc-sync-guard.c: a run the guard held keeps its plan, as the JSON object {"reason",
 * "trigger", "counts", "entries": [plan entries as fc_sync_plan_entry_to_json ()], "targets":
 * [{"side", "recordId", "deleted", "mergedIds"}] (targeted runs only)}; @message goes to the
 * run's error column, which for a held run says why it was held. */
gboolean    fc_sync_store_hold_run            (FcStore             *store,
                                               const char          *run_id,
                                               JsonObject          *plan,
                                               const char          *message,
                                               GError             **error);
/* Members: id, mappingId, trigger, status, plan (object or null), message, approvedAt,
 * approvedRunId. NULL with NOT_FOUND when there is no such run. */
JsonObject *fc_sync_store_get_held_run        (FcStore             *store,
                                               const char          *run_id,
                                               GError             **error);
/* Sets approved_at (now) and approved_run_id of the held run @run_id. */
gboolean    fc_sync_store_approve_run         (FcStore             *store,
                                               const char          *run_id,
                                               const char          *approved_by_run_id,
                                               GError             **error);
/* Takes back the approval of the held run @run_id when @approved_by_run_id gave it (that run
 * failed), so that it can be approved again. */
gboolean    fc_sync_store_unapprove_run       (FcStore             *store,
                                               const char          *run_id,
                                               const char          *approved_by_run_id,
                                               GError             **error);
/* In order. Members: id, at, kind, side, sourceRecordId, targetRecordId, message, details. */
JsonArray  *fc_sync_store_list_events         (FcStore             *store,
                                               const char          *run_id,
                                               GError             **error);

/* ---- links and bases -------------------------------------------------------------------- */

/* The link of the record @record_id on @side: TRUE with its id and the other side's record id,
 * FALSE (no error) when there is none. */
gboolean    fc_sync_store_find_link           (FcStore             *store,
                                               const char          *mapping_id,
                                               FcSyncSide           side,
                                               const char          *record_id,
                                               gint64              *out_link_id,
                                               char               **out_other_id,
                                               GError             **error);
gboolean    fc_sync_store_insert_link         (FcStore             *store,
                                               const char          *mapping_id,
                                               const char          *source_id,
                                               const char          *target_id,
                                               const char          *match_key,
                                               gint64              *out_link_id,
                                               GError             **error);
/* Which of the @n_ids records of @record_ids have a link on @side: a set of their ids (owned),
 * or NULL with @error set. */
GHashTable *fc_sync_store_find_linked         (FcStore             *store,
                                               const char          *mapping_id,
                                               FcSyncSide           side,
                                               const char * const  *record_ids,
                                               guint                n_ids,
                                               GError             **error);
/* Removes the link and, with it, its bases. */
gboolean    fc_sync_store_delete_link         (FcStore             *store,
                                               gint64               link_id,
                                               GError             **error);
guint       fc_sync_store_count_links         (FcStore             *store,
                                               const char          *mapping_id,
                                               GError             **error);
/* TRUE with both vectors when a base exists, FALSE (no error) when not. */
gboolean    fc_sync_store_get_base            (FcStore             *store,
                                               gint64               link_id,
                                               const char          *pair_key,
                                               GStrv               *out_source,
                                               GStrv               *out_target,
                                               GError             **error);
/* Reads the bases of @link_ids at once, for get_base () to answer from until a few loads later,
 * forget_bases (), a rollback or the end of the run (stage_clear ()). */
gboolean    fc_sync_store_load_bases          (FcStore             *store,
                                               const gint64        *link_ids,
                                               guint                n_links,
                                               GError             **error);
void        fc_sync_store_forget_bases        (FcStore             *store);
gboolean    fc_sync_store_set_base            (FcStore             *store,
                                               gint64               link_id,
                                               const char          *pair_key,
                                               const char * const  *source,
                                               const char * const  *target,
                                               GError             **error);
/* A base of a link just stored: set_base () without looking for pending bases to drop (there
 * are none). */
gboolean    fc_sync_store_add_base            (FcStore             *store,
                                               gint64               link_id,
                                               const char          *pair_key,
                                               const char * const  *source,
                                               const char * const  *target,
                                               GError             **error);

/* ---- cursors ---------------------------------------------------------------------------- */

/* The modified-since time of @side in epoch milliseconds, or -1 when the side was never read. */
gboolean    fc_sync_store_get_cursor          (FcStore             *store,
                                               const char          *mapping_id,
                                               FcSyncSide           side,
                                               gint64              *out_ms,
                                               GError             **error);
gboolean    fc_sync_store_set_cursor          (FcStore             *store,
                                               const char          *mapping_id,
                                               FcSyncSide           side,
                                               gint64               ms,
                                               GError             **error);

/* ---- intents ---------------------------------------------------------------------------- */

/* The intents of one batch of creates are one row: they are written and removed together,
 * but for those whose outcome the batch's answer left unknown. */
typedef struct {
  gint64      id;          /* its batch's row */
  FcSyncSide  side;        /* the side the record was being created on */
  char       *origin_id;   /* the record it was created from, on the other side */
  char       *match_key;   /* the match value it was created with, or NULL */
  char       *payload;     /* JSON {pair key: {"source": [...], "target": [...]}}: the bases the
                            * create sets once confirmed, or NULL */
} FcSyncIntent;

/* A create about to be made, for fc_sync_store_add_intents () */
typedef struct {
  const char *origin_id;
  const char *match_key;   /* or NULL */
  const char *payload;     /* JSON text, see FcSyncIntent; or NULL */
} FcSyncIntentRecord;

void        fc_sync_intent_free               (FcSyncIntent        *intent);

/* One row for the @n_records creates of a batch on @side, its id in @out_id. Written at once,
 * not held back: it must be committed before the batch leaves. */
gboolean    fc_sync_store_add_intents         (FcStore                   *store,
                                               const char                *mapping_id,
                                               const char                *run_id,
                                               FcSyncSide                 side,
                                               const FcSyncIntentRecord  *records,
                                               guint                      n_records,
                                               gint64                    *out_id,
                                               GError                   **error);
/* Keeps, of the intents of row @intent_id, those of the @n_kept ids of @kept_ids (the creates
 * whose outcome is unknown); the row goes when none is kept. */
gboolean    fc_sync_store_keep_intents        (FcStore             *store,
                                               gint64               intent_id,
                                               const char * const  *kept_ids,
                                               guint                n_kept,
                                               GError             **error);
/* Removes the intent of @origin_id from row @intent_id, the row with its last intent. */
gboolean    fc_sync_store_remove_intent       (FcStore             *store,
                                               gint64               intent_id,
                                               const char          *origin_id,
                                               GError             **error);
/* Whether a conflict of the mapping is resolved and not yet applied; FALSE with @error set
 * when the store fails. */
gboolean    fc_sync_store_has_resolutions     (FcStore             *store,
                                               const char          *mapping_id,
                                               GError             **error);
/* (element-type FcSyncIntent) */
GPtrArray  *fc_sync_store_list_intents        (FcStore             *store,
                                               const char          *mapping_id,
                                               GError             **error);

/* ---- conflicts -------------------------------------------------------------------------- */

typedef struct {
  gint64              link_id;
  const char         *pair_key;
  const char * const *base_source;  /* NULL for a new link */
  const char * const *base_target;
  const char * const *source;
  const char * const *target;
  gint64              source_ms;
  gint64              target_ms;
  FcConflictStrategy  strategy;
  const char         *resolution;   /* NULL: open (manual); "source" / "target": settled */
} FcSyncConflictRow;

/* An open conflict of the same link and pair is updated rather than repeated; a settled one
 * is recorded as resolved and applied. */
gboolean    fc_sync_store_record_conflict     (FcStore             *store,
                                               const char          *mapping_id,
                                               const char          *run_id,
                                               const FcSyncConflictRow *row,
                                               GError             **error);
/* Both sides came to agree: the open conflict of the link and pair, if any, is closed. */
gboolean    fc_sync_store_close_conflict      (FcStore             *store,
                                               gint64               link_id,
                                               const char          *pair_key,
                                               GError             **error);
/* (element-type JsonObject) Members: id, mappingId, mappingName, linkId, sourceRecordId,
 * targetRecordId, runId, pair, base {source, target}, source, target, sourceModifiedAt,
 * targetModifiedAt, strategy, resolution, resolvedValues, createdAt, resolvedAt, appliedAt. */
JsonArray  *fc_sync_store_list_conflicts      (FcStore             *store,
                                               const char          *mapping_id,
                                               gboolean             open_only,
                                               GError             **error);
JsonObject *fc_sync_store_get_conflict        (FcStore             *store,
                                               gint64               conflict_id,
                                               GError             **error);
/* Resolves an open conflict: @take "source" or "target", or NULL with @values
 * ({"source":[...],"target":[...]}). */
gboolean    fc_sync_store_resolve_conflict    (FcStore             *store,
                                               gint64               conflict_id,
                                               const char          *take,
                                               JsonObject          *values,
                                               GError             **error);

/* A resolution still to write. */
typedef struct {
  gint64  conflict_id;
  char   *pair_key;
  char   *take;            /* "source", "target", or NULL for values */
  GStrv   source_values;   /* with take NULL */
  GStrv   target_values;
} FcSyncResolution;

void        fc_sync_resolution_free           (FcSyncResolution    *resolution);
/* (element-type FcSyncResolution) */
GPtrArray  *fc_sync_store_list_resolutions    (FcStore             *store,
                                               gint64               link_id,
                                               GError             **error);
gboolean    fc_sync_store_mark_applied        (FcStore             *store,
                                               gint64               conflict_id,
                                               GError             **error);

/* ---- staging ---------------------------------------------------------------------------- */

/* A TEMP table of this connection holds the records a run fetched, one row per side and
 * record id, with what matching decided about it. plan is NULL (linked, merge it), "link"
 * (matched to counterpart_id by its key), "create" (create its counterpart), "paired"
 * (handled with its counterpart's row), "park" (ambiguous) or "skip". */
/* The rows of the other side with a staged row's match value, as an unlinked row was read. */
typedef struct {
  guint        count;
  gint64       rowid;        /* the only one's, when count is 1 (else 0, NULL, 0, NULL) */
  char        *record_id;
  gint64       link_id;      /* 0: none */
  char        *plan;
} FcSyncStagedCandidates;

/* One allocation: the strings and the fields point into it (and one for its counterpart). */
typedef struct _FcSyncStaged FcSyncStaged;
struct _FcSyncStaged {
  gint64       rowid;
  FcSyncSide   side;
  char        *record_id;
  gint64       modified_ms;
  gboolean     archived;
  char        *match_value;  /* normalised */
  char        *match_raw;
  const guint8 *fields;      /* encoded (fc-sync-stage.c); NULL for a row that only names a
                              * record to read */
  gsize        fields_size;
  gboolean     fetched;      /* from this run's change listing */
  gint64       link_id;      /* 0: none */
  char        *counterpart_id;
  char        *plan;
  FcSyncStagedCandidates candidates; /* read with the unlinked rows only */
  FcSyncStaged *counterpart; /* the staged row of counterpart_id, read with the rows to merge
                              * only; NULL for none */
};

/* A record to stage, with its match value as compared and as the record holds it. */
typedef struct {
  FcRecord    *record;
  char        *match_raw;
  char        *match_value;
} FcSyncStageEntry;

void          fc_sync_staged_free             (FcSyncStaged        *staged);
/* The record the row holds, or NULL for a row without fields. */
FcRecord     *fc_sync_staged_dup_record       (FcSyncStaged        *staged,
                                               const char          *object_type);

gboolean      fc_sync_store_stage_prepare     (FcStore             *store,
                                               GError             **error);
/* Stages @n_entries records of @side; keeps the newer of two listings of the same record.
 * Only the fields named in @only (a set of names) are kept, or all with @only NULL. */
gboolean      fc_sync_store_stage_put         (FcStore             *store,
                                               const char          *run_id,
                                               FcSyncSide           side,
                                               const FcSyncStageEntry *entries,
                                               guint                n_entries,
                                               gboolean             fetched,
                                               GHashTable          *only,
                                               GError             **error);
gboolean      fc_sync_store_stage_clear       (FcStore             *store,
                                               const char          *run_id,
                                               GError             **error);
guint         fc_sync_store_stage_count       (FcStore             *store,
                                               const char          *run_id,
                                               int                  side,
                                               gboolean             fetched_only);
/* The rows the merge will handle (plan NULL, "link" or "create"). */
guint         fc_sync_store_stage_count_items (FcStore             *store,
                                               const char          *run_id);
/* Fills link_id and counterpart_id from the links, marks the second row of a link staged on
 * both sides "paired", and adds rows (without fields) for links with a resolution to write. */
gboolean      fc_sync_store_stage_apply_links (FcStore             *store,
                                               const char          *run_id,
                                               const char          *mapping_id,
                                               GError             **error);
/* (element-type FcSyncStaged) Up to @limit rows of @side after @after_rowid: unlinked rows
 * without a plan, with their candidates, when @unlinked, else the rows to merge (plan NULL,
 * "link" or "create") with their counterparts, whose links' bases it then loads
 * (fc_sync_store_load_bases ()). */
GPtrArray    *fc_sync_store_stage_next        (FcStore             *store,
                                               const char          *run_id,
                                               FcSyncSide           side,
                                               gint64               after_rowid,
                                               guint                limit,
                                               gboolean             unlinked,
                                               GError             **error);
FcSyncStaged *fc_sync_store_stage_get         (FcStore             *store,
                                               const char          *run_id,
                                               FcSyncSide           side,
                                               const char          *record_id,
                                               GError             **error);
/* (element-type FcSyncStaged) The rows of @side whose match value is @match_value, whatever
 * matching decided about them; without their fields (NULL). */
GPtrArray    *fc_sync_store_stage_find_key    (FcStore             *store,
                                               const char          *run_id,
                                               FcSyncSide           side,
                                               const char          *match_value,
                                               GError             **error);
/* The match values more than one row of @side has (a set of strings), or NULL on error. */
GHashTable   *fc_sync_store_stage_repeated_keys (FcStore           *store,
                                                 const char        *run_id,
                                                 FcSyncSide         side,
                                                 GError           **error);
/* The row is found by its @rowid, or by @record_id when @rowid is 0. */
gboolean      fc_sync_store_stage_set_plan    (FcStore             *store,
                                               const char          *run_id,
                                               FcSyncSide           side,
                                               gint64               rowid,
                                               const char          *record_id,
                                               const char          *plan,
                                               const char          *counterpart_id,
                                               GError             **error);
/* Plans at once the unlinked rows of @side whose plan the staged rows alone decide, for a side
 * matched without external ids, by one match rule entry, against a side listed whole:
 * @create_plan for rows without match value, and for rows alone with theirs, "link" with the
 * only row of the other side that has it when that one is free (and "paired" for it),
 * @create_plan when none has it. Archived rows and the others are left as they are. */
gboolean      fc_sync_store_stage_plan_settled (FcStore            *store,
                                                const char         *run_id,
                                                FcSyncSide          side,
                                                const char         *create_plan,
                                                GError            **error);
/* Rows of @side left without link or plan get the plan "skip". */
gboolean      fc_sync_store_stage_skip_unmatched (FcStore          *store,
                                                  const char       *run_id,
                                                  FcSyncSide        side,
                                                  GError          **error);
gboolean      fc_sync_store_stage_mark_failed (FcStore             *store,
                                               const char          *run_id,
                                               FcSyncSide           side,
                                               const char          *record_id,
                                               GError             **error);
/* The oldest modified time of a fetched row of @side that failed, or -1. */
gint64        fc_sync_store_stage_min_failed  (FcStore             *store,
                                               const char          *run_id,
                                               FcSyncSide           side);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSyncIntent, fc_sync_intent_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSyncResolution, fc_sync_resolution_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSyncStaged, fc_sync_staged_free)

G_END_DECLS
