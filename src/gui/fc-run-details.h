/* fc-run-details.h: what one sync run did, record by record
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fc-run-log.h"

G_BEGIN_DECLS

#define FC_TYPE_RUN_DETAILS (fc_run_details_get_type ())

G_DECLARE_FINAL_TYPE (FcRunDetails, fc_run_details, FC, RUN_DETAILS, GtkWidget)

void            fc_run_details_set_store       (FcRunDetails  *self,
                                                FcStore       *store);
/* Shows @run (NULL for none) and reads its events. */
void            fc_run_details_set_run         (FcRunDetails  *self,
                                                FcRunInfo     *run);
FcRunInfo      *fc_run_details_get_run         (FcRunDetails  *self);
/* (nullable) (transfer none) The events shown, filtered. */
FcRunEventList *fc_run_details_get_events      (FcRunDetails  *self);
/* Reads the run's events again (a run still going on adds some). */
void            fc_run_details_reload          (FcRunDetails  *self);
/* What "Export as CSV…" does once the file is chosen: writes the run's events to @file in a
 * thread, showing the progress; a toast tells the result. Not while another export runs. */
void            fc_run_details_export_to_file  (FcRunDetails  *self,
                                                GFile         *file);
/* Whether an export is under way. */
gboolean        fc_run_details_get_exporting   (FcRunDetails  *self);
/* Stops the export under way, if any: no file is written. */
void            fc_run_details_cancel_export   (FcRunDetails  *self);

/* "2.4 s", "3 min 5 s", ... */
char           *fc_run_details_format_duration (gint64         ms);
const char     *fc_run_details_status_label    (FcSyncStatus   status);
const char     *fc_run_details_status_class    (FcSyncStatus   status);
const char     *fc_run_details_trigger_label   (FcSyncTrigger  trigger);

G_END_DECLS
