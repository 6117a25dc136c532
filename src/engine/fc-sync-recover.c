/* fc-sync-recover.c: finishing the creates an interrupted run left unconfirmed
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each remote create is preceded by an intent (the creates of a batch share a row), removed in
 * the transaction that stores the created record's link. An intent still there at the start of
 * a run means a run stopped between the two: the record may or may not exist. It is looked up
 * on the side it was created on, by the match key it was created with: found once, it is
 * linked now (and the merge finds both sides agreeing); not found, the intent goes, and the
 * origin record, which the stopped run never marked done (its side's cursor did not move past
 * it), is fetched and created again.
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-sync-private.h"

static void recover_next (GTask *task);

static void
drop_intent (FcSyncJob    *job,
             FcSyncIntent *intent,
             const char   *kind,
             const char   *message)
{
  g_autoptr (GError) error = NULL;
  const char *source_id = intent->side == FC_SYNC_SIDE_TARGET ? intent->origin_id : NULL;
  const char *target_id = intent->side == FC_SYNC_SIDE_SOURCE ? intent->origin_id : NULL;

  if (!fc_store_transaction_begin (job->store, &error))
    goto fail;
  if (!fc_sync_store_remove_intent (job->store, intent->id, intent->origin_id, &error) ||
      (kind != NULL &&
       !fc_sync_store_add_event (job->store, job->result->run_id, kind, intent->side, source_id,
                                 target_id, message, NULL, &error)))
    {
      fc_store_transaction_rollback (job->store);
      goto fail;
    }
  if (fc_store_transaction_commit (job->store, &error))
    return;

fail:
  g_warning ("Run %s: %s", job->result->run_id, error->message);
}

static GStrv
array_to_strv (JsonArray *array)
{
  GStrv values = g_new0 (char *, json_array_get_length (array) + 1);

  for (guint i = 0; i < json_array_get_length (array); i++)
    values[i] = g_strdup (json_array_get_string_element (array, i));
  return values;
}

/* The bases the create was to set (kept with the intent), for each pair whose values the
 * created record still holds: the user has not touched them since, so its other side's changes
 * are changes, not a conflict with the engine's own write. */
static gboolean
store_recovered_bases (FcSyncJob    *job,
                       FcSyncIntent *intent,
                       FcRecord     *record,
                       gint64        link_id,
                       GError      **error)
{
  g_autoptr (JsonNode) root = intent->payload != NULL ? json_from_string (intent->payload, NULL)
                                                      : NULL;
  JsonObject *payload = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                        ? json_node_get_object (root) : NULL;

  for (guint i = 0; payload != NULL && i < job->pairs->len; i++)
    {
      FcSyncPair *pair = g_ptr_array_index (job->pairs, i);
      JsonObject *bases = json_object_get_object_member (payload, pair->key);
      g_auto (GStrv) source = NULL;
      g_auto (GStrv) target = NULL;
      g_auto (GStrv) held = NULL;

      if (bases == NULL || json_object_get_array_member (bases, "source") == NULL ||
          json_object_get_array_member (bases, "target") == NULL)
        continue;
      source = array_to_strv (json_object_get_array_member (bases, "source"));
      target = array_to_strv (json_object_get_array_member (bases, "target"));
      held = _fc_sync_record_values (record, pair->fields[intent->side]);
      if (!g_strv_equal ((const char * const *) held,
                         (const char * const *) (intent->side == FC_SYNC_SIDE_SOURCE ? source
                                                                                     : target)))
        continue;
      if (!fc_sync_store_set_base (job->store, link_id, pair->key, (const char * const *) source,
                                   (const char * const *) target, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
link_recovered (FcSyncJob    *job,
                FcSyncIntent *intent,
                FcRecord     *record,
                GError      **error)
{
  const char *found_id = fc_record_get_id (record);
  gint64 link_id = 0;
  const char *source_id = intent->side == FC_SYNC_SIDE_TARGET ? intent->origin_id : found_id;
  const char *target_id = intent->side == FC_SYNC_SIDE_TARGET ? found_id : intent->origin_id;
  g_autofree char *message = g_strdup_printf (_("An earlier run created %s record %s but was "
                                                "stopped before storing its link; linked now "
                                                "instead of creating it again"),
                                              fc_sync_side_to_string (intent->side), found_id);

  if (!fc_store_transaction_begin (job->store, error))
    return FALSE;
  if (!fc_sync_store_insert_link (job->store, job->mapping_id, source_id, target_id,
                                  intent->match_key, &link_id, error) ||
      !store_recovered_bases (job, intent, record, link_id, error) ||
      !fc_sync_store_remove_intent (job->store, intent->id, intent->origin_id, error) ||
      !fc_sync_store_add_event (job->store, job->result->run_id, "record.linked", intent->side,
                                source_id, target_id, message, NULL, error))
    {
      fc_store_transaction_rollback (job->store);
      return FALSE;
    }
  return fc_store_transaction_commit (job->store, error);
}

static void
on_intent_found_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcSyncJob *job = g_task_get_task_data (task);
  FcSyncIntent *intent = g_ptr_array_index (job->intents, job->intent_index);
  const char *field = job->match_fields[intent->side];
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) matching = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *wanted = _fc_sync_normalise_key (field, intent->match_key);

  found = fc_connector_find_records_finish (FC_CONNECTOR (object), result, &error);
  if (found == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _fc_sync_job_fail (task, g_steal_pointer (&error));
      else
        _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_FETCH,
                                              _("Cannot check a create an earlier run left "
                                                "unconfirmed: %s"), error->message));
      return;
    }

  for (guint i = 0; i < found->len; i++)
    {
      g_autofree char *value = fc_record_dup_string (g_ptr_array_index (found, i), field);
      g_autofree char *normalised = _fc_sync_normalise_key (field, value);

      if (g_strcmp0 (normalised, wanted) == 0)
        g_ptr_array_add (matching, g_ptr_array_index (found, i));
    }

  if (matching->len == 0)
    /* Never created: the origin record was not marked done, so it is fetched again. */
    drop_intent (job, intent, NULL, NULL);
  else if (matching->len == 1)
    {
      FcRecord *record = g_ptr_array_index (matching, 0);
      gboolean taken = fc_sync_store_find_link (job->store, job->mapping_id, intent->side,
                                                fc_record_get_id (record), NULL, NULL, NULL) ||
                       fc_sync_store_find_link (job->store, job->mapping_id, !intent->side,
                                                intent->origin_id, NULL, NULL, NULL);

      if (taken)
        drop_intent (job, intent, NULL, NULL);
      else if (!link_recovered (job, intent, record, &error))
        {
          _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_STORE, "%s",
                                                error->message));
          return;
        }
    }
  else
    drop_intent (job, intent, "record.parked",
                 _("An earlier run may have created this record, but its match key now finds "
                   "several records; the record is matched again by this run"));

  job->intent_index++;
  recover_next (task);
}

static void
recover_next (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);

  if (_fc_sync_job_cancelled (task))
    return;

  while (job->intent_index < job->intents->len)
    {
      FcSyncIntent *intent = g_ptr_array_index (job->intents, job->intent_index);
      const char *field = job->match_fields[intent->side];

      if (field != NULL && intent->match_key != NULL)
        {
          fc_connector_find_records_async (job->connectors[intent->side],
                                           job->objects[intent->side], field, intent->match_key,
                                           job->read_fields[intent->side], job->cancellable,
                                           on_intent_found_cb,
                                           g_object_ref (task));
          return;
        }

      drop_intent (job, intent, "record.error",
                   _("An earlier run was stopped while creating a counterpart of this record; "
                     "without a match key it cannot be looked up, so a duplicate is possible"));
      job->intent_index++;
    }

  _fc_sync_job_fetch (task);
}

void
_fc_sync_job_recover (GTask *task)
{
  FcSyncJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  /* A dry run writes nothing, links included; it plans as if the unconfirmed creates had not
   * happened. */
  if (job->options.dry_run)
    {
      _fc_sync_job_fetch (task);
      return;
    }

  if (!fc_sync_store_fail_stale_runs (job->store, job->mapping_id, job->result->run_id, &error))
    g_warning ("Run %s: %s", job->result->run_id, error->message);

  job->intents = fc_sync_store_list_intents (job->store, job->mapping_id, &error);
  if (job->intents == NULL)
    {
      _fc_sync_job_fail (task, g_error_new (FC_SYNC_ERROR, FC_SYNC_ERROR_STORE, "%s",
                                            error->message));
      return;
    }
  if (job->intents->len > 0)
    g_debug ("Run %s: %u unconfirmed creates to check", job->result->run_id, job->intents->len);
  recover_next (task);
}

