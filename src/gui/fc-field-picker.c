/* fc-field-picker.c: a button that picks one or more fields from a provider's field catalogue
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The button shows the chosen fields' labels; its popover searches the catalogue (label, name
 * and type) in a GtkListView. Activating a field picks it; with "Combine several fields" on, it
 * is added to (or taken out of) the fields already picked. A name typed in the search entry that
 * the catalogue does not hold can be taken with Enter, for catalogues that could not be read.
 */

#define G_LOG_DOMAIN "fc-field-picker"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-field-picker.h"

struct _FcFieldPicker
{
  GtkWidget          parent_instance;

  GListModel        *catalogue;
  GStrv              fields;
  gboolean           multiple;
  char              *search_folded;

  GtkMenuButton     *button;
  GtkLabel          *button_label;
  GtkPopover        *popover;
  GtkSearchEntry    *search_entry;
  GtkCheckButton    *combine_check;
  GtkListView       *list_view;
  GtkCustomFilter   *filter;
  GtkFilterListModel *matches;
};

G_DEFINE_FINAL_TYPE (FcFieldPicker, fc_field_picker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FIELDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
contains_folded (const char *haystack,
                 const char *needle_folded)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle_folded) != NULL;
}

static gboolean
match_field (gpointer item,
             gpointer user_data)
{
  FcFieldPicker *self = user_data;
  FcFieldInfo *info = FC_FIELD_INFO (item);

  if (self->search_folded == NULL || *self->search_folded == '\0')
    return TRUE;

  return contains_folded (fc_field_info_get_label (info), self->search_folded) ||
         contains_folded (fc_field_info_get_name (info), self->search_folded) ||
         contains_folded (fc_field_info_get_field_type (info), self->search_folded);
}

static void
update_button (FcFieldPicker *self)
{
  g_autoptr (GString) label = g_string_new (NULL);
  g_autofree char *names = NULL;

  for (guint i = 0; self->fields[i] != NULL; i++)
    {
      FcFieldInfo *info = fc_field_picker_lookup (self, self->fields[i]);
      const char *text = info != NULL ? fc_field_info_get_label (info) : self->fields[i];

      if (i > 0)
        g_string_append (label, " + ");
      g_string_append (label, text != NULL && *text != '\0' ? text : self->fields[i]);
    }

  if (label->len == 0)
    {
      gtk_label_set_label (self->button_label, _("Choose Field…"));
      gtk_widget_add_css_class (GTK_WIDGET (self->button_label), "dim-label");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Choose Field…"));
      return;
    }

  gtk_label_set_label (self->button_label, label->str);
  gtk_widget_remove_css_class (GTK_WIDGET (self->button_label), "dim-label");
  names = g_strjoinv (", ", self->fields);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), names);
}

static gboolean
has_field (FcFieldPicker *self,
           const char    *name)
{
  return g_strv_contains ((const char * const *) self->fields, name);
}

/* Picks @name: alone, or added to / taken out of the fields when combining. */
static void
pick (FcFieldPicker *self,
      const char    *name)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) fields = NULL;
  gboolean combine = self->multiple && gtk_check_button_get_active (self->combine_check);

  if (combine)
    {
      for (guint i = 0; self->fields[i] != NULL; i++)
        if (!g_str_equal (self->fields[i], name))
          g_strv_builder_add (builder, self->fields[i]);
      if (!has_field (self, name))
        g_strv_builder_add (builder, name);
    }
  else
    g_strv_builder_add (builder, name);

  fields = g_strv_builder_end (builder);
  fc_field_picker_set_fields (self, (const char * const *) fields);

  if (!combine)
    gtk_popover_popdown (self->popover);
}

static void
on_list_activate_cb (GtkListView   *list_view,
                     guint          position,
                     FcFieldPicker *self)
{
  fc_field_picker_activate_match (self, position);
}

static void
on_search_changed_cb (GtkSearchEntry *entry,
                      FcFieldPicker  *self)
{
  g_free (self->search_folded);
  self->search_folded = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Enter takes the single match, or the typed name when nothing matches. */
static void
on_search_activate_cb (GtkSearchEntry *entry,
                       FcFieldPicker  *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->matches));

  if (n >= 1)
    fc_field_picker_activate_match (self, 0);
  else if (*text != '\0')
    pick (self, text);
}

static void
on_popover_show_cb (GtkPopover    *popover,
                    FcFieldPicker *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->combine_check), self->multiple);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The list's rows: the label, then the name and type in small print, and a check mark on the
 * fields picked. */

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               FcFieldPicker            *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), check);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (item, box);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              FcFieldPicker            *self)
{
  FcFieldInfo *info = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *labels = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (labels);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *check = gtk_widget_get_next_sibling (labels);
  const char *label = fc_field_info_get_label (info);
  const char *type = fc_field_info_get_field_type (info);
  g_autofree char *detail = NULL;

  gtk_label_set_label (GTK_LABEL (title),
                       label != NULL && *label != '\0' ? label : fc_field_info_get_name (info));
  /* Translators: a field's name and its type, as in "email · string" */
  detail = g_strdup_printf (_("%s · %s"), fc_field_info_get_name (info),
                            type != NULL ? type : "");
  gtk_label_set_label (GTK_LABEL (subtitle), detail);
  gtk_widget_set_opacity (check, has_field (self, fc_field_info_get_name (info)) ? 1.0 : 0.0);
}

static void
fc_field_picker_dispose (GObject *object)
{
  FcFieldPicker *self = FC_FIELD_PICKER (object);

  g_clear_pointer ((GtkWidget **) &self->button, gtk_widget_unparent);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->matches);

  G_OBJECT_CLASS (fc_field_picker_parent_class)->dispose (object);
}

static void
fc_field_picker_finalize (GObject *object)
{
  FcFieldPicker *self = FC_FIELD_PICKER (object);

  g_strfreev (self->fields);
  g_free (self->search_folded);

  G_OBJECT_CLASS (fc_field_picker_parent_class)->finalize (object);
}

static void
fc_field_picker_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FcFieldPicker *self = FC_FIELD_PICKER (object);

  switch (prop_id)
    {
    case PROP_FIELDS:
      g_value_set_boxed (value, self->fields);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_field_picker_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FcFieldPicker *self = FC_FIELD_PICKER (object);

  switch (prop_id)
    {
    case PROP_FIELDS:
      fc_field_picker_set_fields (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_field_picker_class_init (FcFieldPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_field_picker_dispose;
  object_class->finalize = fc_field_picker_finalize;
  object_class->get_property = fc_field_picker_get_property;
  object_class->set_property = fc_field_picker_set_property;

  /**
   * FcFieldPicker:fields:
   *
   * The names of the fields picked, in order.
   */
  properties[PROP_FIELDS] =
    g_param_spec_boxed ("fields", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fc_field_picker_init (FcFieldPicker *self)
{
  GtkListItemFactory *factory;
  GtkWidget *button_box;
  GtkWidget *box;
  GtkWidget *scrolled;
  GtkNoSelection *selection;

  self->fields = g_new0 (char *, 1);

  self->button_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->button_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (self->button_label, 0);
  /* The same width whatever the field, so that the pairs' pickers line up. */
  gtk_label_set_width_chars (self->button_label, 14);
  gtk_label_set_max_width_chars (self->button_label, 14);

  gtk_widget_set_hexpand (GTK_WIDGET (self->button_label), TRUE);
  button_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (button_box), GTK_WIDGET (self->button_label));
  gtk_box_append (GTK_BOX (button_box), gtk_image_new_from_icon_name ("pan-down-symbolic"));

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_child (self->button, button_box);
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (match_field, self, NULL);
  self->matches = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->matches)));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), self);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory));
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_list_activate_cb),
                           self, 0);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search Fields"), -1);
  g_object_set (self->search_entry, "placeholder-text", _("Search by label, name or type"),
                NULL);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_search_changed_cb), self, 0);
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (on_search_activate_cb), self, 0);

  self->combine_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (
                                            _("_Combine several fields")));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->combine_check));
  gtk_box_append (GTK_BOX (box), scrolled);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  g_signal_connect_object (self->popover, "show", G_CALLBACK (on_popover_show_cb), self, 0);
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));

  update_button (self);
}

GtkWidget *
fc_field_picker_new (void)
{
  return g_object_new (FC_TYPE_FIELD_PICKER, NULL);
}

GListModel *
fc_field_picker_get_catalogue (FcFieldPicker *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PICKER (self), NULL);

  return self->catalogue;
}

void
fc_field_picker_set_catalogue (FcFieldPicker *self,
                               GListModel    *catalogue)
{
  g_return_if_fail (FC_IS_FIELD_PICKER (self));
  g_return_if_fail (catalogue == NULL || G_IS_LIST_MODEL (catalogue));

  if (!g_set_object (&self->catalogue, catalogue))
    return;

  gtk_filter_list_model_set_model (self->matches, catalogue);
  update_button (self);
}

const char * const *
fc_field_picker_get_fields (FcFieldPicker *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PICKER (self), NULL);

  return (const char * const *) self->fields;
}

void
fc_field_picker_set_fields (FcFieldPicker      *self,
                            const char * const *fields)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (FC_IS_FIELD_PICKER (self));

  if (fields == NULL)
    fields = none;
  if (g_strv_equal ((const char * const *) self->fields, fields))
    return;

  g_strfreev (self->fields);
  self->fields = g_strdupv ((char **) fields);
  update_button (self);
  /* The check marks follow: the list binds its rows again. */
  gtk_filter_list_model_set_model (self->matches, NULL);
  gtk_filter_list_model_set_model (self->matches, self->catalogue);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELDS]);
}

void
fc_field_picker_set_multiple (FcFieldPicker *self,
                              gboolean       multiple)
{
  g_return_if_fail (FC_IS_FIELD_PICKER (self));

  self->multiple = !!multiple;
}

FcFieldInfo *
fc_field_picker_lookup (FcFieldPicker *self,
                        const char    *name)
{
  guint n;

  g_return_val_if_fail (FC_IS_FIELD_PICKER (self), NULL);

  if (self->catalogue == NULL || name == NULL)
    return NULL;

  n = g_list_model_get_n_items (self->catalogue);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (FcFieldInfo) info = g_list_model_get_item (self->catalogue, i);

      if (g_strcmp0 (fc_field_info_get_name (info), name) == 0)
        return info;  /* the catalogue keeps it */
    }

  return NULL;
}

void
fc_field_picker_set_search (FcFieldPicker *self,
                            const char    *text)
{
  g_return_if_fail (FC_IS_FIELD_PICKER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* Without waiting for the entry's delay. */
  on_search_changed_cb (self->search_entry, self);
}

GListModel *
fc_field_picker_get_matches (FcFieldPicker *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PICKER (self), NULL);

  return G_LIST_MODEL (self->matches);
}

void
fc_field_picker_activate_match (FcFieldPicker *self,
                                guint          position)
{
  g_autoptr (FcFieldInfo) info = NULL;

  g_return_if_fail (FC_IS_FIELD_PICKER (self));

  info = g_list_model_get_item (G_LIST_MODEL (self->matches), position);
  if (info != NULL)
    pick (self, fc_field_info_get_name (info));
}

GtkWidget *
fc_field_picker_get_popover (FcFieldPicker *self)
{
  g_return_val_if_fail (FC_IS_FIELD_PICKER (self), NULL);

  return GTK_WIDGET (self->popover);
}
