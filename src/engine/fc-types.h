/* fc-types.h: the enumerations shared by the engine, the CLI and the app
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The nicks are the names used on disk, in exported files, on the command line and in the
 * product documents, so they must never change. */

typedef enum {
  FC_PROVIDER_HUBSPOT,    /*< nick=hubspot >*/
  FC_PROVIDER_JOBBER,     /*< nick=jobber >*/
  FC_PROVIDER_PIPEDRIVE,  /*< nick=pipedrive >*/
  FC_PROVIDER_SALESFORCE, /*< nick=salesforce >*/
} FcProvider;

typedef enum {
  FC_CONNECTION_STATUS_ACTIVE,  /*< nick=active >*/
  FC_CONNECTION_STATUS_EXPIRED, /*< nick=expired >*/
  FC_CONNECTION_STATUS_ERROR,   /*< nick=error >*/
} FcConnectionStatus;

typedef enum {
  FC_DIRECTION_SOURCE_TO_TARGET, /*< nick=source_to_target >*/
  FC_DIRECTION_TARGET_TO_SOURCE, /*< nick=target_to_source >*/
  FC_DIRECTION_BIDIRECTIONAL,    /*< nick=bidirectional >*/
} FcDirection;

typedef enum {
  FC_FIELD_DIRECTION_BIDIRECTIONAL, /*< nick=bidirectional >*/
  FC_FIELD_DIRECTION_SOURCE_ONLY,   /*< nick=source_only >*/
  FC_FIELD_DIRECTION_TARGET_ONLY,   /*< nick=target_only >*/
} FcFieldDirection;

typedef enum {
  FC_CONFLICT_STRATEGY_NEWEST_WINS, /*< nick=newest_wins >*/
  FC_CONFLICT_STRATEGY_SOURCE_WINS, /*< nick=source_wins >*/
  FC_CONFLICT_STRATEGY_TARGET_WINS, /*< nick=target_wins >*/
  FC_CONFLICT_STRATEGY_MANUAL,      /*< nick=manual >*/
} FcConflictStrategy;

typedef enum {
  FC_DELETE_POLICY_IGNORE,  /*< nick=ignore >*/
  FC_DELETE_POLICY_ARCHIVE, /*< nick=archive >*/
  FC_DELETE_POLICY_DELETE,  /*< nick=delete >*/
} FcDeletePolicy;

typedef enum {
  FC_SYNC_STATUS_PENDING,   /*< nick=pending >*/
  FC_SYNC_STATUS_RUNNING,   /*< nick=running >*/
  FC_SYNC_STATUS_COMPLETED, /*< nick=completed >*/
  FC_SYNC_STATUS_PARTIAL,   /*< nick=partial >*/
  FC_SYNC_STATUS_FAILED,    /*< nick=failed >*/
  FC_SYNC_STATUS_HELD,      /*< nick=held >*/      /* the guard holds it for the user's approval */
} FcSyncStatus;

typedef enum {
  FC_SYNC_TRIGGER_MANUAL,   /*< nick=manual >*/
  FC_SYNC_TRIGGER_SCHEDULE, /*< nick=schedule >*/
  FC_SYNC_TRIGGER_WEBHOOK,  /*< nick=webhook >*/
  FC_SYNC_TRIGGER_STARTUP,  /*< nick=startup >*/
} FcSyncTrigger;

const char *fc_enum_to_nick   (GType        enum_type,
                               int          value);
gboolean    fc_enum_from_nick (GType        enum_type,
                               const char  *nick,
                               int         *out_value);
char       *fc_enum_list_nicks (GType       enum_type);

const char *fc_provider_get_display_name (FcProvider provider);

G_END_DECLS
