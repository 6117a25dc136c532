/* fc-engine.h: the one object per process that owns the store and the live models
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fc-connection.h"
#include "fc-enum-types.h"
#include "fc-field-pair.h"
#include "fc-mapping.h"
#include "fc-mapping-io.h"
#include "fc-store.h"
#include "fc-types.h"

G_BEGIN_DECLS

#define FC_TYPE_ENGINE (fc_engine_get_type ())

G_DECLARE_FINAL_TYPE (FcEngine, fc_engine, FC, ENGINE, GObject)

/* Opens the store in fc_store_resolve_data_dir (@data_dir_override) and loads the models. */
FcEngine     *fc_engine_new                 (const char   *data_dir_override,
                                             GError      **error);

FcStore      *fc_engine_get_store           (FcEngine     *self);
const char   *fc_engine_get_data_dir        (FcEngine     *self);

/* Live models (a GListModel of FcConnection ordered by creation, and of FcMapping ordered by
 * name), kept current by the functions below. */
GListModel   *fc_engine_get_connections     (FcEngine     *self);
GListModel   *fc_engine_get_mappings        (FcEngine     *self);

/* (transfer none) The model's object with that id, or NULL. */
FcConnection *fc_engine_lookup_connection   (FcEngine     *self,
                                             const char   *id);
FcMapping    *fc_engine_lookup_mapping      (FcEngine     *self,
                                             const char   *id);

/* Save to the store, then put @connection / @mapping in the model (replacing the item of the
 * same id, or adding it). */
gboolean      fc_engine_save_connection     (FcEngine     *self,
                                             FcConnection *connection,
                                             GError      **error);
gboolean      fc_engine_remove_connection   (FcEngine     *self,
                                             const char   *id,
                                             GError      **error);
gboolean      fc_engine_save_mapping        (FcEngine     *self,
                                             FcMapping    *mapping,
                                             GError      **error);
gboolean      fc_engine_remove_mapping      (FcEngine     *self,
                                             const char   *id,
                                             GError      **error);

/* fc_mapping_io_import () into the store, then the new mappings into the model. */
GPtrArray    *fc_engine_import_mappings     (FcEngine     *self,
                                             const char   *json,
                                             gssize        length,
                                             GHashTable   *bindings,
                                             GError      **error);

/* Reloads both models from the store (after another process changed it). */
gboolean      fc_engine_reload              (FcEngine     *self,
                                             GError      **error);

G_END_DECLS
