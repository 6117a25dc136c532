/* fc-sync-runner.c: one run per mapping at a time, and the user's answers to conflicts
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Triggers come from everywhere (the Sync button, the command line, schedules, webhooks), so
 * fc_engine_sync_async () keeps, per mapping, the run in progress and at most one follow-up of
 * each kind (a real run, a dry run). A request while a run is in progress joins the queued
 * follow-up of its kind, or queues one: it is answered with that follow-up's result. It does not
 * join the run in progress, which may already have read past the change the request is about.
 * A joining request's full_rescan is added to the follow-up's, and a targeted request's targets
 * to the targeted follow-up's. The follow-up runs with the
 * cancellable, progress callback and trigger of the request that queued it, and with the
 * mapping as the engine holds it when it starts.
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-sync-private.h"

typedef struct {
  FcSyncOptions       options;
  GPtrArray          *waiters;        /* GTask */
  GCancellable       *cancellable;
  FcSyncProgressFunc  progress;
  gpointer            progress_data;
} Request;

typedef struct {
  Request *current;
  GQueue   queue;                     /* Request, at most one per kind */
} Slot;

typedef struct {
  FcEngine *engine;
  char     *mapping_id;
} Running;

static void
request_free (Request *request)
{
  g_ptr_array_unref (request->waiters);
  g_clear_object (&request->cancellable);
  _fc_sync_options_clear (&request->options);
  g_free (request);
}

static void
slot_free (Slot *slot)
{
  g_clear_pointer (&slot->current, request_free);
  g_queue_clear_full (&slot->queue, (GDestroyNotify) request_free);
  g_free (slot);
}

static GHashTable *
slots_of (FcEngine *self)
{
  GHashTable *slots = g_object_get_data (G_OBJECT (self), "fc-sync-slots");

  if (slots == NULL)
    {
      slots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) slot_free);
      g_object_set_data_full (G_OBJECT (self), "fc-sync-slots", slots,
                              (GDestroyNotify) g_hash_table_unref);
    }
  return slots;
}

static Request *
request_new (const FcSyncOptions *options,
             GCancellable        *cancellable,
             FcSyncProgressFunc   progress,
             gpointer             progress_data)
{
  Request *request = g_new0 (Request, 1);

  _fc_sync_options_copy (&request->options, options);
  request->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  request->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  request->progress = progress;
  request->progress_data = progress_data;
  return request;
}

/* Whether a request can join a queued one: the same kind of run (real or dry, targeted or
 * not, guarded or not). An approval never joins: it answers for one held run. */
static gboolean
same_kind (const FcSyncOptions *queued,
           const FcSyncOptions *options)
{
  return queued->dry_run == options->dry_run &&
         (queued->targets != NULL) == (options->targets != NULL) &&
         queued->approved == options->approved &&
         queued->approved_run_id == NULL && options->approved_run_id == NULL &&
         queued->max_update_percent == options->max_update_percent &&
         queued->max_creates == options->max_creates &&
         queued->hold_deletes == options->hold_deletes;
}

static void on_run_done_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data);

static void
start_request (FcEngine   *self,
               Slot       *slot,
               FcMapping  *mapping)
{
  Running *running = g_new0 (Running, 1);
  Request *request = slot->current;
  /* The engine's model may drop its object below, which may be the only reference to it */
  g_autoptr (FcMapping) run = g_object_ref (mapping);
  g_autoptr (GError) error = NULL;

  running->engine = g_object_ref (self);
  running->mapping_id = g_strdup (fc_mapping_get_id (mapping));

  /* The mapping may have been edited in another process (the app and fluxcascade-cli serve
   * share a data folder), and the engine's models not read again yet: a run of the engine's
   * own mapping runs what is stored. A mapping the caller made itself is run as it is, and one
   * another process removed as it was. */
  if (fc_engine_lookup_mapping (self, running->mapping_id) == mapping)
    {
      if (!_fc_engine_refresh (self, &error))
        g_warning ("Cannot read the mappings another process saved: %s", error->message);
      else if (fc_engine_lookup_mapping (self, running->mapping_id) != NULL)
        g_set_object (&run, fc_engine_lookup_mapping (self, running->mapping_id));
    }

  _fc_sync_job_run (self, run, &request->options, request->cancellable, request->progress,
                    request->progress_data, on_run_done_cb, running);
}

/* Each waiter's task keeps the id of the run that answered it (fc_engine_sync_get_run_id ()) */
static void
answer (Request      *request,
        const char   *run_id,
        FcSyncResult *result,
        const GError *error)
{
  for (guint i = 0; i < request->waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (request->waiters, i);

      g_task_set_task_data (task, g_strdup (run_id), g_free);
      if (result != NULL)
        g_task_return_pointer (task, fc_sync_result_ref (result),
                               (GDestroyNotify) fc_sync_result_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Running *running = user_data;
  FcEngine *self = running->engine;
  GHashTable *slots = slots_of (self);
  Slot *slot = g_hash_table_lookup (slots, running->mapping_id);
  g_autoptr (FcSyncResult) outcome = NULL;
  g_autoptr (GError) error = NULL;

  outcome = _fc_sync_job_run_finish (result, &error);
  answer (slot->current, _fc_sync_job_run_get_run_id (result), outcome, error);
  g_clear_pointer (&slot->current, request_free);

  while ((slot->current = g_queue_pop_head (&slot->queue)) != NULL)
    {
      FcMapping *mapping = fc_engine_lookup_mapping (self, running->mapping_id);
      g_autoptr (GError) gone = NULL;

      if (mapping != NULL)
        {
          start_request (self, slot, mapping);
          break;
        }

      gone = g_error_new (FC_ENGINE_ERROR, FC_ENGINE_ERROR_NOT_FOUND,
                          _("Mapping “%s” was removed before its queued sync could run"),
                          running->mapping_id);
      answer (slot->current, NULL, NULL, gone);
      g_clear_pointer (&slot->current, request_free);
    }

  if (slot->current == NULL)
    g_hash_table_remove (slots, running->mapping_id);

  g_object_unref (running->engine);
  g_free (running->mapping_id);
  g_free (running);
}

void
fc_engine_sync_async (FcEngine            *self,
                      FcMapping           *mapping,
                      const FcSyncOptions *options,
                      GCancellable        *cancellable,
                      FcSyncProgressFunc   progress,
                      gpointer             progress_data,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  FcSyncOptions defaults = { .trigger = FC_SYNC_TRIGGER_MANUAL };
  GHashTable *slots;
  Slot *slot;
  Request *queued = NULL;

  g_return_if_fail (FC_IS_ENGINE (self));
  g_return_if_fail (FC_IS_MAPPING (mapping));
  g_return_if_fail (fc_mapping_get_id (mapping) != NULL);

  if (options == NULL)
    options = &defaults;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_engine_sync_async);

  slots = slots_of (self);
  slot = g_hash_table_lookup (slots, fc_mapping_get_id (mapping));
  if (slot == NULL)
    {
      slot = g_new0 (Slot, 1);
      g_queue_init (&slot->queue);
      g_hash_table_insert (slots, g_strdup (fc_mapping_get_id (mapping)), slot);
      slot->current = request_new (options, cancellable, progress, progress_data);
      g_ptr_array_add (slot->current->waiters, g_steal_pointer (&task));
      start_request (self, slot, mapping);
      return;
    }

  for (GList *l = slot->queue.head; l != NULL; l = l->next)
    if (same_kind (&((Request *) l->data)->options, options))
      queued = l->data;

  if (queued == NULL)
    {
      queued = request_new (options, cancellable, progress, progress_data);
      g_queue_push_tail (&slot->queue, queued);
    }
  else if (options->targets != NULL)
    _fc_sync_options_add_targets (&queued->options, options->targets);
  else
    queued->options.full_rescan |= options->full_rescan;

  g_debug ("Mapping %s is syncing; the request waits for the follow-up run",
           fc_mapping_get_id (mapping));
  g_ptr_array_add (queued->waiters, g_steal_pointer (&task));
}

FcSyncResult *
fc_engine_sync_finish (FcEngine      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
fc_engine_sync_get_run_id (FcEngine     *self,
                           GAsyncResult *result)
{
  g_return_val_if_fail (FC_IS_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_engine_sync_async ||
                        g_task_get_source_tag (G_TASK (result)) == fc_engine_approve_run_async,
                        NULL);

  /* fc-sync-guard.c passes the id of the run on to an approval's task */
  return g_task_get_task_data (G_TASK (result));
}

gboolean
fc_engine_is_syncing (FcEngine   *self,
                      const char *mapping_id)
{
  g_return_val_if_fail (FC_IS_ENGINE (self), FALSE);
  return g_hash_table_contains (slots_of (self), mapping_id);
}

/* ---- conflicts -------------------------------------------------------------------------- */

static FcFieldPair *
find_pair (FcMapping  *mapping,
           const char *key)
{
  for (guint i = 0; i < fc_mapping_get_n_field_pairs (mapping); i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (mapping, i);
      g_autofree char *sources = g_strjoinv (",", (char **) fc_field_pair_get_source_fields (pair));
      g_autofree char *targets = g_strjoinv (",", (char **) fc_field_pair_get_target_fields (pair));
      g_autofree char *pair_key = g_strdup_printf ("%s=%s", sources, targets);

      if (g_str_equal (pair_key, key))
        return pair;
    }
  return NULL;
}

static JsonArray *
strv_to_array (const char * const *values)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  return array;
}

/* A value of the user's own is the value of the side of the pair that has one field; the other
 * side's values come through the pair's transforms, as a sync would write them. */
static JsonObject *
values_for (FcFieldPair  *pair,
            const char   *value,
            GError      **error)
{
  guint n_source = g_strv_length ((char **) fc_field_pair_get_source_fields (pair));
  guint n_target = g_strv_length ((char **) fc_field_pair_get_target_fields (pair));
  const char *given[] = { value, NULL };
  g_autoptr (FcTransformChain) chain = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) other = NULL;
  g_autofree char *label = fc_field_pair_dup_label (pair);
  JsonObject *values;

  /* The rule of every run: an empty value erases only through a pair that allows it. */
  if (value[strspn (value, " \t\r\n")] == '\0' && !fc_field_pair_get_allow_clear (pair))
    {
      g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_INVALID_VALUE,
                   _("An empty value would clear %s on both sides, which the pair does not "
                     "allow; take the source or the target value, or type a value"), label);
      return NULL;
    }

  chain = fc_transform_chain_parse (fc_field_pair_get_transform (pair), &local_error);
  if (chain != NULL && n_source == 1)
    other = fc_transform_chain_apply (chain, given, 1, &local_error);
  else if (chain != NULL && n_target == 1)
    other = fc_transform_chain_apply_reverse_full (chain, given, 1, n_source, &local_error);
  else if (chain != NULL)
    {
      g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_INVALID_VALUE,
                   _("The pair %s has several fields on both sides; take the source or the "
                     "target instead of giving a value"), label);
      return NULL;
    }

  if (other == NULL)
    {
      g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_INVALID_VALUE,
                   _("“%s” cannot be written through the pair %s: %s"), value, label,
                   local_error->message);
      return NULL;
    }

  values = json_object_new ();
  if (n_source == 1)
    {
      json_object_set_array_member (values, "source", strv_to_array (given));
      json_object_set_array_member (values, "target",
                                    strv_to_array ((const char * const *) other));
    }
  else
    {
      json_object_set_array_member (values, "source",
                                    strv_to_array ((const char * const *) other));
      json_object_set_array_member (values, "target", strv_to_array (given));
    }
  return values;
}

gboolean
fc_engine_resolve_conflict (FcEngine    *self,
                            gint64       conflict_id,
                            FcSyncTake   take,
                            const char  *value,
                            GError     **error)
{
  g_autoptr (JsonObject) conflict = NULL;
  g_autoptr (JsonObject) values = NULL;
  g_autoptr (GError) local_error = NULL;
  FcMapping *mapping;
  FcFieldPair *pair;
  const char *pair_key;
  const char *taken = NULL;
  JsonObject *data;

  g_return_val_if_fail (FC_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (take != FC_SYNC_TAKE_VALUE || value != NULL, FALSE);

  conflict = fc_sync_store_get_conflict (self->store, conflict_id, &local_error);
  if (conflict == NULL || !json_object_get_null_member (conflict, "resolvedAt"))
    {
      g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_NOT_FOUND,
                   _("No open conflict %lld"), (long long) conflict_id);
      return FALSE;
    }

  pair_key = json_object_get_string_member (conflict, "pair");
  mapping = fc_engine_lookup_mapping (self, json_object_get_string_member (conflict,
                                                                           "mappingId"));
  pair = mapping != NULL ? find_pair (mapping, pair_key) : NULL;
  if (pair == NULL)
    {
      g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_NOT_FOUND,
                   _("Conflict %lld is about the pair %s, which its mapping no "
                     "longer has"), (long long) conflict_id, pair_key);
      return FALSE;
    }

  switch (take)
    {
    case FC_SYNC_TAKE_SOURCE:
      taken = "source";
      break;
    case FC_SYNC_TAKE_TARGET:
      taken = "target";
      break;
    case FC_SYNC_TAKE_VALUE:
    default:
      values = values_for (pair, value, error);
      if (values == NULL)
        return FALSE;
      break;
    }

  if (!fc_sync_store_resolve_conflict (self->store, conflict_id, taken, values, error))
    return FALSE;

  data = json_object_new ();
  json_object_set_int_member (data, "conflictId", conflict_id);
  json_object_set_string_member (data, "mappingId", fc_mapping_get_id (mapping));
  json_object_set_string_member (data, "pair", pair_key);
  json_object_set_string_member (data, "resolution", taken != NULL ? taken : "value");
  _fc_engine_emit_event (self, "conflict.resolved", data);
  return TRUE;
}
