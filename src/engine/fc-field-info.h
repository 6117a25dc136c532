/* fc-field-info.h: one field of a provider's object type, as its metadata API describes it
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The name is the connector's flattened field name, the one FcRecord uses ("email",
 * "custom_fields.<key>"); the label is what the provider shows people ("Email", "Lead source").
 * The type is the provider's own word for it (HubSpot "string", "enumeration", "datetime";
 * Pipedrive "varchar", "enum", "phone"), so that no information is lost; a select field
 * carries its options as value/label pairs. */

#define FC_TYPE_FIELD_INFO (fc_field_info_get_type ())

G_DECLARE_FINAL_TYPE (FcFieldInfo, fc_field_info, FC, FIELD_INFO, GObject)

FcFieldInfo  *fc_field_info_new                 (const char  *name,
                                                 const char  *label,
                                                 const char  *type);

const char   *fc_field_info_get_name            (FcFieldInfo *self);
const char   *fc_field_info_get_label           (FcFieldInfo *self);
const char   *fc_field_info_get_field_type      (FcFieldInfo *self);
gboolean      fc_field_info_get_read_only       (FcFieldInfo *self);
void          fc_field_info_set_read_only       (FcFieldInfo *self,
                                                 gboolean     read_only);
/* The provider enforces unique values (HubSpot hasUniqueValue, e.g. email). */
gboolean      fc_field_info_get_unique          (FcFieldInfo *self);
void          fc_field_info_set_unique          (FcFieldInfo *self,
                                                 gboolean     unique);
/* Created by the account's users rather than by the provider. */
gboolean      fc_field_info_get_custom          (FcFieldInfo *self);
void          fc_field_info_set_custom          (FcFieldInfo *self,
                                                 gboolean     custom);
/* The provider can create-or-update records keyed by this field's value (a Salesforce External
 * ID field, the id_field of fc_connector_upsert_records_async ()); its values need not be
 * unique. */
gboolean      fc_field_info_get_external_id     (FcFieldInfo *self);
void          fc_field_info_set_external_id     (FcFieldInfo *self,
                                                 gboolean     external_id);

void          fc_field_info_add_option          (FcFieldInfo *self,
                                                 const char  *value,
                                                 const char  *label);
guint         fc_field_info_get_n_options       (FcFieldInfo *self);
const char   *fc_field_info_get_option_value    (FcFieldInfo *self,
                                                 guint        index);
const char   *fc_field_info_get_option_label    (FcFieldInfo *self,
                                                 guint        index);
/* The label of the option whose value is @value, or NULL. */
const char   *fc_field_info_lookup_option_label (FcFieldInfo *self,
                                                 const char  *value);

G_END_DECLS
