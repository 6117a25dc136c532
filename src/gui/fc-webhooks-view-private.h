/* fc-webhooks-view-private.h: what the files of the Webhooks view share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-webhooks-view.h"

G_BEGIN_DECLS

struct _FcWebhooksView
{
  GtkWidget           parent_instance;

  FcEngine           *engine;
  FcWebhookListener  *listener;
  FcNotifier         *notifier;
  GPtrArray          *endpoint_ids;      /* char *, beside endpoint_choices; [0] NULL: all */
  guint               events_limit;
  guint               deliveries_limit;
  guint               n_events;
  guint               refresh_deliveries_id;
  guint               refresh_events_id;
  gboolean            choosing_endpoint;

  /* Template children */
  GtkListBox         *connections_list;
  GtkListBox         *deliveries_list;
  GtkWidget          *deliveries_more_button;
  GtkStringList      *endpoint_choices;
  GtkDropDown        *endpoint_dropdown;
  GtkListBox         *endpoints_list;
  GtkListBox         *events_list;
  GtkWidget          *events_more_button;
  GtkImage           *listener_image;
  AdwActionRow       *listener_row;
  AdwPreferencesPage *page;
  GtkWidget          *preferences_button;
  AdwActionRow       *public_url_row;
  GtkStack           *stack;
  AdwStatusPage      *status_page;
};

/* fc-webhooks-view.c */
void _fc_webhooks_view_show_toast          (FcWebhooksView *self,
                                            const char     *text);

/* fc-webhooks-view-listener.c: the Listener group */
void _fc_webhooks_view_update_listener     (FcWebhooksView *self);
/* Builds the row of each connection again (their state or last webhook changed). */
void _fc_webhooks_view_refresh_connections (FcWebhooksView *self);
void _fc_webhooks_view_copy_url            (FcWebhooksView *self,
                                            const char     *connection_id);
void _fc_webhooks_view_register            (FcWebhooksView *self,
                                            const char     *connection_id);

G_END_DECLS
