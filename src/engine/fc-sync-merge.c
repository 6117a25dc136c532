/* fc-sync-merge.c: what one record (and its counterpart) needs, pair by pair
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every field pair goes through fc_merge_field_pair () against the pair's stored base; the
 * outcomes together give the values to write to each side, the bases to store once those writes
 * are confirmed, and the conflicts to record. Two things are decided here rather than by the
 * merge: a required pair with no value on either side, or none in a record the pair cannot
 * write, skips the whole record (nothing of it is written), and a conflict the user resolved is
 * written as resolved (see resolve_pair ()).
 */

#define G_LOG_DOMAIN "fc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fc-enum-types.h"
#include "fc-json-text-private.h"
#include "fc-store-private.h"
#include "fc-sync-private.h"

void
_fc_sync_outcome_free (FcSyncOutcome *outcome)
{
  for (guint i = 0; i < 2; i++)
    {
      g_strfreev (outcome->new_base[i]);
      g_strfreev (outcome->values[i]);
    }
  g_free (outcome->reason);
  g_free (outcome);
}

void
_fc_sync_item_free (FcSyncItem *item)
{
  for (guint i = 0; i < 2; i++)
    {
      g_free (item->ids[i]);
      g_clear_object (&item->records[i]);
      g_clear_object (&item->writes[i]);
      g_clear_pointer (&item->changes[i], g_array_unref);
    }
  g_free (item->match_raw);
  g_clear_pointer (&item->outcomes, g_ptr_array_unref);
  g_free (item->message);
  g_clear_pointer (&item->error_details, json_object_unref);
  g_free (item);
}

/* The value of @field as the merge reads it, "" for empty: the record's own string, or text
 * made from another value (*out_made, to free). */
static const char *
field_text (FcRecord    *record,
            const char  *field,
            char       **out_made)
{
  const char *text = record != NULL ? fc_record_get_string (record, field) : NULL;

  *out_made = NULL;
  if (text != NULL)
    return text;
  *out_made = record != NULL ? fc_record_dup_string (record, field) : NULL;
  return *out_made != NULL ? *out_made : "";
}

GStrv
_fc_sync_record_values (FcRecord           *record,
                        const char * const *fields)
{
  guint n = g_strv_length ((char **) fields);
  GStrv values = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      char *made;
      const char *text = field_text (record, fields[i], &made);

      values[i] = made != NULL ? made : g_strdup (text);
    }
  return values;
}

gboolean
_fc_sync_record_holds (FcRecord           *record,
                       const char * const *fields,
                       const char * const *values)
{
  guint i;

  for (i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *made = NULL;

      if (values[i] == NULL || strcmp (field_text (record, fields[i], &made), values[i]) != 0)
        return FALSE;
    }
  return values[i] == NULL;
}

static void
change_clear (gpointer data)
{
  FcSyncChange *change = data;

  g_free (change->before);
  g_free (change->after);
}

static char *
dup_value (const char *value)
{
  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

/* The record of the write to @side, made on the first field written */
static FcRecord *
ensure_write (FcSyncJob  *job,
              FcSyncItem *item,
              FcSyncSide  side)
{
  if (item->writes[side] == NULL)
    {
      item->writes[side] = fc_record_new (job->objects[side], item->ids[side]);
      item->changes[side] = g_array_sized_new (FALSE, FALSE, sizeof (FcSyncChange), 8);
      g_array_set_clear_func (item->changes[side], change_clear);
    }
  return item->writes[side];
}

/* A field written again keeps its place with its new values, as a JSON member would. */
static void
note_change (FcSyncItem *item,
             FcSyncSide  side,
             const char *field,
             const char *before,
             const char *after)
{
  GArray *changes = item->changes[side];
  FcSyncChange change = { field, dup_value (before), dup_value (after) };

  for (guint i = 0; i < changes->len; i++)
    if (strcmp (g_array_index (changes, FcSyncChange, i).field, field) == 0)
      {
        change_clear (&g_array_index (changes, FcSyncChange, i));
        g_array_index (changes, FcSyncChange, i) = change;
        return;
      }
  g_array_append_val (changes, change);
}

static gboolean
same_value (const char *a,
            const char *b)
{
  return g_strcmp0 (a != NULL && *a != '\0' ? a : NULL, b != NULL && *b != '\0' ? b : NULL) == 0;
}

/* Adds the pair's @after values to the write of @side, noting what they replace. A pair of
 * several fields is written whole, but a field that keeps its value is not noted as changed
 * (the plan and the log show what changes). */
static void
add_write (FcSyncJob          *job,
           FcSyncItem         *item,
           FcSyncSide          side,
           FcSyncPair         *pair,
           const char * const *before,
           const char * const *after)
{
  const char * const *fields = pair->fields[side];
  FcRecord *write = ensure_write (job, item, side);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *value = after[i];

      if (value == NULL || *value == '\0')
        fc_record_set_field (write, fields[i], NULL);
      else
        fc_record_set_string (write, fields[i], value);
      if (before == NULL || fields[1] == NULL || !same_value (before[i], value))
        note_change (item, side, fields[i], before != NULL ? before[i] : NULL, value);
    }
}

void
_fc_sync_item_add_external_id (FcSyncJob  *job,
                               FcSyncItem *item,
                               FcSyncSide  side,
                               const char *counterpart_id)
{
  const char *field = job->external_fields[side];
  g_autofree char *current = NULL;

  if (field == NULL || counterpart_id == NULL || *counterpart_id == '\0')
    return;
  current = item->records[side] != NULL ? fc_record_dup_string (item->records[side], field)
                                        : NULL;
  if (g_strcmp0 (current, counterpart_id) == 0)
    return;

  fc_record_set_string (ensure_write (job, item, side), field, counterpart_id);
  note_change (item, side, field, current, counterpart_id);
}

static void
note (FcSyncItem *item,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
note (FcSyncItem *item,
      const char *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  if (item->message == NULL)
    item->message = g_steal_pointer (&text);
  else
    {
      char *joined = g_strconcat (item->message, "; ", text, NULL);

      g_free (item->message);
      item->message = joined;
    }
}

/* Target values compared as the merge compares them: through the chain's normalisation when
 * the chain writes the target. */
static gboolean
target_equal (FcSyncPair         *pair,
              const char * const *a,
              const char * const *b)
{
  if (!pair->to_target)
    return fc_merge_values_equal (a, b);

  for (guint i = 0; pair->fields[FC_SYNC_SIDE_TARGET][i] != NULL; i++)
    if (!fc_transform_chain_values_equal (pair->chain, a != NULL ? a[i] : NULL,
                                          b != NULL ? b[i] : NULL))
      return FALSE;
  return TRUE;
}

/* The user decided: the values both sides must end with are the chosen side's current values
 * (taken now, so a later edit of the winning side is what wins) or the user's own; each side
 * that does not hold them is written. */
static FcSyncOutcome *
resolve_pair (FcSyncPair         *pair,
              FcSyncResolution   *resolution,
              GStrv               values[2])
{
  FcSyncOutcome *outcome = g_new0 (FcSyncOutcome, 1);
  guint n_source = g_strv_length ((char **) pair->fields[FC_SYNC_SIDE_SOURCE]);
  guint n_target = g_strv_length ((char **) pair->fields[FC_SYNC_SIDE_TARGET]);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) source = NULL;
  g_auto (GStrv) target = NULL;

  outcome->pair = pair;
  outcome->resolution_id = resolution->conflict_id;

  if (g_strcmp0 (resolution->take, "source") == 0)
    {
      source = g_strdupv (values[FC_SYNC_SIDE_SOURCE]);
      target = fc_transform_chain_apply (pair->chain, (const char * const *) source, n_source,
                                         &error);
    }
  else if (g_strcmp0 (resolution->take, "target") == 0)
    {
      target = g_strdupv (values[FC_SYNC_SIDE_TARGET]);
      source = fc_transform_chain_apply_reverse_full (pair->chain, (const char * const *) target,
                                                      n_target, n_source, &error);
    }
  else
    {
      source = g_strdupv (resolution->source_values);
      target = g_strdupv (resolution->target_values);
      if (source == NULL || target == NULL)
        g_set_error (&error, FC_SYNC_ERROR, FC_SYNC_ERROR_INVALID_VALUE,
                     _("the resolution has no values"));
    }

  if (error != NULL)
    {
      outcome->action = FC_MERGE_SKIP;
      outcome->reason = g_strdup_printf (_("The resolution of conflict %lld"
                                           " cannot be written: %s"),
                                         (long long) resolution->conflict_id, error->message);
      return outcome;
    }

  outcome->action = FC_MERGE_NOTHING;
  outcome->writes[FC_SYNC_SIDE_SOURCE] =
    !fc_merge_values_equal ((const char * const *) source,
                            (const char * const *) values[FC_SYNC_SIDE_SOURCE]);
  outcome->writes[FC_SYNC_SIDE_TARGET] =
    !target_equal (pair, (const char * const *) target,
                   (const char * const *) values[FC_SYNC_SIDE_TARGET]);
  outcome->new_base[FC_SYNC_SIDE_SOURCE] = g_steal_pointer (&source);
  outcome->new_base[FC_SYNC_SIDE_TARGET] = g_steal_pointer (&target);
  outcome->reason = g_strdup_printf (_("Conflict %lld resolved by the user"),
                                     (long long) resolution->conflict_id);
  return outcome;
}

static FcSyncResolution *
find_resolution (GPtrArray  *resolutions,
                 const char *pair_key)
{
  for (guint i = 0; resolutions != NULL && i < resolutions->len; i++)
    {
      FcSyncResolution *resolution = g_ptr_array_index (resolutions, i);

      if (g_strcmp0 (resolution->pair_key, pair_key) == 0)
        return resolution;
    }
  return NULL;
}

/* An update whose answer never came may still have landed (fc-sync-write.c stored the base it
 * was to set), so the stored base is no longer to be trusted. The pending base is the one to
 * merge against when the side written no longer holds the stored base and either
 *
 * - holds exactly the values written: the write did land; or
 * - holds something else while the other side still holds what the write was made from: the
 *   write landed and the user edited the side since (that edit must win, not be mistaken for
 *   a conflict with the engine's own write), or it did not land and the user's edit meets the
 *   other side's change, a true conflict either outcome of which is the user's value or the
 *   other side's. Taking the pending base keeps the user's later edit in both cases.
 *
 * Not when that something else is what the side held when the update was planned (kept
 * beside the pending base): the update did not land and nobody edited the side since. That
 * value is the side's own change the update was to overwrite (the other side had won it), not
 * an edit made after; taking the pending base would make it look like the latest change and
 * write it over the other side's newer one. The stored base stays and the merge decides again.
 *
 * The second case needs a stored base: only a side that moved away from it has been edited.
 * Without one (a link stored by a run that ended before its bases, or records matched while
 * they differed) a side holding something else most likely holds what it held before the
 * write, which never landed; taking the pending base would make that old value look like the
 * user's latest change and write it back over the edit the write was carrying. The merge then
 * goes without a base, as for a new link.
 *
 * A side that still holds the stored base keeps it: the write did not land, and it is made
 * again. *@out_adopted is set when the pending base is taken. */
static gboolean
adopt_pending_base (FcSyncJob   *job,
                    FcSyncItem  *item,
                    FcSyncPair  *pair,
                    GStrv        values[2],
                    GStrv       *base_source,
                    GStrv       *base_target,
                    gboolean    *out_adopted,
                    GError     **error)
{
  *out_adopted = FALSE;
  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    {
      g_auto (GStrv) pending_source = NULL;
      g_auto (GStrv) pending_target = NULL;
      g_auto (GStrv) before = NULL;
      g_auto (GStrv) before_copy = NULL;
      GStrv base = side == FC_SYNC_SIDE_SOURCE ? *base_source : *base_target;
      GStrv written;
      GStrv made_from;

      if (!fc_sync_store_get_base (job->store, item->link_id, pair->pending_keys[side],
                                   &pending_source, &pending_target, error))
        {
          if (error != NULL && *error != NULL)
            return FALSE;
          continue;
        }
      written = side == FC_SYNC_SIDE_SOURCE ? pending_source : pending_target;
      made_from = side == FC_SYNC_SIDE_SOURCE ? pending_target : pending_source;
      if (values[side] == NULL || written == NULL || made_from == NULL ||
          (base != NULL && g_strv_equal ((const char * const *) values[side],
                                         (const char * const *) base)))
        continue;
      if (!g_strv_equal ((const char * const *) values[side], (const char * const *) written) &&
          (base == NULL || values[!side] == NULL ||
           !g_strv_equal ((const char * const *) values[!side], (const char * const *) made_from)))
        continue;
      if (!g_strv_equal ((const char * const *) values[side], (const char * const *) written))
        {
          if (!fc_sync_store_get_base (job->store, item->link_id, pair->before_keys[side],
                                       &before, &before_copy, error) &&
              error != NULL && *error != NULL)
            return FALSE;
          if (before != NULL &&
              g_strv_equal ((const char * const *) values[side], (const char * const *) before))
            continue;
        }

      g_debug ("Link %" G_GINT64_FORMAT ", %s: merging against the base an unconfirmed update "
               "of the %s was to set", item->link_id, pair->key, fc_sync_side_to_string (side));
      g_strfreev (*base_source);
      g_strfreev (*base_target);
      *base_source = g_steal_pointer (&pending_source);
      *base_target = g_steal_pointer (&pending_target);
      *out_adopted = TRUE;
      return TRUE;
    }
  return TRUE;
}

static FcSyncOutcome *
merge_pair (FcSyncJob   *job,
            FcSyncItem  *item,
            FcSyncPair  *pair,
            GStrv        values[2],
            GError     **error)
{
  g_auto (GStrv) base_source = NULL;
  g_auto (GStrv) base_target = NULL;
  g_autoptr (FcMergeResult) merged = NULL;
  FcSyncOutcome *outcome;
  FcMergeInput input = { 0 };
  gboolean adopted = FALSE;

  if (item->link_id != 0 &&
      !fc_sync_store_get_base (job->store, item->link_id, pair->key, &base_source, &base_target,
                               error) &&
      error != NULL && *error != NULL)
    return NULL;
  if (item->link_id != 0 &&
      !adopt_pending_base (job, item, pair, values, &base_source, &base_target, &adopted, error))
    return NULL;

  input.pair = pair->pair;
  input.chain = pair->chain;
  input.direction = fc_mapping_get_direction (job->mapping);
  input.strategy = fc_mapping_get_conflict_strategy (job->mapping);
  input.allow_clear = fc_field_pair_get_allow_clear (pair->pair);
  input.base_source = (const char * const *) base_source;
  input.base_target = (const char * const *) base_target;
  input.source = (const char * const *) values[FC_SYNC_SIDE_SOURCE];
  input.target = (const char * const *) values[FC_SYNC_SIDE_TARGET];
  input.source_modified_ms = item->records[FC_SYNC_SIDE_SOURCE] != NULL
    ? fc_record_get_modified_ms (item->records[FC_SYNC_SIDE_SOURCE]) : 0;
  input.target_modified_ms = item->records[FC_SYNC_SIDE_TARGET] != NULL
    ? fc_record_get_modified_ms (item->records[FC_SYNC_SIDE_TARGET]) : 0;
  merged = fc_merge_field_pair (&input);

  outcome = g_new0 (FcSyncOutcome, 1);
  outcome->pair = pair;
  outcome->action = merged->action;
  outcome->conflict = merged->conflict;
  outcome->winner = merged->winner;
  outcome->settled = merged->conflict && merged->action != FC_MERGE_CONFLICT;
  outcome->writes[FC_SYNC_SIDE_TARGET] = merged->action == FC_MERGE_WRITE_TARGET;
  outcome->writes[FC_SYNC_SIDE_SOURCE] = merged->action == FC_MERGE_WRITE_SOURCE;
  outcome->new_base[FC_SYNC_SIDE_SOURCE] = g_steal_pointer (&merged->new_base_source);
  outcome->new_base[FC_SYNC_SIDE_TARGET] = g_steal_pointer (&merged->new_base_target);
  outcome->reason = g_steal_pointer (&merged->reason);

  /* Both sides hold what the unconfirmed update set: it landed, and its base is the agreed one
   * now, stored as its confirmation would have stored it (which drops the pending bases). */
  if (adopted && merged->action == FC_MERGE_NOTHING && !merged->conflict &&
      outcome->new_base[FC_SYNC_SIDE_SOURCE] == NULL &&
      outcome->new_base[FC_SYNC_SIDE_TARGET] == NULL &&
      g_strv_equal ((const char * const *) values[FC_SYNC_SIDE_SOURCE],
                    (const char * const *) base_source) &&
      g_strv_equal ((const char * const *) values[FC_SYNC_SIDE_TARGET],
                    (const char * const *) base_target))
    {
      outcome->new_base[FC_SYNC_SIDE_SOURCE] = g_steal_pointer (&base_source);
      outcome->new_base[FC_SYNC_SIDE_TARGET] = g_steal_pointer (&base_target);
    }
  return outcome;
}

/* A linked record the provider reports deleted: the delete policy decides. Deletes are never
 * inferred from a record missing from a listing. */
static void
merge_deleted (FcSyncJob  *job,
               FcSyncItem *item,
               FcSyncSide  side)
{
  FcDeletePolicy policy = fc_mapping_get_delete_policy (job->mapping);
  gboolean flows = side == FC_SYNC_SIDE_SOURCE
                   ? fc_mapping_get_direction (job->mapping) != FC_DIRECTION_TARGET_TO_SOURCE
                   : fc_mapping_get_direction (job->mapping) != FC_DIRECTION_SOURCE_TO_TARGET;

  item->skipped = TRUE;
  if (!flows || policy == FC_DELETE_POLICY_IGNORE || item->ids[!side] == NULL)
    {
      note (item, _("The %s record %s was deleted; its counterpart is kept (delete policy %s)"),
            fc_sync_side_to_string (side), item->ids[side],
            fc_enum_to_nick (FC_TYPE_DELETE_POLICY, policy));
      return;
    }

  item->skipped = FALSE;
  item->delete_side[!side] = TRUE;
  note (item, _("The %s record %s was deleted; its counterpart is deleted too (delete policy "
                "%s)"), fc_sync_side_to_string (side), item->ids[side],
        fc_enum_to_nick (FC_TYPE_DELETE_POLICY, policy));
}

/* Whether a required pair leaves nothing of the record to write (see the file's comment):
 * then the item is skipped, saying why. */
static gboolean
skips_required (FcSyncItem  *item,
                FcSyncPair  *pair,
                GStrv        values[2])
{
  gboolean source_empty = fc_merge_values_empty ((const char * const *) values[0]);
  gboolean target_empty = fc_merge_values_empty ((const char * const *) values[1]);
  g_autofree char *fields = NULL;
  FcSyncSide side;

  if (!fc_field_pair_get_required (pair->pair))
    return FALSE;
  if (source_empty && target_empty)
    side = item->records[FC_SYNC_SIDE_SOURCE] != NULL ? FC_SYNC_SIDE_SOURCE
                                                      : FC_SYNC_SIDE_TARGET;
  else if (source_empty && item->records[FC_SYNC_SIDE_SOURCE] != NULL && !pair->to_source)
    side = FC_SYNC_SIDE_SOURCE;
  else if (target_empty && item->records[FC_SYNC_SIDE_TARGET] != NULL && !pair->to_target)
    side = FC_SYNC_SIDE_TARGET;
  else
    return FALSE;

  fields = g_strjoinv (", ", (char **) pair->fields[side]);
  item->skipped = TRUE;
  g_clear_pointer (&item->message, g_free);
  note (item, _("The required field %s is empty in %s record %s; nothing of the record is "
                "written"), fields, fc_sync_side_to_string (side), item->ids[side]);
  return TRUE;
}

static void
free_values (GStrv *values,
             guint  n)
{
  for (guint i = 0; i < n; i++)
    g_strfreev (values[i]);
  g_free (values);
}

gboolean
_fc_sync_merge_item (FcSyncJob   *job,
                     FcSyncItem  *item,
                     GError     **error)
{
  g_autoptr (GPtrArray) resolutions = NULL;
  guint n_pairs = job->pairs->len;
  GStrv *values;

  item->outcomes = g_ptr_array_new_full (n_pairs, (GDestroyNotify) _fc_sync_outcome_free);

  for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
    if (item->records[side] != NULL && fc_record_get_archived (item->records[side]))
      {
        merge_deleted (job, item, side);
        return TRUE;
      }

  if (item->link_id != 0 && (job->ahead == NULL || job->ahead->resolutions))
    {
      resolutions = fc_sync_store_list_resolutions (job->store, item->link_id, error);
      if (resolutions == NULL)
        return FALSE;
    }

  /* Each pair's values on both sides, read once: the outcomes take them */
  values = g_new (GStrv, 2 * n_pairs);
  for (guint i = 0; i < n_pairs; i++)
    {
      FcSyncPair *pair = g_ptr_array_index (job->pairs, i);

      for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
        values[2 * i + side] = _fc_sync_record_values (item->records[side], pair->fields[side]);
    }

  /* A required pair empty on both sides, or empty in a record the pair cannot write (the
   * source of a one-way mapping, say): nothing of the record is written. */
  for (guint i = 0; i < n_pairs; i++)
    if (skips_required (item, g_ptr_array_index (job->pairs, i), &values[2 * i]))
      {
        free_values (values, 2 * n_pairs);
        return TRUE;
      }

  for (guint i = 0; i < n_pairs; i++)
    {
      FcSyncPair *pair = g_ptr_array_index (job->pairs, i);
      FcSyncResolution *resolution = find_resolution (resolutions, pair->key);
      GStrv *pair_values = &values[2 * i];
      FcSyncOutcome *outcome;

      if (resolution != NULL)
        outcome = resolve_pair (pair, resolution, pair_values);
      else
        outcome = merge_pair (job, item, pair, pair_values, error);
      if (outcome == NULL)
        {
          free_values (values, 2 * n_pairs);
          return FALSE;
        }
      outcome->values[0] = g_steal_pointer (&pair_values[0]);
      outcome->values[1] = g_steal_pointer (&pair_values[1]);
      g_ptr_array_add (item->outcomes, outcome);

      for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
        if (outcome->writes[side])
          add_write (job, item, side, pair, (const char * const *) outcome->values[side],
                     (const char * const *) outcome->new_base[side]);

      if (outcome->conflict)
        job->result->counts.conflicts++;
      if (outcome->action == FC_MERGE_SKIP)
        {
          g_autofree char *label = fc_field_pair_dup_label (pair->pair);

          note (item, _("%s not written: %s"), label, outcome->reason);
        }
    }
  free_values (values, 2 * n_pairs);

  if (item->create && item->writes[!item->origin] == NULL)
    {
      item->skipped = TRUE;
      note (item, _("No field of the record maps to the %s, so no %s record is created"),
            fc_sync_side_to_string (!item->origin), fc_sync_side_to_string (!item->origin));
      return TRUE;
    }

  /* External ID storage: the record created carries its origin's id; the origin gets the new
   * id once the create is confirmed (fc-sync-write.c). Linked records get what they lack. */
  if (item->create)
    _fc_sync_item_add_external_id (job, item, !item->origin, item->ids[item->origin]);
  else if (item->ids[FC_SYNC_SIDE_SOURCE] != NULL && item->ids[FC_SYNC_SIDE_TARGET] != NULL)
    for (FcSyncSide side = FC_SYNC_SIDE_SOURCE; side <= FC_SYNC_SIDE_TARGET; side++)
      _fc_sync_item_add_external_id (job, item, side, item->ids[!side]);

  return TRUE;
}

static JsonNode *
value_node (const char *value)
{
  JsonNode *node = json_node_alloc ();

  return value != NULL ? json_node_init_string (node, value) : json_node_init_null (node);
}

JsonObject *
_fc_sync_item_dup_changes (FcSyncItem *item,
                           FcSyncSide  side)
{
  JsonObject *fields;

  if (item->changes[side] == NULL)
    return NULL;
  fields = json_object_new ();
  for (guint i = 0; i < item->changes[side]->len; i++)
    {
      FcSyncChange *change = &g_array_index (item->changes[side], FcSyncChange, i);
      JsonObject *values = json_object_new ();

      json_object_set_member (values, "before", value_node (change->before));
      json_object_set_member (values, "after", value_node (change->after));
      json_object_set_object_member (fields, change->field, values);
    }
  return fields;
}

static void
append_json_value (GString    *out,
                   const char *value)
{
  if (value != NULL)
    _fc_json_text_append_string (out, value);
  else
    g_string_append (out, "null");
}

static void
append_changes (GString *out,
                GArray  *changes)
{
  g_string_append (out, "\"fields\":{");
  for (guint i = 0; i < changes->len; i++)
    {
      FcSyncChange *change = &g_array_index (changes, FcSyncChange, i);

      if (i > 0)
        g_string_append_c (out, ',');
      _fc_json_text_append_string (out, change->field);
      g_string_append (out, ":{\"before\":");
      append_json_value (out, change->before);
      g_string_append (out, ",\"after\":");
      append_json_value (out, change->after);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
}

/* "conflicts": [...] after a comma when @out has members, or nothing without conflicts */
static void
append_conflicts (GString   *out,
                  GPtrArray *outcomes)
{
  gboolean first = TRUE;

  for (guint i = 0; outcomes != NULL && i < outcomes->len; i++)
    {
      FcSyncOutcome *outcome = g_ptr_array_index (outcomes, i);

      if (!outcome->conflict)
        continue;
      if (first)
        g_string_append (out, out->len > 1 ? ",\"conflicts\":[" : "\"conflicts\":[");
      else
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append (out, "{\"pair\":");
      append_json_value (out, outcome->pair->key);
      g_string_append (out, ",\"reason\":");
      append_json_value (out, outcome->reason);
      g_string_append (out, ",\"winner\":");
      g_string_append (out, outcome->winner == FC_MERGE_WINNER_SOURCE ? "\"source\""
                            : outcome->winner == FC_MERGE_WINNER_TARGET ? "\"target\""
                            : "\"none\"");
      g_string_append_c (out, '}');
    }
  if (!first)
    g_string_append_c (out, ']');
}

/* Written as text at once, as _fc_sync_store_json_text () would write the object: one for
 * each record written, where building the object cost more than the rest of the event. */
char *
_fc_sync_item_details (FcSyncItem *item,
                       FcSyncSide  side)
{
  GString *out = g_string_sized_new (256);

  g_string_append_c (out, '{');
  if (item->changes[side] != NULL)
    append_changes (out, item->changes[side]);
  append_conflicts (out, item->outcomes);
  if (item->error_details != NULL)
    {
      g_string_append (out, out->len > 1 ? ",\"error\":" : "\"error\":");
      _fc_sync_store_append_json (out, item->error_details);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

char *
_fc_sync_item_summary (FcSyncItem *item,
                       FcSyncSide  side)
{
  g_autoptr (GString) text = g_string_new (NULL);

  /* Every pair of a new record "changed"; that it is new says it once. */
  if (item->create)
    g_string_append (text, side == FC_SYNC_SIDE_TARGET
                           ? _("New in the source, with no match in the target")
                           : _("New in the target, with no match in the source"));

  for (guint i = 0; !item->create && item->outcomes != NULL && i < item->outcomes->len; i++)
    {
      FcSyncOutcome *outcome = g_ptr_array_index (item->outcomes, i);

      if (!outcome->writes[side] || outcome->reason == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, outcome->pair->key);
      g_string_append (text, ": ");
      g_string_append (text, outcome->reason);
    }
  if (item->message != NULL)
    {
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, item->message);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}
