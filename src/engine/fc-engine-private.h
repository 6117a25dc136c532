/* fc-engine-private.h: what the files of FcEngine share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-engine.h"

G_BEGIN_DECLS

struct _FcEngine
{
  GObject     parent_instance;

  char       *data_dir;
  FcStore    *store;
  FcSecrets  *secrets;
  FcAuth     *auth;
  GListStore *connections;
  GListStore *mappings;
  GHashTable *connectors;   /* connection id -> FcConnector, made on first use */
  FcScheduler *scheduler;   /* made on first use (fc-scheduler.c) */
  FcWebhookListener *webhook_listener; /* made on first use (fc-webhook-listener.c) */
  FcNotifier *notifier;     /* made with the engine (fc-notifier.c) */
  guint       refresh_source; /* asks the store now and then whether another process saved */
};

/* Reads the connections and mappings again when another process committed to the store since
 * this one last looked (fc_engine_reload ()). */
gboolean _fc_engine_refresh             (FcEngine   *self,
                                         GError    **error);
gboolean _fc_engine_find_by_id          (GListStore *store,
                                         const char *id,
                                         guint      *out_position);
/* (transfer full) @data */
void     _fc_engine_emit_event          (FcEngine   *self,
                                         const char *type,
                                         JsonObject *data);
/* Whether an event of @type would reach anyone: a handler of FcEngine::event, or an endpoint
 * of the notifier. Lets a caller emitting many skip building payloads nobody receives. */
gboolean _fc_engine_wants_event         (FcEngine   *self,
                                         const char *type);
void     _fc_engine_watch_connections   (FcEngine   *self);
/* fc-notifier.c: makes the engine's notifier, which queues events from then on. */
gboolean _fc_notifier_attach            (FcEngine   *self,
                                         GError    **error);

G_END_DECLS
