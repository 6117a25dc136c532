/* fc-mappings-view-private.h: what the files of the Mappings view share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-mapping-row.h"
#include "fc-mappings-view.h"

G_BEGIN_DECLS

struct _FcMappingsView
{
  GtkWidget   parent_instance;

  FcEngine   *engine;
  GListModel *mappings;
  /* mapping id -> SyncOp, for the runs that go on */
  GHashTable *ops;

  /* Template children */
  GtkListBox  *list_box;
  GtkStack    *stack;
  GtkLabel    *standby_label;
  GtkRevealer *standby_revealer;
};

typedef enum {
  SYNC_KIND_RUN,
  SYNC_KIND_PREVIEW,
  SYNC_KIND_APPROVE,
} SyncKind;

/* One run started from the view. It lives until the run's callback, which may come after the
 * view is gone (the weak pointer is then NULL). */
typedef struct
{
  FcMappingsView *view;  /* weak */
  char           *mapping_id;
  char           *mapping_name;
  SyncKind        kind;
  GCancellable   *cancellable;
} SyncOp;

void          _fc_mappings_view_sync_op_free      (SyncOp         *op);
FcMappingRow *_fc_mappings_view_find_row          (FcMappingsView *self,
                                                   const char     *mapping_id);
GtkWindow    *_fc_mappings_view_get_parent_window (FcMappingsView *self);
void          _fc_mappings_view_show_toast        (FcMappingsView *self,
                                                   const char     *message,
                                                   const char     *run_id);
/* fc-mappings-view-sync.c: runs @mapping (a dry run for a preview, the approval of the held run
 * @held_run_id), with its progress in the mapping's row and its result in a toast. */
void          _fc_mappings_view_start_sync        (FcMappingsView *self,
                                                   FcMapping      *mapping,
                                                   SyncKind        kind,
                                                   const char     *held_run_id);

G_END_DECLS
