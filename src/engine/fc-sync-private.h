/* fc-sync-private.h: what the files of the sync runner share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "fc-engine-private.h"
#include "fc-merge.h"
#include "fc-sync-store.h"
#include "fc-sync-types.h"

G_BEGIN_DECLS

/* How far back of its cursor each incremental listing starts (clock skew between provider
 * servers, equal timestamps, records committed late). */
#define FC_SYNC_OVERLAP_MS      (2 * 60 * 1000)
/* Records merged and written per chunk: one batch call per side and kind of write. */
#define FC_SYNC_CHUNK_SIZE      100
/* Chunks whose writes may be on their way at once: while the provider works on some, the engine
 * stores what another confirmed. With two, the bench's engine still waited for answers a fifth
 * of the time it spent merging and writing; with three, a fifteenth. */
#define FC_SYNC_WRITES_IN_FLIGHT 3
/* How long a listing of a side's changes stands for a read of its records: a linked record's
 * counterpart that such a listing did not show (and whose provider's listing does not lag)
 * still holds the stored bases, and is not read again before the write (fc-sync-apply.c). An
 * older listing's records are read, so that an edit made since is merged, not overwritten. */
#define FC_SYNC_LISTING_FRESH_MS (10 * 1000)
/* Unlinked records matched per read of the staging table. */
#define FC_SYNC_MATCH_BATCH     100
/* Suffixes of a pair's key for the base an update to that side will set once confirmed: stored
 * before the update leaves, dropped when the pair's base is next stored (fc-sync-write.c). */
#define FC_SYNC_PENDING_BASE_SOURCE "#pending-source"
#define FC_SYNC_PENDING_BASE_TARGET "#pending-target"
/* Beside each pending base: what the side written held when the update was planned (in both
 * columns), kept and dropped with it. */
#define FC_SYNC_PENDING_BEFORE_SOURCE "#pending-before-source"
#define FC_SYNC_PENDING_BEFORE_TARGET "#pending-before-target"

struct _FcSyncResult
{
  char          *run_id;
  char          *mapping_id;
  gboolean       dry_run;
  FcSyncStatus   status;
  FcSyncCounts   counts;
  gint64         duration_ms;
  char          *error;
  char          *message;
  char          *approved_run_id;
  GPtrArray     *plan;
};

/* A deep copy (targets and approved_run_id owned); approved_run_id implies approved. */
void             _fc_sync_options_copy         (FcSyncOptions       *dest,
                                                const FcSyncOptions *src);
/* Appends copies of @targets to the options' own (non-NULL) targets. */
void             _fc_sync_options_add_targets  (FcSyncOptions       *options,
                                                GPtrArray           *targets);
void             _fc_sync_options_clear        (FcSyncOptions       *options);

FcSyncResult    *_fc_sync_result_new      (const char         *run_id,
                                           const char         *mapping_id,
                                           gboolean            dry_run);
FcSyncPlanEntry *_fc_sync_plan_entry_new  (FcSyncPlanKind      kind,
                                           FcSyncSide          side,
                                           const char         *source_id,
                                           const char         *target_id,
                                           const char         *message,
                                           JsonObject         *fields);
JsonObject      *_fc_sync_counts_to_json  (const FcSyncCounts *counts);

/* One field pair of the mapping, ready to merge. */
typedef struct {
  FcFieldPair       *pair;
  FcTransformChain  *chain;
  char              *key;        /* "src1,src2=tgt1": the pair's key in bases and conflicts */
  char              *pending_keys[2]; /* key + FC_SYNC_PENDING_BASE_* of each side written */
  char              *before_keys[2];  /* key + FC_SYNC_PENDING_BEFORE_* of each side written */
  gboolean           to_target;
  gboolean           to_source;
  const char * const *fields[2]; /* source fields, target fields */
} FcSyncPair;

typedef struct _FcSyncChunk FcSyncChunk;

/* The state of one run; the data of its GTask. */
typedef struct {
  FcEngine            *engine;
  FcStore             *store;
  FcMapping           *mapping;          /* a copy: edits during the run do not reach it */
  char                *mapping_id;
  FcSyncOptions        options;
  GCancellable        *cancellable;
  FcSyncProgressFunc   progress;
  gpointer             progress_data;
  FcSyncResult        *result;
  gint64               started_us;
  gboolean             guard_pass;       /* a dry pass the guard measures (fc-sync-guard.c) */
  gboolean             run_row;          /* the runs row exists */
  gboolean             staging;          /* the staging table is ready */

  FcConnector         *connectors[2];
  char                *objects[2];
  GPtrArray           *pairs;            /* FcSyncPair */
  char                *match_fields[2];  /* NULL without a match rule: its first entry */
  GPtrArray           *rule_fields[2];   /* (char *) every entry's field on each side, in order */
  char                *external_fields[2]; /* where each side keeps its counterpart's id, or
                                            * NULL */
  GHashTable          *used_fields[2];   /* every field the run reads of each side's records
                                          * (pairs, match rule, external id): all a staged
                                          * record keeps */
  const char         **read_fields[2];   /* the same, sorted and NULL-terminated: the fields
                                          * every listing, read and find of the run asks for */

  /* fetch */
  gboolean             fetch_sides[2];   /* listed for their changes */
  gboolean             context_sides[2]; /* listed whole only to match against (first run) */
  gboolean             full_listing[2];  /* listed without a cursor: every record was seen */
  gint64               cursor_ms[2];     /* as stored, -1 for none */
  gint64               seen_ms[2];       /* the latest modified time the listing reported */
  gint64               totals[2];
  guint                pages_read[2];
  gboolean             listing_cut[2];   /* a page failed after others were read: the run is
                                          * partial and the side's cursor stays */
  gint64               listed_us[2];     /* when the listing asked for its first page
                                          * (monotonic): what it shows held at least then */
  guint                records_read[2];
  /* the listings, both sides at once (fc-sync-job.c) */
  char                *since[2];         /* the cursor each listing asks from, NULL for all */
  char                *page_token[2];    /* of the next page to ask for */
  gboolean             more_pages[2];    /* a next page is to be asked for */
  gboolean             requesting[2];    /* a page request is on its way */
  guint                page_retry[2];    /* the timeout before a page is asked for again */
  gpointer             retried_page[2];  /* ... and the request it sends (fc-sync-job.c) */
  GQueue               pages[2];         /* FcRecordPage read, waiting to be staged, in order */
  guint                stage_idle;       /* the idle source staging them */
  gboolean             listing_over;     /* answers coming later are dropped */
  /* targeted runs read one side after the other (fc-sync-target.c) */
  FcSyncSide           fetch_side;

  /* recover */
  GPtrArray           *intents;
  guint                intent_index;

  /* match */
  FcSyncSide           match_side;
  gint64               match_after;
  GPtrArray           *match_rows;
  guint                match_index;
  guint                match_entry;      /* the rule entry the row at match_index is asked by */
  char                *match_asked;      /* the value asked, as the row holds it */
  GHashTable          *match_planned;    /* "side:record id" of the other side's rows matching
                                          * planned since match_rows was read: a row whose
                                          * candidate one is is read again */
  GHashTable          *match_repeated;   /* the match values several rows of match_side have
                                          * (its rows do not change while it is matched) */
  FcSyncSide           match_repeated_side;

  /* apply */
  FcSyncSide           item_side;
  gint64               item_after;
  GPtrArray           *writing;          /* FcSyncChunk whose writes are on their way, at
                                          * most FC_SYNC_WRITES_IN_FLIGHT */
  FcSyncChunk         *ahead;            /* the next, read and merged meanwhile */
  GSource             *ahead_source;     /* the idle callback to start it (see
                                          * _fc_sync_job_work_ahead ()) */
  GSource             *advance_source;   /* an idle callback to call advance (); at most
                                          * one (fc-sync-apply.c) */
  gboolean             rows_done;        /* every staged row is in a chunk */
  GError              *ahead_error;      /* it failed: the run fails once the chunks writing
                                          * are done */
  gboolean             applying;         /* until the run ends: answers coming later, after
                                          * a failure, are dropped */
  guint64              processed;
  gint64               total;
} FcSyncJob;

/* fc-sync-store.c: columns as members of the JSON objects the listings return (null for
 * NULL); times as ISO 8601 UTC with milliseconds. */
void          _fc_sync_store_set_time       (JsonObject          *object,
                                             const char          *member,
                                             sqlite3_stmt        *stmt,
                                             int                  column);
void          _fc_sync_store_set_text       (JsonObject          *object,
                                             const char          *member,
                                             sqlite3_stmt        *stmt,
                                             int                  column);
void          _fc_sync_store_set_json       (JsonObject          *object,
                                             const char          *member,
                                             sqlite3_stmt        *stmt,
                                             int                  column);
/* NULL for NULL */
char         *_fc_sync_store_json_text      (JsonObject          *object);
/* Appends @object as _fc_sync_store_json_text () writes it */
void          _fc_sync_store_append_json    (GString             *out,
                                             JsonObject          *object);
/* fc_sync_store_add_event () with the details as JSON text (taken; NULL for none) */
gboolean      _fc_sync_store_add_event_text (FcStore             *store,
                                             const char          *run_id,
                                             const char          *kind,
                                             int                  side,
                                             const char          *source_id,
                                             const char          *target_id,
                                             const char          *message,
                                             char                *details,
                                             GError             **error);

/* fc-sync-store.c: the rows of links, bases and events, held back inside a transaction to be
 * written several to a statement (see there). */
typedef enum {
  FC_SYNC_ROW_LINK,
  FC_SYNC_ROW_BASE,
  FC_SYNC_ROW_EVENT,
  FC_SYNC_N_ROW_TABLES,
} FcSyncRowTable;

typedef struct {
  const char         *text;     /* copied by the store; NULL (nothing else set) for NULL */
  const char * const *strv;     /* with is_strv: stored as a JSON array of strings */
  gint64              number;
  gboolean            is_int;
  gboolean            is_strv;
} FcSyncRowValue;

static inline FcSyncRowValue
_fc_sync_row_text (const char *text)
{
  return (FcSyncRowValue) { .text = text };
}

static inline FcSyncRowValue
_fc_sync_row_strv (const char * const *strv)
{
  return (FcSyncRowValue) { .strv = strv, .is_strv = TRUE };
}

static inline FcSyncRowValue
_fc_sync_row_int (gint64 number)
{
  return (FcSyncRowValue) { .number = number, .is_int = TRUE };
}

/* Adds a row of @table, its @n_values values in the order of the table's INSERT (their texts
 * copied): written at once outside a transaction, else held back. */
gboolean      _fc_sync_store_add_row        (FcStore             *store,
                                             FcSyncRowTable       table,
                                             const FcSyncRowValue *values,
                                             guint                n_values,
                                             GError             **error);
/* The store's mirror of the links being merged (fc-sync-store.c) for
 * fc-sync-store-conflicts.c: whether the link may have an open conflict of @pair_key (TRUE for
 * a link the mirror does not hold), and that it has one now. */
gboolean      _fc_sync_store_mirror_has_conflict (FcStore        *store,
                                                  gint64          link_id,
                                                  const char     *pair_key);
void          _fc_sync_store_mirror_add_conflict (FcStore        *store,
                                                  gint64          link_id,
                                                  const char     *pair_key);

/* fc-sync-job.c */
void          _fc_sync_job_run              (FcEngine            *engine,
                                             FcMapping           *mapping,
                                             const FcSyncOptions *options,
                                             GCancellable        *cancellable,
                                             FcSyncProgressFunc   progress,
                                             gpointer             progress_data,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
FcSyncResult *_fc_sync_job_run_finish       (GAsyncResult        *result,
                                             GError             **error);
/* The id of the run @result ran, also when it failed; NULL when its row was never written. */
const char   *_fc_sync_job_run_get_run_id   (GAsyncResult        *result);
/* Ends the run as failed with @error (taken); "cancelled" for a cancellation. */
void          _fc_sync_job_fail             (GTask               *task,
                                             GError              *error);
/* Closes the run with @status (not failed: see _fc_sync_job_fail ()). */
void          _fc_sync_job_close            (FcSyncJob           *job,
                                             FcSyncStatus         status);
/* {"status", "dryRun", "durationMs", "counts", "error"} for the run's closing event */
JsonObject   *_fc_sync_job_event_data       (FcSyncJob           *job);
/* TRUE (and the run failed) when the run was cancelled. */
gboolean      _fc_sync_job_cancelled        (GTask               *task);
void          _fc_sync_job_progress         (FcSyncJob           *job,
                                             FcSyncPhase          phase,
                                             guint64              processed,
                                             gint64               total);
void          _fc_sync_job_finish           (GTask               *task);
/* Emits a record.* event to the engine's listeners; nothing when none would receive it. */
void          _fc_sync_job_emit_record      (FcSyncJob           *job,
                                             const char          *kind,
                                             FcSyncSide           side,
                                             const char          *source_id,
                                             const char          *target_id,
                                             const char          *message);
void          _fc_sync_job_add_plan         (FcSyncJob           *job,
                                             FcSyncPlanKind       kind,
                                             FcSyncSide           side,
                                             const char          *source_id,
                                             const char          *target_id,
                                             const char          *message,
                                             JsonObject          *fields);
/* The match value of @record on @side as it is compared (trimmed; lowercased for emails), and
 * as the record holds it. FALSE when the record has none. */
gboolean      _fc_sync_job_match_value      (FcSyncJob           *job,
                                             FcSyncSide           side,
                                             FcRecord            *record,
                                             char               **out_raw,
                                             char               **out_normalised);
char         *_fc_sync_normalise_key        (const char          *field,
                                             const char          *value);

/* fc-sync-job.c: pages through the changes of each side, then matches */
void          _fc_sync_job_fetch            (GTask               *task);
/* Drops the listing state: pages waiting, the staging source, the cursors asked from. */
void          _fc_sync_job_reset_listing    (FcSyncJob           *job);

/* fc-sync-target.c: a targeted run's relinks and reads by id, instead of listing; then
 * matches */
void          _fc_sync_job_fetch_targets    (GTask               *task);

/* fc-sync-guard.c */
/* Whether a run with @options is measured by the guard before it writes. */
gboolean      _fc_sync_guard_applies        (const FcSyncOptions *options);
/* At the end of a guard pass: holds the run, or starts it again for real; TRUE either way.
 * FALSE (and nothing done) for a run that is not a guard pass. */
gboolean      _fc_sync_guard_finish         (GTask               *task);

/* fc-sync-recover.c: links or drops the intents left by interrupted runs, then fetches */
void          _fc_sync_job_recover          (GTask               *task);

/* fc-sync-match.c: finds each unlinked staged record's counterpart, then applies */
void          _fc_sync_job_match            (GTask               *task);
/* Stages @records of @side in job->store with their match values, keeping the fields the run
 * reads. */
gboolean      _fc_sync_job_stage_records    (FcSyncJob           *job,
                                             FcSyncSide           side,
                                             FcRecord           **records,
                                             guint                n_records,
                                             gboolean             fetched,
                                             GError             **error);

/* Up to FC_SYNC_CHUNK_SIZE items merged and written together. */
struct _FcSyncChunk
{
  GPtrArray  *items;      /* FcSyncItem */
  FcSyncSide  read_side;  /* the next side whose records to read */
  guint       step;       /* the next write step (fc-sync-write.c) */
  GPtrArray  *batch;      /* the items of the write in flight (borrowed) */
  gint64      intent_id;  /* the intents of the creates in flight */
  gboolean    resolutions; /* a conflict of the mapping is resolved and waits to be applied:
                            * read when the chunk is read and again before it is merged */
  gboolean    merged;      /* ready to write */
  GTask      *call_task;   /* held while a write call of the chunk is on its way */
};

/* A chunk and its run: what a store transaction's callback about the chunk is given */
typedef struct {
  FcSyncJob   *job;
  FcSyncChunk *chunk;
} FcSyncChunkStep;

/* fc-sync-apply.c: merges and writes the staged records chunk by chunk, then finishes */
void          _fc_sync_job_apply            (GTask               *task);
void          _fc_sync_chunk_free           (FcSyncChunk         *chunk);

void          _fc_sync_job_finish_chunk     (GTask               *task,
                                             FcSyncChunk         *chunk);
/* Called once a write call is on its way: the next chunk is prepared meanwhile. */
void          _fc_sync_job_work_ahead       (GTask               *task);
/* The run ends: the idle callbacks still to come would find nothing to do. They go now, rather
 * than keep the task, and the engine its job holds, until the main loop runs them. The caller
 * holds a reference to the task. */
void          _fc_sync_job_drop_idles       (FcSyncJob           *job);

/* fc-sync-write.c: the writes of @chunk, then _fc_sync_job_finish_chunk () */
void          _fc_sync_job_write            (GTask               *task,
                                             FcSyncChunk         *chunk);

/* fc-sync-merge.c */
typedef struct {
  FcSyncPair    *pair;
  FcMergeAction  action;
  gboolean       writes[2];       /* the pair writes to that side */
  GStrv          new_base[2];     /* NULL: the base stays */
  gint64         resolution_id;   /* the conflict whose resolution this writes, or 0 */
  gboolean       conflict;
  gboolean       settled;         /* a conflict the strategy settled */
  FcMergeWinner  winner;
  GStrv          values[2];       /* each side's values before the merge */
  char          *reason;
} FcSyncOutcome;

/* A field an item writes: what the side held and what it gets (NULL for empty) */
typedef struct {
  const char    *field;           /* a pair's or the run's external ID field: the job's */
  char          *before;
  char          *after;
} FcSyncChange;

typedef struct {
  gint64         link_id;
  char          *ids[2];
  FcRecord      *records[2];
  gboolean       staged[2];       /* the side's record has a row in the staging table */
  gboolean       from_bases[2];   /* the side's record was not read: a fresh listing showed it
                                   * unchanged, so it holds the bases, and records[] holds them */
  gboolean       create;          /* create the record on the side opposite @origin */
  FcSyncSide     origin;
  gboolean       new_link;        /* two existing records matched by key: store the link */
  char          *match_raw;       /* of the origin record, for the intent */
  GPtrArray     *outcomes;        /* FcSyncOutcome */
  FcRecord      *writes[2];       /* the values to write to each side, or NULL */
  GArray        *changes[2];      /* FcSyncChange: the fields of those writes, in order */
  gboolean       delete_side[2];  /* delete the record on that side (delete policy) */
  gboolean       written[2];      /* the write to that side was confirmed */
  gboolean       skipped;
  gboolean       failed;
  gboolean       unchanged;       /* merged, nothing to write, nothing to say */
  char          *message;         /* why skipped, or what failed */
  JsonObject    *error_details;
} FcSyncItem;

void          _fc_sync_item_free            (FcSyncItem          *item);
/* Skips the item: its linked record on @side no longer exists (fc-sync-apply.c). */
void          _fc_sync_item_skip_gone       (FcSyncItem          *item,
                                             FcSyncSide           side);
void          _fc_sync_outcome_free         (FcSyncOutcome       *outcome);
/* Merges every pair of the item, filling outcomes, writes and changes, or marking it skipped. */
gboolean      _fc_sync_merge_item           (FcSyncJob           *job,
                                             FcSyncItem          *item,
                                             GError             **error);
/* With external ID storage, adds @counterpart_id to the write of @side when its record does
 * not hold it yet. */
void          _fc_sync_item_add_external_id (FcSyncJob           *job,
                                             FcSyncItem          *item,
                                             FcSyncSide           side,
                                             const char          *counterpart_id);
/* Values of @fields in @record, "" for empty; all "" for a NULL record. */
GStrv         _fc_sync_record_values        (FcRecord            *record,
                                             const char * const  *fields);
/* Whether _fc_sync_record_values () would equal @values, without making them. */
gboolean      _fc_sync_record_holds         (FcRecord            *record,
                                             const char * const  *fields,
                                             const char * const  *values);
/* Why the item writes @side: each pair's reason, and the item's notes; NULL for none. */
char         *_fc_sync_item_summary         (FcSyncItem          *item,
                                             FcSyncSide           side);
/* {field: {"before", "after"}} of the write of @side (a new object), or NULL without one */
JsonObject   *_fc_sync_item_dup_changes     (FcSyncItem          *item,
                                             FcSyncSide           side);
/* The JSON text of {"fields": changes, "conflicts": [...], "error": {...}} for the log */
char         *_fc_sync_item_details         (FcSyncItem          *item,
                                             FcSyncSide           side);

void          _fc_sync_emit                 (FcSyncJob           *job,
                                             const char          *type,
                                             JsonObject          *data);

G_END_DECLS
