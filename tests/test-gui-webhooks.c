/* test-gui-webhooks.c: the Webhooks view and the connections' webhook status on a real display
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs inside build-aux/fc-headless-session (Xvfb, private bus, throw-away keyring). The real
 * application runs over a temporary data folder with its notifier and listener started; an
 * in-process SoupServer is the user's endpoint. Endpoints are added, changed and removed through
 * the view's dialogs and rows; deliveries come from engine events. Pictures go to
 * <builddir>/tests/screenshots/.
 */

#define G_LOG_DOMAIN "fc-test-gui-webhooks"

#include "config.h"

#include "fc-test-gui.h"
#include "fc-test-util.h"

#include <adwaita.h>
#include <gio/gio.h>
#include <libsoup/soup.h>

#include "fc-application.h"
#include "fc-connection-row.h"
#include "fc-delivery-row.h"
#include "fc-endpoint-dialog.h"
#include "fc-endpoint-row.h"
#include "fc-engine-private.h"
#include "fc-engine.h"
#include "fc-inbound-event-row.h"
#include "fc-inbound-store.h"
#include "fc-webhooks-view.h"
#include "fc-window.h"

typedef struct _GuiFixture GuiFixture;
typedef void (*GuiBody) (GuiFixture *fixture);

struct _GuiFixture
{
  char          *data_dir;
  FcApplication *app;
  FcEngine      *engine;
  GuiBody        body;
  gboolean       body_ran;

  /* The user's endpoint */
  SoupServer    *server;
  char          *url;
  guint          reply;
  GPtrArray     *bodies;       /* char *, each request's body */
  GPtrArray     *signatures;   /* char *, each request's signature header */
};

/* ---- helpers (the shared ones are in fc-test-gui.c) --------------------------------------- */

/* The one visible window of @type that holds a widget named @name (any name when NULL). */
static GtkWindow *
find_window (FcApplication *app,
             GType          type,
             const char    *name)
{
  GtkWindow *found = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (!G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) || !gtk_widget_get_visible (l->data))
        continue;
      if (name != NULL && fc_test_gui_find_named (l->data, name) == NULL)
        continue;
      g_assert_null (found);
      found = l->data;
    }

  return found;
}

typedef struct
{
  FcApplication *app;
  GType          type;
  const char    *name;
} WindowQuery;

static gboolean
window_is_open (gpointer data)
{
  WindowQuery *query = data;

  return find_window (query->app, query->type, query->name) != NULL;
}

static GtkWindow *
wait_for_window (GuiFixture *fixture,
                 GType       type,
                 const char *name)
{
  WindowQuery query = { fixture->app, type, name };
  GtkWindow *window;

  fc_test_gui_wait_until (window_is_open, &query, g_type_name (type));
  window = find_window (fixture->app, type, name);
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  return window;
}

static gboolean
window_is_gone (gpointer data)
{
  return !window_is_open (data);
}

static void
wait_for_window_gone (GuiFixture *fixture,
                      GType       type,
                      const char *name)
{
  WindowQuery query = { fixture->app, type, name };

  fc_test_gui_wait_until (window_is_gone, &query, "a dialog to close");
}

#define view_child(view, name) fc_test_gui_template_child ((view), FC_TYPE_WEBHOOKS_VIEW, (name))
#define dialog_child(dialog, name) \
  fc_test_gui_template_child ((dialog), FC_TYPE_ENDPOINT_DIALOG, (name))
#define connection_row_child(row, name) \
  fc_test_gui_template_child ((row), FC_TYPE_CONNECTION_ROW, (name))
#define delivery_child(row, name) \
  fc_test_gui_template_child ((row), FC_TYPE_DELIVERY_ROW, (name))

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n) != NULL)
    n++;
  return n;
}

static GtkWidget *
get_row (GtkWidget *list,
         guint      index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);

  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

/* Scrolls the page of the Webhooks view to its end. */
static void
scroll_to_end (GtkWidget *view)
{
  GObject *page = gtk_widget_get_template_child (view, FC_TYPE_WEBHOOKS_VIEW, "page");
  GtkWidget *scrolled = fc_test_gui_find_descendant (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  fc_test_gui_wait_for_transitions (view);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
}

/* ---- the endpoint: an in-process server ----------------------------------------------------- */

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GuiFixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  g_autoptr (GBytes) body = soup_message_body_flatten (request_body);
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  g_ptr_array_add (fixture->bodies, g_strndup (data, length));
  g_ptr_array_add (fixture->signatures,
                   g_strdup (soup_message_headers_get_one (headers,
                                                           FC_NOTIFIER_SIGNATURE_HEADER)));
  soup_server_message_set_status (message, fixture->reply, NULL);
  soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
}

/* A port nobody listens on now, for the webhook listener. */
static guint
find_free_port (void)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* ---- fixture ------------------------------------------------------------------------------ */

static void
fixture_set_up (GuiFixture    *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GError) error = NULL;
  GSList *uris;

  fixture->body = (GuiBody) user_data;

  fixture->bodies = g_ptr_array_new_with_free_func (g_free);
  fixture->signatures = g_ptr_array_new_with_free_func (g_free);
  fixture->reply = SOUP_STATUS_OK;
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, "/hook", on_request_cb, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%d/hook", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* Other tests may listen on the default port. */
  g_settings_set (settings, "listener-port", "q", (guint16) find_free_port ());

  fixture->app = fc_test_gui_application_new ("fc-test-gui-webhooks-XXXXXX", &fixture->data_dir);
}

static void
fixture_tear_down (GuiFixture    *fixture,
                   gconstpointer  user_data)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  g_assert_finalize_object (fixture->app);
  g_assert_null (fixture->engine);

  soup_server_disconnect (fixture->server);
  g_assert_finalize_object (fixture->server);
  g_ptr_array_unref (fixture->bodies);
  g_ptr_array_unref (fixture->signatures);
  g_free (fixture->url);
  fc_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_settings_reset (settings, "listener-port");
}

static void
on_app_activate_cb (GApplication *app,
                    GuiFixture   *fixture)
{
  fc_test_gui_watch_engine (fixture->app, &fixture->engine);

  /* Failed attempts are retried after 10, 20 and 40 ms. */
  fc_notifier_set_retry_base_ms (fc_engine_get_notifier (fixture->engine), 10);
  fc_notifier_set_timeout_ms (fc_engine_get_notifier (fixture->engine), 5000);

  fixture->body (fixture);
  fixture->body_ran = TRUE;

  fc_test_gui_destroy_windows (fixture->app);
}

static void
run_gui_case (GuiFixture    *fixture,
              gconstpointer  user_data)
{
  fc_test_gui_run_application (fixture->app, G_CALLBACK (on_app_activate_cb), fixture);
  g_assert_true (fixture->body_ran);
}

static gboolean
view_has_engine (gpointer data)
{
  return fc_webhooks_view_get_engine (data) != NULL;
}

/* Shows the Webhooks view, which takes the window's engine. */
static FcWebhooksView *
show_webhooks_view (FcWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (fc_test_gui_find_descendant (GTK_WIDGET (window),
                                                                     ADW_TYPE_VIEW_STACK));
  GtkWidget *view = adw_view_stack_get_child_by_name (stack, "webhooks");

  g_assert_true (FC_IS_WEBHOOKS_VIEW (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s",
                                             "webhooks"));
  fc_test_gui_wait_until (view_has_engine, view, "the view to take the engine");
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  return FC_WEBHOOKS_VIEW (view);
}

static FcConnection *
add_connection (FcEngine   *engine,
                FcProvider  provider,
                const char *account_name)
{
  g_autoptr (FcConnection) connection = fc_connection_new (provider);
  g_autoptr (GError) error = NULL;

  fc_connection_set_account_name (connection, account_name);
  fc_engine_save_connection (engine, connection, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&connection);
}

static void
emit_event (GuiFixture *fixture,
            const char *type)
{
  g_autoptr (JsonNode) node = json_from_string ("{\"runId\":\"run_1\",\"mappingId\":\"map_1\"}",
                                                NULL);

  _fc_engine_emit_event (fixture->engine, type, json_object_ref (json_node_get_object (node)));
}

/* The status of the delivery row at @index of the deliveries list, "" when there is none. */
static const char *
delivery_status_at (FcWebhooksView *view,
                    guint           index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (view_child (view,
                                                                                "deliveries_list")),
                                                      index);

  if (row == NULL || !FC_IS_DELIVERY_ROW (row))
    return "";
  return gtk_label_get_text (GTK_LABEL (delivery_child (row, "status_label")));
}

typedef struct
{
  FcWebhooksView *view;
  guint           n_rows;
  const char     *first_status;
} DeliveriesShown;

static gboolean
deliveries_are_shown (gpointer data)
{
  DeliveriesShown *shown = data;

  return count_rows (view_child (shown->view, "deliveries_list")) == shown->n_rows &&
         g_str_equal (delivery_status_at (shown->view, 0), shown->first_status);
}

static void
wait_for_deliveries (FcWebhooksView *view,
                     guint           n_rows,
                     const char     *first_status)
{
  DeliveriesShown shown = { view, n_rows, first_status };
  g_autofree char *what = g_strdup_printf ("%u deliveries, the newest %s", n_rows,
                                           first_status);

  fc_test_gui_wait_until (deliveries_are_shown, &shown, what);
}

static void
on_text_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  char **text = user_data;
  g_autoptr (GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_text_read_cb,
                                 &text);
  fc_test_gui_wait_until (fc_test_gui_pointer_is_set, &text, "the clipboard's text");
  return text;
}

/* Clicks the button of @dialog labelled @label, as a user would. */
static void
click_response (GtkWindow  *dialog,
                const char *label)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *found = NULL;

  fc_test_gui_collect_descendants (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    /* The dialog keeps its buttons twice, side by side and stacked: one of them shows. */
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0 &&
        gtk_widget_get_mapped (buttons->pdata[i]))
      {
        g_assert_null (found);
        found = buttons->pdata[i];
      }
  g_assert_nonnull (found);
  fc_test_gui_click (found);
}

/* Answers the one open message dialog with its button labelled @label. */
static void
respond (GuiFixture *fixture,
         const char *label)
{
  GtkWindow *dialog = wait_for_window (fixture, ADW_TYPE_MESSAGE_DIALOG, NULL);

  click_response (dialog, label);
  wait_for_window_gone (fixture, ADW_TYPE_MESSAGE_DIALOG, NULL);
}

/* Adds an endpoint through the dialog, checking the live URL check on the way; gives the
 * secret the dialog showed. */
static char *
add_endpoint_through_dialog (GuiFixture     *fixture,
                             FcWebhooksView *view)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *url_row;
  GtkWidget *url_error;
  GtkWidget *save;
  GtkWidget *all_events;
  GtkWidget *secret_label;
  GtkWindow *dialog;
  GtkWindow *secret_dialog;
  g_autoptr (GPtrArray) checks = g_ptr_array_new ();
  const char *bad_urls[] = { "ftp://example.com/hook", "http://example.com/hook" };
  char *secret;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "webhooks.add-endpoint", NULL));
  dialog = wait_for_window (fixture, FC_TYPE_ENDPOINT_DIALOG, NULL);
  url_row = dialog_child (dialog, "url_row");
  url_error = dialog_child (dialog, "url_error_label");
  save = dialog_child (dialog, "save_button");
  all_events = dialog_child (dialog, "all_events_switch");
  g_assert_false (gtk_widget_is_sensitive (save));

  /* Each bad URL says what is wrong with it, in the notifier's own words. */
  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_clear_error (&error);
      g_assert_false (fc_notifier_check_url (bad_urls[i], &error));
      gtk_editable_set_text (GTK_EDITABLE (url_row), bad_urls[i]);
      g_assert_true (gtk_widget_get_visible (url_error));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (url_error)), ==, error->message);
      g_assert_false (gtk_widget_is_sensitive (save));
    }
  fc_test_gui_render_to_png (GTK_WIDGET (dialog), "webhooks-add-endpoint-error.png");

  gtk_editable_set_text (GTK_EDITABLE (url_row), fixture->url);
  g_assert_false (gtk_widget_get_visible (url_error));
  g_assert_true (gtk_widget_is_sensitive (save));

  /* Choosing events: none is not allowed. */
  gtk_switch_set_active (GTK_SWITCH (all_events), FALSE);
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "events_error_label")));
  fc_test_gui_collect_descendants (dialog_child (dialog, "types_box"), GTK_TYPE_CHECK_BUTTON,
                                   checks);
  g_assert_cmpuint (checks->len, ==, g_strv_length ((char **) fc_notifier_get_event_types ()));
  for (guint i = 0; i < checks->len; i++)
    {
      const char *label = gtk_check_button_get_label (checks->pdata[i]);

      if (g_str_equal (label, "sync.completed") || g_str_equal (label, "sync.failed"))
        gtk_check_button_set_active (checks->pdata[i], TRUE);
    }
  g_assert_true (gtk_widget_is_sensitive (save));
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "description_row")), "Office board");
  fc_test_gui_render_to_png (GTK_WIDGET (dialog), "webhooks-add-endpoint.png");

  fc_test_gui_click (save);
  secret_dialog = wait_for_window (fixture, ADW_TYPE_MESSAGE_DIALOG, "secret-label");
  wait_for_window_gone (fixture, FC_TYPE_ENDPOINT_DIALOG, NULL);
  secret_label = fc_test_gui_find_named (GTK_WIDGET (secret_dialog), "secret-label");
  secret = g_strdup (gtk_label_get_text (GTK_LABEL (secret_label)));
  g_assert_true (g_str_has_prefix (secret, FC_NOTIFIER_SECRET_PREFIX));
  g_assert_true (fc_test_gui_shows_text (GTK_WIDGET (secret_dialog), secret));
  fc_test_gui_render_to_png (GTK_WIDGET (secret_dialog), "webhooks-secret.png");

  /* Copy puts the secret on the clipboard. */
  fc_test_gui_click (fc_test_gui_find_named (GTK_WIDGET (secret_dialog), "copy-button"));
  copied = read_clipboard (GTK_WIDGET (secret_dialog));
  g_assert_cmpstr (copied, ==, secret);

  click_response (secret_dialog, "I Have _Copied the Secret");
  wait_for_window_gone (fixture, ADW_TYPE_MESSAGE_DIALOG, "secret-label");

  return secret;
}

static FcEndpointRow *
get_endpoint_row (FcWebhooksView *view)
{
  GtkWidget *list = view_child (view, "endpoints_list");

  g_assert_cmpuint (count_rows (list), ==, 1);
  g_assert_true (FC_IS_ENDPOINT_ROW (get_row (list, 0)));
  return FC_ENDPOINT_ROW (get_row (list, 0));
}

static void
remove_endpoint_through_row (GuiFixture     *fixture,
                             FcWebhooksView *view)
{
  GListModel *endpoints = fc_notifier_get_endpoints (fc_engine_get_notifier (fixture->engine));
  FcEndpointRow *row = get_endpoint_row (view);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "row.remove", NULL));
  respond (fixture, "_Remove");
  while (g_list_model_get_n_items (endpoints) > 0)
    g_main_context_iteration (NULL, TRUE);
  fc_test_gui_wait_for_frame (GTK_WIDGET (view));
  g_assert_cmpuint (count_rows (view_child (view, "endpoints_list")), ==, 0);
}

/* ---- cases -------------------------------------------------------------------------------- */

static gboolean
has_requests (gpointer data)
{
  GuiFixture *fixture = data;

  return fixture->bodies->len > 0;
}

/* The listener group shows where the listener listens and the URL of each connection; the
 * connection row shows the same URL. */
static void
test_listener (GuiFixture *fixture)
{
  FcWindow *window = fc_test_gui_get_main_window (fixture->app);
  FcWebhookListener *listener = fc_engine_get_webhook_listener (fixture->engine);
  g_autoptr (FcConnection) pipedrive = NULL;
  g_autofree char *url = NULL;
  g_autofree char *title = NULL;
  g_autofree char *copied = NULL;
  FcWebhooksView *view;
  GtkWidget *connections;
  GtkWidget *url_row;
  GtkWidget *row;

  pipedrive = add_connection (fixture->engine, FC_PROVIDER_PIPEDRIVE, "Field Sales");
  url = fc_webhook_listener_dup_url (listener, pipedrive);
  g_assert_true (g_str_has_suffix (url, fc_connection_get_id (pipedrive)));

  view = show_webhooks_view (window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (view_child (view, "stack"))), ==,
                   "content");
  g_assert_true (fc_webhook_listener_get_running (listener));
  title = g_strdup_printf ("Listening on 127.0.0.1, port %u",
                           fc_webhook_listener_get_bound_port (listener));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (view_child (view,
                                                                                 "listener_row"))),
                   ==, title);

  connections = view_child (view, "connections_list");
  g_assert_cmpuint (count_rows (connections), ==, 1);
  row = get_row (connections, 0);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  url_row = fc_test_gui_find_named (row, "webhook-url-row");
  g_assert_nonnull (url_row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (url_row)), ==, url);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "webhooks.copy-url", "s",
                                             fc_connection_get_id (pipedrive)));
  copied = read_clipboard (GTK_WIDGET (view));
  g_assert_cmpstr (copied, ==, url);
  fc_test_gui_render_to_png (GTK_WIDGET (window), "webhooks-listener.png");

  /* The listener stopping shows at once. */
  fc_webhook_listener_stop (listener);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (view_child (view,
                                                                                 "listener_row"))),
                   ==, "Not listening");

  /* The Connections view's row tells the same URL. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s",
                                             "connections"));
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  row = fc_test_gui_find_descendant (GTK_WIDGET (window), FC_TYPE_CONNECTION_ROW);
  g_assert_nonnull (row);
  g_assert_true (fc_connection_row_get_listener (FC_CONNECTION_ROW (row)) == listener);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (connection_row_child (row, "webhook_label")), ==,
                   url);
  g_assert_true (gtk_widget_get_mapped (connection_row_child (row, "copy_url_button")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (connection_row_child (row,
                                                                        "webhook_time_label"))),
                   ==, "No webhook yet");
  g_clear_pointer (&copied, g_free);
  g_assert_true (gtk_widget_activate_action (row, "row.copy-webhook-url", NULL));
  copied = read_clipboard (row);
  g_assert_cmpstr (copied, ==, url);
  fc_test_gui_render_to_png (GTK_WIDGET (window), "webhooks-connections.png");
}

/* An endpoint added through the dialog receives signed deliveries; disabling and enabling it
 * asks to replay what it missed; a failed delivery is retried from its row. */
static void
test_endpoint_deliveries (GuiFixture *fixture)
{
  FcWindow *window = fc_test_gui_get_main_window (fixture->app);
  FcNotifier *notifier = fc_engine_get_notifier (fixture->engine);
  g_autofree char *secret = NULL;
  g_autofree char *expected = NULL;
  FcWebhooksView *view;
  FcEndpointRow *row;
  FcEndpoint *endpoint;
  GtkWidget *enabled_switch;
  GtkWidget *delivery;

  g_assert_true (fc_notifier_is_started (notifier));
  view = show_webhooks_view (window);
  /* Nothing yet: the empty state offers to add an endpoint. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (view_child (view, "stack"))), ==,
                   "empty");

  secret = add_endpoint_through_dialog (fixture, view);
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  row = get_endpoint_row (view);
  endpoint = fc_endpoint_row_get_endpoint (row);
  g_assert_cmpstr (fc_endpoint_get_url (endpoint), ==, fixture->url);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, fixture->url);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Office board · sync.completed and sync.failed");

  /* A delivery, signed with the secret the dialog showed. */
  emit_event (fixture, "sync.completed");
  fc_test_gui_wait_until (has_requests, fixture, "a delivery to arrive");
  expected = fc_notifier_sign (secret, fixture->bodies->pdata[0],
                               strlen (fixture->bodies->pdata[0]));
  g_assert_cmpstr (fixture->signatures->pdata[0], ==, expected);
  wait_for_deliveries (view, 1, "Delivered");
  /* Events the endpoint did not choose make no delivery. */
  emit_event (fixture, "record.created");
  fc_test_gui_drain_main_context ();

  /* Disabled, an event is kept as skipped; enabling asks whether to send it. */
  enabled_switch = fc_test_gui_template_child (row, FC_TYPE_ENDPOINT_ROW, "enabled_switch");
  gtk_switch_set_active (GTK_SWITCH (enabled_switch), FALSE);
  g_assert_false (fc_endpoint_get_enabled (endpoint));
  emit_event (fixture, "sync.completed");
  wait_for_deliveries (view, 2, "Skipped");
  gtk_switch_set_active (GTK_SWITCH (enabled_switch), TRUE);
  /* Not before the user answered. */
  g_assert_false (fc_endpoint_get_enabled (endpoint));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (enabled_switch)));
  respond (fixture, "_Send Missed Events");
  g_assert_true (fc_endpoint_get_enabled (endpoint));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (enabled_switch)));
  wait_for_deliveries (view, 2, "Delivered");
  g_assert_cmpuint (fixture->bodies->len, ==, 2);

  /* The endpoint fails: every attempt gets a 500, then the delivery offers Retry. */
  fixture->reply = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  emit_event (fixture, "sync.failed");
  wait_for_deliveries (view, 3, "Failed");
  g_assert_cmpuint (fixture->bodies->len, ==, 2 + FC_NOTIFIER_MAX_ATTEMPTS);
  delivery = get_row (view_child (view, "deliveries_list"), 0);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (delivery), TRUE);
  g_assert_true (gtk_widget_get_visible (delivery_child (delivery, "retry_button")));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (delivery)), !=, NULL);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (delivery)),
                            "4 attempts · HTTP 500"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (delivery_child (delivery,
                                                                           "payload_label"))),
                            "\"sync.failed\""));
  fc_test_gui_render_to_png (GTK_WIDGET (window), "webhooks-view.png");
  scroll_to_end (GTK_WIDGET (view));
  fc_test_gui_render_to_png (GTK_WIDGET (window), "webhooks-deliveries.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  fc_test_gui_render_to_png (GTK_WIDGET (window), "webhooks-deliveries-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  /* Fixed, a retry succeeds. */
  fixture->reply = SOUP_STATUS_OK;
  fc_test_gui_click (delivery_child (delivery, "retry_button"));
  wait_for_deliveries (view, 3, "Delivered");
  g_assert_false (gtk_widget_get_visible (delivery_child (get_row (view_child (view,
                                                                              "deliveries_list"),
                                                                  0),
                                                         "retry_button")));

  /* Edit through the dialog: a new description, every event. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "row.edit", NULL));
  {
    GtkWindow *dialog = wait_for_window (fixture, FC_TYPE_ENDPOINT_DIALOG, NULL);

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "url_row"))), ==,
                     fixture->url);
    g_assert_false (gtk_switch_get_active (GTK_SWITCH (dialog_child (dialog,
                                                                     "all_events_switch"))));
    gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "description_row")), "Board");
    gtk_switch_set_active (GTK_SWITCH (dialog_child (dialog, "all_events_switch")), TRUE);
    /* Enter in a field saves, as the Save button does. */
    g_signal_emit_by_name (dialog_child (dialog, "description_row"), "entry-activated");
    wait_for_window_gone (fixture, FC_TYPE_ENDPOINT_DIALOG, NULL);
  }
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Board · All events");

  /* Only the endpoint's deliveries, through its row. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "row.show-deliveries", NULL));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (view_child (view,
                                                                           "endpoint_dropdown"))),
                    ==, 1);
  g_assert_cmpuint (count_rows (view_child (view, "deliveries_list")), ==, 3);

  g_assert_false (gtk_widget_get_visible (view_child (view, "deliveries_more_button")));

  /* A new secret, shown once, signs what follows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "row.rotate-secret", NULL));
  respond (fixture, "_Replace Secret");
  {
    GtkWindow *secret_dialog = wait_for_window (fixture, ADW_TYPE_MESSAGE_DIALOG, "secret-label");
    GtkWidget *label = fc_test_gui_find_named (GTK_WIDGET (secret_dialog), "secret-label");
    g_autofree char *rotated = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
    g_autofree char *signature = NULL;
    guint n_before = fixture->bodies->len;

    g_assert_true (g_str_has_prefix (rotated, FC_NOTIFIER_SECRET_PREFIX));
    g_assert_cmpstr (rotated, !=, secret);
    click_response (secret_dialog, "I Have _Copied the Secret");
    wait_for_window_gone (fixture, ADW_TYPE_MESSAGE_DIALOG, "secret-label");

    emit_event (fixture, "sync.completed");
    wait_for_deliveries (view, 4, "Delivered");
    g_assert_cmpuint (fixture->bodies->len, ==, n_before + 1);
    signature = fc_notifier_sign (rotated, fixture->bodies->pdata[n_before],
                                  strlen (fixture->bodies->pdata[n_before]));
    g_assert_cmpstr (fixture->signatures->pdata[n_before], ==, signature);
  }

  remove_endpoint_through_row (fixture, view);
  g_assert_cmpuint (count_rows (view_child (view, "deliveries_list")), ==, 0);
}

static gboolean
endpoint_is_disabled (gpointer data)
{
  return !fc_endpoint_get_enabled (data);
}

/* Ten failed deliveries in a row disable the endpoint: a toast says so, the row says why. */
static void
test_endpoint_disabled (GuiFixture *fixture)
{
  FcWindow *window = fc_test_gui_get_main_window (fixture->app);
  g_autofree char *secret = NULL;
  g_autofree char *toast = NULL;
  FcWebhooksView *view;
  FcEndpointRow *row;
  FcEndpoint *endpoint;
  GtkWidget *label;

  view = show_webhooks_view (window);
  secret = add_endpoint_through_dialog (fixture, view);
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  row = get_endpoint_row (view);
  endpoint = fc_endpoint_row_get_endpoint (row);

  fixture->reply = SOUP_STATUS_SERVICE_UNAVAILABLE;
  for (guint i = 0; i < FC_NOTIFIER_MAX_CONSECUTIVE_FAILURES; i++)
    emit_event (fixture, "sync.failed");
  fc_test_gui_wait_until (endpoint_is_disabled, endpoint, "the endpoint to be disabled");
  g_assert_nonnull (fc_endpoint_get_disabled_reason (endpoint));

  toast = g_strdup_printf ("Disabled %s after 10 failed deliveries in a row",
                           fixture->url + strlen ("http://"));
  fc_test_gui_wait_for_text (GTK_WIDGET (window), toast);
  label = fc_test_gui_template_child (row, FC_TYPE_ENDPOINT_ROW, "failures_label");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Disabled by FluxCascade");
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                   fc_endpoint_get_disabled_reason (endpoint)));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (fc_test_gui_template_child (
                                                        row, FC_TYPE_ENDPOINT_ROW,
                                                        "enabled_switch"))));
  fc_test_gui_render_to_png (GTK_WIDGET (window), "webhooks-endpoint-disabled.png");

  remove_endpoint_through_row (fixture, view);
}

/* Received events list with their status; a failed one is retried from its row. */
static void
test_inbound_events (GuiFixture *fixture)
{
  FcWindow *window = fc_test_gui_get_main_window (fixture->app);
  FcStore *store = fc_engine_get_store (fixture->engine);
  g_autoptr (FcConnection) hubspot = NULL;
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func (
    (GDestroyNotify) fc_webhook_event_unref);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  FcWebhooksView *view;
  GtkWidget *list;
  GtkWidget *failed = NULL;
  guint stored = 0;
  gint64 id;

  hubspot = add_connection (fixture->engine, FC_PROVIDER_HUBSPOT, "Acme Plumbing");
  g_ptr_array_add (events, fc_webhook_event_new (FC_WEBHOOK_EVENT_UPDATE, "contacts", "501",
                                                 "evt-1", now));
  g_ptr_array_add (events, fc_webhook_event_new (FC_WEBHOOK_EVENT_CREATE, "contacts", "502",
                                                 "evt-2", now));
  g_assert_true (_fc_inbound_store_add (store, hubspot, events, g_get_real_time () / 1000,
                                        &stored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored, ==, 2);

  /* The newest fails for good. */
  view = show_webhooks_view (window);
  list = view_child (view, "events_list");
  g_assert_cmpuint (count_rows (list), ==, 2);
  id = fc_inbound_event_row_get_id (FC_INBOUND_EVENT_ROW (get_row (list, 0)));
  g_array_append_val (ids, id);
  g_assert_true (_fc_inbound_store_defer (store, ids, "HubSpot answered 503", NULL, 0,
                                          g_get_real_time () / 1000, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "webhooks.load-more-events",
                                             NULL));

  for (guint i = 0; i < count_rows (list); i++)
    if (g_strcmp0 (fc_inbound_event_row_get_status (FC_INBOUND_EVENT_ROW (get_row (list, i))),
                   "failed") == 0)
      failed = get_row (list, i);
  g_assert_nonnull (failed);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (failed)), ==,
                   "HubSpot · create of contacts 502");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (failed)),
                            "HubSpot answered 503"));
  g_assert_true (gtk_widget_get_visible (fc_test_gui_template_child (failed,
                                                                     FC_TYPE_INBOUND_EVENT_ROW,
                                                                     "retry_button")));
  fc_test_gui_wait_for_frame (GTK_WIDGET (window));
  fc_test_gui_render_to_png (GTK_WIDGET (window), "webhooks-received.png");

  fc_test_gui_click (fc_test_gui_template_child (failed, FC_TYPE_INBOUND_EVENT_ROW,
                                                 "retry_button"));
  for (guint i = 0; i < count_rows (list); i++)
    {
      FcInboundEventRow *row = FC_INBOUND_EVENT_ROW (get_row (list, i));

      if (fc_inbound_event_row_get_id (row) == id)
        g_assert_cmpstr (fc_inbound_event_row_get_status (row), !=, "failed");
    }
}

static void
test_no_display (void)
{
  g_test_skip ("no display: run under build-aux/fc-headless-session");
}

static const struct
{
  const char *path;
  GuiBody     body;
} cases[] = {
  { "/fc/gui-webhooks/listener", test_listener },
  { "/fc/gui-webhooks/endpoint-deliveries", test_endpoint_deliveries },
  { "/fc/gui-webhooks/endpoint-disabled", test_endpoint_disabled },
  { "/fc/gui-webhooks/inbound-events", test_inbound_events },
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fc_test_gui_set_wait_timeout (20);
  g_setenv ("LANGUAGE", "C", TRUE);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/fc/gui-webhooks/no-display", test_no_display);
      return g_test_run ();
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add (cases[i].path, GuiFixture, cases[i].body, fixture_set_up, run_gui_case,
                fixture_tear_down);

  return g_test_run ();
}
