/* fc-sync-types.h: what a sync run is asked and what it answers
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "fc-types.h"

G_BEGIN_DECLS

#define FC_SYNC_ERROR (fc_sync_error_quark ())

typedef enum {
  FC_SYNC_ERROR_CONNECTION_INACTIVE, /* a connection of the mapping is expired or in error */
  FC_SYNC_ERROR_CONNECTION_MISSING,  /* a connection of the mapping no longer exists */
  FC_SYNC_ERROR_INVALID_MAPPING,     /* the mapping does not validate */
  FC_SYNC_ERROR_NOT_FOUND,           /* no such conflict (or it is no longer open) */
  FC_SYNC_ERROR_INVALID_VALUE,       /* a resolution value the pair cannot take */
  FC_SYNC_ERROR_FETCH,               /* reading the changes of one side failed */
  FC_SYNC_ERROR_STORE,               /* the local database failed mid-run */
} FcSyncError;

GQuark fc_sync_error_quark (void);

/* The two record sides of a mapping. */
typedef enum {
  FC_SYNC_SIDE_SOURCE,
  FC_SYNC_SIDE_TARGET,
} FcSyncSide;

/* "source" / "target" */
const char *fc_sync_side_to_string (FcSyncSide side);

/* One record a targeted run syncs (see FcSyncOptions.targets): a boxed type.
 *
 * @side: the side of the mapping the record lives on.
 * @record_id: the provider's id of the record.
 * @deleted: the provider said the record was deleted: the run applies the mapping's delete
 *   policy to its linked counterpart (nothing happens for a record that has no link).
 * @merged_ids: (nullable) the ids the provider merged into @record_id: each merged-away id's
 *   link is moved to @record_id (its counterpart is kept, neither deleted nor created again);
 *   when @record_id already has a link of its own, the merged-away link is dropped and its
 *   counterpart left alone. */
typedef struct {
  FcSyncSide  side;
  char       *record_id;
  gboolean    deleted;
  GStrv       merged_ids;
} FcSyncTarget;

#define FC_TYPE_SYNC_TARGET (fc_sync_target_get_type ())

GType         fc_sync_target_get_type (void) G_GNUC_CONST;
/* @merged_ids: (nullable) copied */
FcSyncTarget *fc_sync_target_new      (FcSyncSide           side,
                                       const char          *record_id,
                                       gboolean             deleted,
                                       const char * const  *merged_ids);
FcSyncTarget *fc_sync_target_copy     (const FcSyncTarget  *target);
void          fc_sync_target_free     (FcSyncTarget        *target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSyncTarget, fc_sync_target_free)

/* What a run is asked. Zero-initialise it (`FcSyncOptions options = { 0 };`) and set what is
 * needed: every member's zero is the default. The engine copies what it keeps (it takes a
 * reference on @targets and copies @approved_run_id), so the caller may free both once
 * fc_engine_sync_async () returns.
 *
 * Targeted runs (@targets not NULL, for real-time webhooks): the run syncs exactly these records
 * through the normal match, merge and write path. It reads them by id, reads their linked
 * counterparts by id, never lists changes and never moves the cursors. A target marked deleted is
 * not read: the mapping's delete policy acts on its counterpart. A target the read does not
 * return is skipped with a log entry (nothing is inferred from an absence). A target on a side
 * the mapping's direction does not read from (the target side of a source_to_target mapping) is
 * ignored, except that its merged_ids are still relinked. An empty array syncs nothing and ends
 * completed. Targeted requests queued behind a running run of the same mapping are coalesced:
 * their targets are appended to one follow-up run. The run's trigger is @trigger (usually
 * FC_SYNC_TRIGGER_WEBHOOK), so the guard below applies to it.
 *
 * The guard (unattended runs): a run whose @trigger is FC_SYNC_TRIGGER_SCHEDULE,
 * FC_SYNC_TRIGGER_WEBHOOK or FC_SYNC_TRIGGER_STARTUP, that is neither a dry run nor @approved,
 * and whose plan exceeds a limit, writes nothing: it ends with FC_SYNC_STATUS_HELD, the plan
 * stored in runs.plan and fc_sync_result_get_message () naming the limit; fc_engine_sync_finish ()
 * gives that result (held is not an error). Such a run first computes its plan as a dry run
 * would, then, within the limits, runs for real (so it reads its records twice). A limit of 0
 * (FALSE) is off, and so is a share of 100 or more. Manual runs are never held.
 * fc_engine_approve_run_async () runs a held run's mapping again with the guard lifted. */
typedef struct {
  FcSyncTrigger trigger;
  gboolean      dry_run;     /* plan only: nothing written anywhere but the run's own row */
  gboolean      full_rescan; /* read every record of both sides, ignoring the cursors */

  /* (element-type FcSyncTarget) (nullable): sync these records only (see above) */
  GPtrArray    *targets;

  /* guard limits (0 / FALSE: off) */
  guint         max_update_percent; /* updates as a share of the mapping's links, in percent */
  guint         min_updates_to_hold; /* the share holds a run only from this many updates on, so
                                       * that one edit on a small mapping is not held (0: from
                                       * the first) */
  guint         max_creates;        /* records created, both sides together */
  gboolean      hold_deletes;       /* any delete or archive */
  /* the guard is lifted (the user approved the plan) */
  gboolean      approved;
  /* (nullable) the held run this run approves: stored in the new run's approved_run_id, and
   * the held run's approved_at is set. Implies @approved. */
  const char   *approved_run_id;
} FcSyncOptions;

/* The min_updates_to_hold of unattended runs (the scheduler's and the webhook listener's). */
#define FC_SYNC_GUARD_MIN_UPDATES 10

typedef enum {
  FC_SYNC_PHASE_FETCH,  /* reading the changed records of each side */
  FC_SYNC_PHASE_MATCH,  /* finding each record's counterpart */
  FC_SYNC_PHASE_APPLY,  /* merging and writing, record by record */
} FcSyncPhase;

/* @processed of @total in @phase; @total is -1 when the providers do not say. */
typedef void (*FcSyncProgressFunc) (FcSyncPhase  phase,
                                    guint64      processed,
                                    gint64       total,
                                    gpointer     user_data);

typedef struct {
  guint fetched;    /* records read from the providers' change listings */
  guint created;    /* records created (or planned) on either side */
  guint updated;    /* records updated (or planned) on either side */
  guint skipped;    /* records left alone: a required value missing, a transform failing, ... */
  guint conflicts;  /* field pairs both sides changed to different values */
  guint failed;     /* records whose write failed; retried by the next run */
  guint parked;     /* records whose match key found several counterparts */
} FcSyncCounts;

/* One line of a plan: what a run does (or, dry, would do) to one record. */
typedef enum {
  FC_SYNC_PLAN_CREATE,    /* create the record on @side */
  FC_SYNC_PLAN_UPDATE,    /* write @fields to the record on @side */
  FC_SYNC_PLAN_LINK,      /* two existing records matched by their key */
  FC_SYNC_PLAN_CONFLICT,  /* kept for the user to decide (manual strategy) */
  FC_SYNC_PLAN_SKIP,      /* left alone, with the reason */
  FC_SYNC_PLAN_PARK,      /* the match key is ambiguous */
  FC_SYNC_PLAN_DELETE,    /* delete (or archive) the counterpart of a deleted record */
} FcSyncPlanKind;

/* "create", "update", "link", "conflict", "skip", "park", "delete" */
const char *fc_sync_plan_kind_to_string (FcSyncPlanKind kind);

typedef struct {
  FcSyncPlanKind  kind;
  FcSyncSide      side;             /* the side written (or the record's own side) */
  char           *source_id;        /* NULL for a record still to create */
  char           *target_id;
  char           *message;
  JsonObject     *fields;           /* field -> {"before": v, "after": v}; may be NULL */
} FcSyncPlanEntry;

void        fc_sync_plan_entry_free    (FcSyncPlanEntry *entry);
JsonNode   *fc_sync_plan_entry_to_json (FcSyncPlanEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSyncPlanEntry, fc_sync_plan_entry_free)

/* The outcome of one run: a reference-counted boxed type. */
typedef struct _FcSyncResult FcSyncResult;

#define FC_TYPE_SYNC_RESULT (fc_sync_result_get_type ())

GType               fc_sync_result_get_type        (void) G_GNUC_CONST;
FcSyncResult       *fc_sync_result_ref             (FcSyncResult *result);
void                fc_sync_result_unref           (FcSyncResult *result);
const char         *fc_sync_result_get_run_id      (FcSyncResult *result);
const char         *fc_sync_result_get_mapping_id  (FcSyncResult *result);
FcSyncStatus        fc_sync_result_get_status      (FcSyncResult *result);
gboolean            fc_sync_result_get_dry_run     (FcSyncResult *result);
const FcSyncCounts *fc_sync_result_get_counts      (FcSyncResult *result);
gint64              fc_sync_result_get_duration_ms (FcSyncResult *result);
/* The failure of a failed run ("cancelled", a fetch error, ...), or NULL. */
const char         *fc_sync_result_get_error       (FcSyncResult *result);
/* Why a held run was held ("Would update 80% of 200 linked records; the limit is 50%"), why a
 * partial run ended short (a listing cut off), or NULL. */
const char         *fc_sync_result_get_message     (FcSyncResult *result);
/* The run a run approved (FcSyncOptions.approved_run_id), or NULL. */
const char         *fc_sync_result_get_approved_run_id (FcSyncResult *result);
/* (element-type FcSyncPlanEntry) (transfer none) The plan of a dry run or a held run; empty
 * otherwise. */
GPtrArray          *fc_sync_result_get_plan        (FcSyncResult *result);
/* {"runId", "mappingId", "status", "dryRun", "durationMs", "counts": {...}, "error",
 *  "message", "approvedRunId", "plan": [...]} */
JsonNode           *fc_sync_result_to_json         (FcSyncResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSyncResult, fc_sync_result_unref)

/* How the user settles a conflict. */
typedef enum {
  FC_SYNC_TAKE_SOURCE,  /* the source's value wins */
  FC_SYNC_TAKE_TARGET,  /* the target's value wins */
  FC_SYNC_TAKE_VALUE,   /* a value of the user's own goes to both sides */
} FcSyncTake;

G_END_DECLS
