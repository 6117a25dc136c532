/* fc-mapping-editor-load.c: what the mapping editor reads from the providers, and what it makes
 * of it: object types, field catalogues, suggested pairs and the live preview
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything goes through the connectors of the engine (one per connection, sharing its rate
 * limiter). Each read has a cancellable of its own; a newer read of the same thing cancels the
 * older, and closing the editor cancels them all. The preview is the first record of the side
 * the values come from (the source, or the target of a target-to-source mapping), with each
 * pair's transform applied to it as the sync would.
 */

#define G_LOG_DOMAIN "fc-mapping-editor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-field-pair-row.h"
#include "fc-mapping-editor-private.h"
#include "fc-transform.h"

/* How many suggestions are shown at most. */
#define MAX_SUGGESTIONS 12

typedef struct
{
  FcMappingEditor *self;
  FcSyncSide       side;
} Load;

static Load *
load_new (FcMappingEditor *self,
          FcSyncSide       side)
{
  Load *load = g_new0 (Load, 1);

  load->self = g_object_ref (self);
  load->side = side;
  _fc_mapping_editor_set_busy (self, TRUE);
  return load;
}

static void
load_free (Load *load)
{
  _fc_mapping_editor_set_busy (load->self, FALSE);
  g_object_unref (load->self);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

static void
restart (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
}

static const char *
get_connection_id (FcMappingEditor *self,
                   FcSyncSide       side)
{
  return side == FC_SYNC_SIDE_SOURCE ? fc_mapping_get_source_connection_id (self->mapping)
                                     : fc_mapping_get_target_connection_id (self->mapping);
}

static const char *
get_object (FcMappingEditor *self,
            FcSyncSide       side)
{
  return side == FC_SYNC_SIDE_SOURCE ? fc_mapping_get_source_object (self->mapping)
                                     : fc_mapping_get_target_object (self->mapping);
}

static FcConnector *
get_connector (FcMappingEditor  *self,
               FcSyncSide        side,
               GError          **error)
{
  const char *id = get_connection_id (self, side);
  FcConnection *connection = id != NULL ? fc_engine_lookup_connection (self->engine, id) : NULL;

  if (connection == NULL)
    {
      g_set_error (error, FC_ENGINE_ERROR, FC_ENGINE_ERROR_NOT_FOUND,
                   _("No connection is chosen for the %s"),
                   side == FC_SYNC_SIDE_SOURCE ? _("source") : _("target"));
      return NULL;
    }

  return fc_engine_get_connector (self->engine, connection, error);
}

static void
show_load_error (FcMappingEditor *self,
                 AdwComboRow     *row,
                 const char      *message)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Object types */

static void
on_object_types_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (Load) load = user_data;
  FcMappingEditor *self = load->self;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) types = NULL;
  GtkStringList *objects;
  AdwComboRow *row;
  const char *wanted;
  guint position = 0;
  guint n;

  types = fc_connector_list_object_types_finish (FC_CONNECTOR (source), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  row = _fc_mapping_editor_get_object_row (self, load->side);
  show_load_error (self, row, error != NULL ? error->message : NULL);
  objects = self->sides[load->side].objects;
  wanted = get_object (self, load->side);

  self->updating = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (objects));
  gtk_string_list_splice (objects, 0, n, (const char * const *) types);
  /* An object the connector no longer lists stays, so that the mapping is shown as it is. */
  if (wanted != NULL && (types == NULL || !g_strv_contains ((const char * const *) types,
                                                            wanted)))
    gtk_string_list_append (objects, wanted);

  n = g_list_model_get_n_items (G_LIST_MODEL (objects));
  for (guint i = 0; wanted != NULL && i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (objects, i), wanted) == 0)
      position = i;
  adw_combo_row_set_selected (row, n > 0 ? position : GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;

  _fc_mapping_editor_select_object (self, load->side);
}

void
_fc_mapping_editor_load_objects (FcMappingEditor *self,
                                 FcSyncSide       side)
{
  FcMappingEditorSide *state = &self->sides[side];
  g_autoptr (GError) error = NULL;
  FcConnector *connector;

  restart (&state->objects_load);
  g_clear_object (&state->catalogue);
  _fc_mapping_editor_catalogues_changed (self);

  connector = get_connector (self, side, &error);
  if (connector == NULL)
    {
      show_load_error (self, _fc_mapping_editor_get_object_row (self, side),
                       self->connection_ids->len > 0 ? error->message
                                                     : _("Add a connection first"));
      return;
    }

  fc_connector_list_object_types_async (connector, state->objects_load, on_object_types_cb,
                                        load_new (self, side));
}

/* Field catalogues */

static FcSyncSide
get_sample_side (FcMappingEditor *self)
{
  return fc_mapping_get_direction (self->mapping) == FC_DIRECTION_TARGET_TO_SOURCE
         ? FC_SYNC_SIDE_TARGET : FC_SYNC_SIDE_SOURCE;
}

static void
on_fields_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (Load) load = user_data;
  FcMappingEditor *self = load->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) fields = NULL;

  fields = fc_connector_list_fields_finish (FC_CONNECTOR (source), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  show_load_error (self, _fc_mapping_editor_get_object_row (self, load->side),
                   error != NULL ? error->message : NULL);
  g_set_object (&self->sides[load->side].catalogue, fields);
  _fc_mapping_editor_catalogues_changed (self);

  if (load->side == get_sample_side (self))
    _fc_mapping_editor_load_sample (self);
}

void
_fc_mapping_editor_load_fields (FcMappingEditor *self,
                                FcSyncSide       side)
{
  FcMappingEditorSide *state = &self->sides[side];
  g_autoptr (GError) error = NULL;
  FcConnector *connector;
  const char *object = get_object (self, side);

  restart (&state->fields_load);
  g_clear_object (&state->catalogue);
  _fc_mapping_editor_catalogues_changed (self);

  if (object == NULL)
    return;
  connector = get_connector (self, side, &error);
  if (connector == NULL)
    return;

  fc_connector_list_fields_async (connector, object, state->fields_load, on_fields_cb,
                                  load_new (self, side));
}

/* The sample record */

static void
on_sample_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (Load) load = user_data;
  FcMappingEditor *self = load->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (FcRecordPage) page = NULL;
  GPtrArray *records;

  page = fc_connector_list_changed_finish (FC_CONNECTOR (source), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->sample);
  g_clear_pointer (&self->sample_error, g_free);
  records = page != NULL ? fc_record_page_get_records (page) : NULL;
  if (error != NULL)
    self->sample_error = g_strdup (error->message);
  else if (records->len == 0)
    self->sample_error = g_strdup (_("No record to preview: the object has none yet"));
  else
    self->sample = g_object_ref (g_ptr_array_index (records, 0));

  _fc_mapping_editor_update_preview (self);
}

void
_fc_mapping_editor_load_sample (FcMappingEditor *self)
{
  FcSyncSide side = get_sample_side (self);
  g_autoptr (GError) error = NULL;
  FcConnector *connector;
  const char *object = get_object (self, side);

  restart (&self->sample_load);
  g_clear_object (&self->sample);
  g_clear_pointer (&self->sample_error, g_free);
  _fc_mapping_editor_update_preview (self);

  if (object == NULL)
    return;
  connector = get_connector (self, side, &error);
  if (connector == NULL)
    return;

  /* The first page of all records, with every field (any may be mapped); its first record is
   * the sample. */
  fc_connector_list_changed_async (connector, object, NULL, NULL, NULL, self->sample_load,
                                   on_sample_cb, load_new (self, side));
}

/* The preview */

static char *
describe_values (const char * const *fields,
                 const char * const *values)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *value = values != NULL ? values[i] : NULL;

      if (i > 0)
        g_string_append (text, ", ");
      /* Translators: a field and its value in the preview, as in email “ann@example.com” */
      g_string_append_printf (text, _("%s “%s”"), fields[i],
                              value != NULL ? value : "");
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "email “Ann@Example.com” → email “ann@example.com”", or why not. */
static char *
preview_pair (FcMappingEditor  *self,
              FcFieldPair      *pair,
              gboolean         *is_error)
{
  FcDirection direction = fc_mapping_get_direction (self->mapping);
  FcSyncSide side = get_sample_side (self);
  const char * const *in_fields;
  const char * const *out_fields;
  g_autoptr (FcTransformChain) chain = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) outputs = NULL;
  g_autofree char *in_text = NULL;
  g_autofree char *out_text = NULL;
  guint n_in;

  *is_error = FALSE;
  in_fields = side == FC_SYNC_SIDE_SOURCE ? fc_field_pair_get_source_fields (pair)
                                          : fc_field_pair_get_target_fields (pair);
  out_fields = side == FC_SYNC_SIDE_SOURCE ? fc_field_pair_get_target_fields (pair)
                                           : fc_field_pair_get_source_fields (pair);
  n_in = g_strv_length ((char **) in_fields);
  if (n_in == 0 || out_fields[0] == NULL)
    return NULL;

  if (side == FC_SYNC_SIDE_SOURCE && !fc_field_pair_flows_to_target (pair, direction))
    return g_strdup (_("Flows from the target only: no preview from the source record"));

  for (guint i = 0; i < n_in; i++)
    {
      char *value = fc_record_dup_string (self->sample, in_fields[i]);

      g_ptr_array_add (inputs, value != NULL ? value : g_strdup (""));
    }
  g_ptr_array_add (inputs, NULL);
  in_text = describe_values (in_fields, (const char * const *) inputs->pdata);

  chain = fc_transform_chain_parse (fc_field_pair_get_transform (pair), &error);
  if (chain != NULL)
    outputs = fc_transform_chain_apply (chain, (const char * const *) inputs->pdata, n_in,
                                        &error);
  if (outputs == NULL)
    {
      *is_error = TRUE;
      /* Translators: the sample's values, then the transform's error */
      return g_strdup_printf (_("%s → error: %s"), in_text, error->message);
    }
  if (g_strv_length (outputs) != g_strv_length ((char **) out_fields))
    {
      *is_error = TRUE;
      /* Translators: the sample's values, then how many values the transform gave */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s → %u value, not one per field",
                                           "%s → %u values, not one per field",
                                           g_strv_length (outputs)),
                              in_text, g_strv_length (outputs));
    }

  out_text = describe_values (out_fields, (const char * const *) outputs);
  /* Translators: the sample's values before and after the pair's transform */
  return g_strdup_printf (_("%s → %s"), in_text, out_text);
}

void
_fc_mapping_editor_update_preview (FcMappingEditor *self)
{
  guint n = fc_mapping_get_n_field_pairs (self->mapping);
  g_autofree char *description = NULL;

  if (self->disposed)
    return;

  if (self->sample != NULL)
    /* Translators: %s is a record's id at the provider */
    description = g_strdup_printf (_("Preview of record %s"), fc_record_get_id (self->sample));
  else if (self->sample_error != NULL)
    description = g_strdup (self->sample_error);
  adw_preferences_group_set_description (self->pairs_group, description);

  for (guint i = 0; i < n; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->pairs_list, i);
      g_autofree char *text = NULL;
      gboolean is_error = FALSE;

      if (!FC_IS_FIELD_PAIR_ROW (row))
        continue;
      if (self->sample != NULL)
        text = preview_pair (self, fc_mapping_get_field_pair (self->mapping, i), &is_error);
      fc_field_pair_row_set_preview (FC_FIELD_PAIR_ROW (row), text, is_error);
    }
}

/* Suggestions */

/* "First_Name" and "firstname" are the same name. */
static char *
normalise_name (const char *name)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *folded = NULL;

  if (name == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (name, -1);
  for (const char *p = folded; *p != '\0'; p++)
    if (*p != '_' && *p != '-' && *p != ' ' && *p != '.')
      g_string_append_c (out, *p);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Types of different providers that hold the same kind of value. */
static const char *
type_family (const char *type)
{
  static const struct {
    const char *family;
    const char *types[12];
  } families[] = {
    { "number", { "number", "int", "integer", "double", "decimal", "currency", "monetary",
                  "percent", "float", NULL } },
    { "date", { "date", "datetime", "time", "daterange", "timestamp", NULL } },
    { "bool", { "bool", "boolean", "checkbox", NULL } },
  };

  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (families); i++)
    for (guint j = 0; families[i].types[j] != NULL; j++)
      if (g_ascii_strcasecmp (type, families[i].types[j]) == 0)
        return families[i].family;

  return "text";
}

static gboolean
field_is_used (FcMappingEditor *self,
               FcSyncSide       side,
               const char      *name)
{
  guint n = fc_mapping_get_n_field_pairs (self->mapping);

  for (guint i = 0; i < n; i++)
    {
      FcFieldPair *pair = fc_mapping_get_field_pair (self->mapping, i);
      const char * const *fields = side == FC_SYNC_SIDE_SOURCE
                                   ? fc_field_pair_get_source_fields (pair)
                                   : fc_field_pair_get_target_fields (pair);

      if (g_strv_contains (fields, name))
        return TRUE;
    }

  return FALSE;
}

static char *
dup_suggestion_key (FcFieldPair *pair)
{
  return g_strconcat (fc_field_pair_get_source_fields (pair)[0], "=",
                      fc_field_pair_get_target_fields (pair)[0], NULL);
}

static void
on_suggestion_answered_cb (GtkButton       *button,
                           FcMappingEditor *self)
{
  FcFieldPair *pair = g_object_get_data (G_OBJECT (button), "pair");
  gboolean accept = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "accept"));
  guint index;

  if (g_ptr_array_find (self->suggestions, pair, &index))
    fc_mapping_editor_answer_suggestion (self, index, accept);
}

static GtkWidget *
create_answer_button (FcMappingEditor *self,
                      FcFieldPair     *pair,
                      gboolean         accept,
                      const char      *pair_label)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (accept ? _("_Accept") : _("_Reject"));
  g_autofree char *accessible = NULL;

  accessible = g_strdup_printf (accept ? _("Accept %s") : _("Reject %s"), pair_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (accept)
    gtk_widget_add_css_class (button, "suggested-action");
  else
    gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "pair", g_object_ref (pair), g_object_unref);
  g_object_set_data (G_OBJECT (button), "accept", GINT_TO_POINTER (accept));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_suggestion_answered_cb), self, 0);
  return button;
}

static GtkWidget *
create_suggestion_row (FcMappingEditor *self,
                       FcFieldPair     *pair,
                       FcFieldInfo     *source,
                       FcFieldInfo     *target)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: two fields' labels, as in "Email → Email" */
  title = g_strdup_printf (_("%s → %s"), fc_field_info_get_label (source),
                           fc_field_info_get_label (target));
  /* Translators: two fields' names and types, as in "email (string) → email (varchar)" */
  subtitle = g_strdup_printf (_("%s (%s) → %s (%s)"),
                              fc_field_info_get_name (source),
                              fc_field_info_get_field_type (source),
                              fc_field_info_get_name (target),
                              fc_field_info_get_field_type (target));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_answer_button (self, pair, FALSE, title));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_answer_button (self, pair, TRUE, title));
  return row;
}

static FcFieldInfo *
find_counterpart (FcMappingEditor *self,
                  FcFieldInfo     *source)
{
  GListModel *targets = self->sides[FC_SYNC_SIDE_TARGET].catalogue;
  g_autofree char *name = normalise_name (fc_field_info_get_name (source));
  g_autofree char *label = normalise_name (fc_field_info_get_label (source));
  const char *family = type_family (fc_field_info_get_field_type (source));
  FcFieldInfo *by_label = NULL;
  guint n = g_list_model_get_n_items (targets);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcFieldInfo) target = g_list_model_get_item (targets, i);
      g_autofree char *target_name = normalise_name (fc_field_info_get_name (target));
      g_autofree char *target_label = normalise_name (fc_field_info_get_label (target));

      if (g_strcmp0 (type_family (fc_field_info_get_field_type (target)), family) != 0 ||
          fc_field_info_get_read_only (target) ||
          field_is_used (self, FC_SYNC_SIDE_TARGET, fc_field_info_get_name (target)))
        continue;

      if (g_str_equal (name, target_name))
        return target;
      if (by_label == NULL && *label != '\0' && g_str_equal (label, target_label))
        by_label = target;
    }

  return by_label;
}

void
_fc_mapping_editor_update_suggestions (FcMappingEditor *self)
{
  GListModel *sources = self->sides[FC_SYNC_SIDE_SOURCE].catalogue;
  GtkWidget *child;
  guint n;

  if (self->disposed)
    return;

  g_ptr_array_set_size (self->suggestions, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_list))) != NULL)
    gtk_list_box_remove (self->suggestions_list, child);

  n = sources != NULL && self->sides[FC_SYNC_SIDE_TARGET].catalogue != NULL
      ? g_list_model_get_n_items (sources) : 0;
  for (guint i = 0; i < n && self->suggestions->len < MAX_SUGGESTIONS; i++)
    {
      g_autoptr (FcFieldInfo) source = g_list_model_get_item (sources, i);
      g_autoptr (FcFieldPair) pair = NULL;
      g_autofree char *key = NULL;
      FcFieldInfo *target;

      if (field_is_used (self, FC_SYNC_SIDE_SOURCE, fc_field_info_get_name (source)))
        continue;
      target = find_counterpart (self, source);
      if (target == NULL)
        continue;

      pair = fc_field_pair_new_simple (fc_field_info_get_name (source),
                                       fc_field_info_get_name (target));
      key = dup_suggestion_key (pair);
      if (g_hash_table_contains (self->rejected, key))
        continue;

      gtk_list_box_append (self->suggestions_list,
                           create_suggestion_row (self, pair, source, target));
      g_ptr_array_add (self->suggestions, g_steal_pointer (&pair));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_group), self->suggestions->len > 0);
}

void
fc_mapping_editor_answer_suggestion (FcMappingEditor *self,
                                     guint            index,
                                     gboolean         accept)
{
  g_autoptr (FcFieldPair) pair = NULL;

  g_return_if_fail (FC_IS_MAPPING_EDITOR (self));
  g_return_if_fail (index < self->suggestions->len);

  pair = g_object_ref (g_ptr_array_index (self->suggestions, index));
  if (accept)
    {
      self->modified = TRUE;
      /* The pairs' model tells the editor, which suggests again. */
      fc_mapping_add_field_pair (self->mapping, pair);
    }
  else
    {
      g_hash_table_add (self->rejected, dup_suggestion_key (pair));
      _fc_mapping_editor_update_suggestions (self);
    }
}
