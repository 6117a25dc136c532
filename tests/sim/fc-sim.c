/* fc-sim.c: the simulator object: serving, routing, faults, counters, clock and randomness
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim"

#include "config.h"

#include <string.h>

#include "fc-sim-private.h"

G_DEFINE_QUARK (fc-sim-error-quark, fc_sim_error)

G_DEFINE_FINAL_TYPE (FcSim, fc_sim, G_TYPE_OBJECT)

typedef struct
{
  FcSim          *sim;
  GSourceFunc     func;
  gpointer        data;
  GDestroyNotify  destroy;
  GSource        *source;
} Scheduled;

static void
route_free (gpointer data)
{
  FcSimRoute *route = data;

  g_free (route->mount);
  g_free (route->method);
  g_free (route->pattern);
  g_strfreev (route->segments);
  g_free (route->counter_name);
  g_free (route);
}

static void
provider_free (gpointer data)
{
  FcSimProvider *provider = data;

  if (provider->klass->free_state != NULL)
    provider->klass->free_state (provider->state);
  _fc_sim_oauth_settings_clear (&provider->oauth);
  _fc_sim_faults_clear (&provider->faults);
  g_clear_pointer (&provider->faults.error_statuses, g_array_unref);
  _fc_sim_retry_policy_clear (&provider->retry);
  g_free (provider);
}

static void
fc_sim_finalize (GObject *object)
{
  FcSim *self = FC_SIM (object);

  fc_sim_stop (self);

  g_clear_pointer (&self->providers, g_ptr_array_unref);
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->counters, g_hash_table_unref);
  _fc_sim_oauth_clear (self);
  _fc_sim_webhooks_clear (self);
  g_clear_pointer (&self->write_log, _fc_sim_writes_free);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->start_mutex);
  g_cond_clear (&self->start_cond);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (fc_sim_parent_class)->finalize (object);
}

static void
fc_sim_class_init (FcSimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fc_sim_finalize;
}

static void
fc_sim_init (FcSim *self)
{
  g_rec_mutex_init (&self->lock);
  g_mutex_init (&self->start_mutex);
  g_cond_init (&self->start_cond);

  self->rand = g_rand_new ();
  self->providers = g_ptr_array_new_with_free_func (provider_free);
  self->routes = g_ptr_array_new_with_free_func (route_free);
  self->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sources = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_source_unref);

  _fc_sim_oauth_init (self);
  _fc_sim_webhooks_init (self);

  /* Adding a provider: one file with a register function, and one line here. */
  _fc_sim_hubspot_register (self);
  _fc_sim_pipedrive_register (self);
  _fc_sim_jobber_register (self);
  _fc_sim_salesforce_register (self);
  _fc_sim_control_register (self);
}

/**
 * fc_sim_new:
 *
 * Creates a simulator with HubSpot and Pipedrive registered and no records. Start it with
 * fc_sim_start() or fc_sim_start_in_thread().
 */
FcSim *
fc_sim_new (void)
{
  return g_object_new (FC_TYPE_SIM, NULL);
}

void
fc_sim_set_seed (FcSim   *self,
                 guint32  seed)
{
  g_return_if_fail (FC_IS_SIM (self));

  _fc_sim_lock (self);
  g_rand_set_seed (self->rand, seed);
  _fc_sim_unlock (self);
}

void
fc_sim_set_verbose (FcSim    *self,
                    gboolean  verbose)
{
  g_return_if_fail (FC_IS_SIM (self));

  self->verbose = verbose;
}

void
_fc_sim_lock (FcSim *self)
{
  g_rec_mutex_lock (&self->lock);
}

void
_fc_sim_unlock (FcSim *self)
{
  g_rec_mutex_unlock (&self->lock);
}

/* Clock */

gint64
_fc_sim_now_ms (FcSim *self)
{
  if (self->clock_frozen)
    return self->frozen_ms;

  return g_get_real_time () / 1000 + self->clock_offset_ms;
}

void
_fc_sim_set_clock (FcSim    *self,
                   gboolean  frozen,
                   gint64    advance_ms)
{
  gint64 now = _fc_sim_now_ms (self);

  if (frozen && !self->clock_frozen)
    self->frozen_ms = now;
  else if (!frozen && self->clock_frozen)
    self->clock_offset_ms = self->frozen_ms - g_get_real_time () / 1000;
  self->clock_frozen = frozen;

  if (frozen)
    self->frozen_ms += advance_ms;
  else
    self->clock_offset_ms += advance_ms;
}

gint64
fc_sim_get_time_ms (FcSim *self)
{
  gint64 now;

  g_return_val_if_fail (FC_IS_SIM (self), 0);

  _fc_sim_lock (self);
  now = _fc_sim_now_ms (self);
  _fc_sim_unlock (self);

  return now;
}

void
fc_sim_set_clock_frozen (FcSim    *self,
                         gboolean  frozen)
{
  g_return_if_fail (FC_IS_SIM (self));

  _fc_sim_lock (self);
  _fc_sim_set_clock (self, frozen, 0);
  _fc_sim_unlock (self);
}

void
fc_sim_advance_clock (FcSim  *self,
                      gint64  milliseconds)
{
  g_return_if_fail (FC_IS_SIM (self));

  _fc_sim_lock (self);
  _fc_sim_set_clock (self, self->clock_frozen, milliseconds);
  _fc_sim_unlock (self);
}

/* Randomness: one generator, seeded by --seed, so that runs repeat */

double
_fc_sim_random_double (FcSim *self)
{
  return g_rand_double (self->rand);
}

gint32
_fc_sim_random_int (FcSim  *self,
                    gint32  begin,
                    gint32  end)
{
  return g_rand_int_range (self->rand, begin, end);
}

char *
_fc_sim_random_hex (FcSim *self,
                    guint  n_chars)
{
  static const char digits[] = "0123456789abcdef";
  GString *out = g_string_sized_new (n_chars);

  for (guint i = 0; i < n_chars; i++)
    g_string_append_c (out, digits[g_rand_int_range (self->rand, 0, 16)]);

  return g_string_free (out, FALSE);
}

char *
_fc_sim_random_uuid (FcSim *self)
{
  g_autofree char *hex = _fc_sim_random_hex (self, 32);
  static const char variants[] = "89ab";

  hex[12] = '4';
  hex[16] = variants[g_rand_int_range (self->rand, 0, 4)];

  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s",
                          hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

char *
_fc_sim_random_token (FcSim      *self,
                      const char *prefix,
                      guint       n_chars)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  GString *out = g_string_new (prefix);

  for (guint i = 0; i < n_chars; i++)
    g_string_append_c (out, alphabet[g_rand_int_range (self->rand, 0, sizeof alphabet - 1)]);

  return g_string_free (out, FALSE);
}

/* Providers */

FcSimProvider *
_fc_sim_add_provider (FcSim                    *self,
                      const FcSimProviderClass *klass,
                      gpointer                  state)
{
  FcSimProvider *provider = g_new0 (FcSimProvider, 1);
  static const guint no_delays[] = { 0 };

  provider->klass = klass;
  provider->sim = self;
  provider->state = state;
  provider->limits_enabled = TRUE;
  provider->faults.error_statuses = g_array_new (FALSE, FALSE, sizeof (guint));
  _fc_sim_faults_clear (&provider->faults);
  _fc_sim_retry_policy_init (&provider->retry, 1, no_delays, 1, 10000);
  g_ptr_array_add (self->providers, provider);

  return provider;
}

FcSimProvider *
_fc_sim_find_provider (FcSim       *self,
                       const char  *name,
                       GError     **error)
{
  for (guint i = 0; name != NULL && i < self->providers->len; i++)
    {
      FcSimProvider *provider = g_ptr_array_index (self->providers, i);

      if (g_str_equal (provider->klass->name, name))
        return provider;
    }

  if (error != NULL)
    {
      g_auto (GStrv) names = fc_sim_list_providers (self);
      g_autofree char *known = g_strjoinv (", ", names);

      g_set_error (error, FC_SIM_ERROR, FC_SIM_ERROR_UNKNOWN_PROVIDER,
                   "Unknown provider “%s”; the simulator serves %s",
                   name != NULL ? name : "(null)", known);
    }
  return NULL;
}

GPtrArray *
_fc_sim_get_providers (FcSim *self)
{
  return self->providers;
}

char **
fc_sim_list_providers (FcSim *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **names;

  g_return_val_if_fail (FC_IS_SIM (self), NULL);

  for (guint i = 0; i < self->providers->len; i++)
    {
      FcSimProvider *provider = g_ptr_array_index (self->providers, i);

      g_strv_builder_add (builder, provider->klass->name);
    }
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return names;
}

/* TRUE when any provider enforces its rate limits */
gboolean
_fc_sim_rate_limits_enabled (FcSim *self)
{
  for (guint i = 0; i < self->providers->len; i++)
    {
      FcSimProvider *provider = g_ptr_array_index (self->providers, i);

      if (provider->limits_enabled)
        return TRUE;
    }

  return FALSE;
}

void
_fc_sim_set_all_limits (FcSim    *self,
                        gboolean  enabled)
{
  for (guint i = 0; i < self->providers->len; i++)
    {
      FcSimProvider *provider = g_ptr_array_index (self->providers, i);

      provider->limits_enabled = enabled;
    }
}

/* Scheduled work on the simulator's own main context */

static gboolean
scheduled_dispatch_cb (gpointer user_data)
{
  Scheduled *scheduled = user_data;

  scheduled->func (scheduled->data);

  return G_SOURCE_REMOVE;
}

static void
scheduled_free (gpointer user_data)
{
  Scheduled *scheduled = user_data;
  FcSim *sim = scheduled->sim;

  if (scheduled->destroy != NULL)
    scheduled->destroy (scheduled->data);

  _fc_sim_lock (sim);
  g_hash_table_remove (sim->sources, scheduled->source);
  _fc_sim_unlock (sim);
  g_free (scheduled);
}

/* Runs @func once on the simulator's main context after @delay_ms. @func returns nothing of
 * interest; @destroy frees @data whether @func ran or the simulator stopped first. */
GSource *
_fc_sim_schedule (FcSim          *self,
                  guint           delay_ms,
                  GSourceFunc     func,
                  gpointer        data,
                  GDestroyNotify  destroy)
{
  Scheduled *scheduled;
  GSource *source;

  if (self->context == NULL)
    {
      if (destroy != NULL)
        destroy (data);
      return NULL;
    }

  scheduled = g_new0 (Scheduled, 1);
  scheduled->sim = self;
  scheduled->func = func;
  scheduled->data = data;
  scheduled->destroy = destroy;

  source = delay_ms == 0 ? g_idle_source_new () : g_timeout_source_new (delay_ms);
  scheduled->source = source;
  g_source_set_name (source, "[fc-sim] scheduled");
  g_source_set_callback (source, scheduled_dispatch_cb, scheduled, scheduled_free);
  _fc_sim_lock (self);
  g_hash_table_add (self->sources, g_source_ref (source));
  _fc_sim_unlock (self);
  g_source_attach (source, self->context);
  g_source_unref (source);

  return source;
}

SoupSession *
_fc_sim_get_session (FcSim *self)
{
  return self->session;
}

GCancellable *
_fc_sim_get_cancellable (FcSim *self)
{
  return self->cancellable;
}

/* Serving */

static gboolean
start_serving (FcSim   *self,
               guint    port,
               GError **error)
{
  g_autoptr (GSocketAddress) address = NULL;
  GSList *uris;

  self->server = soup_server_new ("server-header", "fc-provider-sim ", NULL);
  soup_server_add_handler (self->server, NULL, _fc_sim_handle_server_request, self, NULL);

  address = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  if (!soup_server_listen (self->server, address, 0, error))
    {
      g_prefix_error (error, "Cannot listen on 127.0.0.1:%u: ", port);
      g_clear_object (&self->server);
      return FALSE;
    }

  uris = soup_server_get_uris (self->server);
  self->port = uris != NULL ? (guint) g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  _fc_sim_lock (self);
  g_free (self->base_url);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  _fc_sim_unlock (self);

  self->session = soup_session_new_with_options ("timeout", 10,
                                                 "user-agent", "fc-provider-sim",
                                                 NULL);
  self->cancellable = g_cancellable_new ();

  return TRUE;
}

/* Runs on the simulator's context: drops scheduled work, ends deliveries, closes the server. */
static void
stop_serving (FcSim *self)
{
  g_autofree gpointer *sources = NULL;
  guint n_sources = 0;
  guint tries = 0;

  g_cancellable_cancel (self->cancellable);

  _fc_sim_lock (self);
  sources = g_hash_table_get_keys_as_array (self->sources, &n_sources);
  for (guint i = 0; i < n_sources; i++)
    g_source_ref (sources[i]);
  _fc_sim_unlock (self);

  for (guint i = 0; i < n_sources; i++)
    {
      g_source_destroy (sources[i]);
      g_source_unref (sources[i]);
    }

  soup_session_abort (self->session);
  while (_fc_sim_webhooks_in_flight (self) > 0 && tries++ < 2000)
    {
      if (!g_main_context_iteration (self->context, FALSE))
        g_usleep (1000);
    }

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
}

/**
 * fc_sim_start:
 * @port: a TCP port on 127.0.0.1, or 0 for any free one
 *
 * Serves on the thread-default main context of the caller. Requests are answered only while
 * that context runs, so a test that blocks on a synchronous call must use
 * fc_sim_start_in_thread() instead.
 */
gboolean
fc_sim_start (FcSim    *self,
              guint     port,
              GError  **error)
{
  g_return_val_if_fail (FC_IS_SIM (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  self->context = g_main_context_ref_thread_default ();
  if (!start_serving (self, port, error))
    {
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }

  return TRUE;
}

static gpointer
serve_thread (gpointer user_data)
{
  FcSim *self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);
  ok = start_serving (self, self->start_port, &error);

  g_mutex_lock (&self->start_mutex);
  self->start_done = TRUE;
  self->start_error = g_steal_pointer (&error);
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_mutex);

  if (ok)
    {
      g_main_loop_run (self->loop);
      stop_serving (self);
    }
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

/**
 * fc_sim_start_in_thread:
 * @port: a TCP port on 127.0.0.1, or 0 for any free one
 *
 * Serves from a thread of its own with its own main context; the caller may block.
 */
gboolean
fc_sim_start_in_thread (FcSim    *self,
                        guint     port,
                        GError  **error)
{
  g_return_val_if_fail (FC_IS_SIM (self), FALSE);
  g_return_val_if_fail (self->server == NULL && self->thread == NULL, FALSE);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->start_port = port;
  self->start_done = FALSE;
  self->thread = g_thread_new ("fc-provider-sim", serve_thread, self);

  g_mutex_lock (&self->start_mutex);
  while (!self->start_done)
    g_cond_wait (&self->start_cond, &self->start_mutex);
  g_mutex_unlock (&self->start_mutex);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }

  return TRUE;
}

static gboolean
quit_loop_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

void
fc_sim_stop (FcSim *self)
{
  g_return_if_fail (FC_IS_SIM (self));

  if (self->thread != NULL)
    {
      /* Quit from inside the loop: a quit before the thread reached g_main_loop_run() would be
       * forgotten. */
      g_autoptr (GSource) source = g_idle_source_new ();

      g_source_set_callback (source, quit_loop_cb, g_main_loop_ref (self->loop),
                             (GDestroyNotify) g_main_loop_unref);
      g_source_attach (source, self->context);
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
    }
  else if (self->server != NULL)
    {
      stop_serving (self);
    }

  g_clear_pointer (&self->context, g_main_context_unref);
}

guint
fc_sim_get_port (FcSim *self)
{
  g_return_val_if_fail (FC_IS_SIM (self), 0);

  return self->port;
}

const char *
fc_sim_get_base_url (FcSim *self)
{
  g_return_val_if_fail (FC_IS_SIM (self), NULL);

  return self->base_url;
}

static char *
mount_url (FcSim      *self,
           const char *provider_name,
           gboolean    auth)
{
  FcSimProvider *provider;
  char *url = NULL;

  _fc_sim_lock (self);
  provider = _fc_sim_find_provider (self, provider_name, NULL);
  if (provider != NULL && self->base_url != NULL)
    url = g_strdup_printf ("%s/%s", self->base_url,
                           auth ? provider->klass->auth_mount : provider->klass->api_mount);
  _fc_sim_unlock (self);

  return url;
}

/* The URL a connector uses as its API base, e.g. http://127.0.0.1:PORT/hubspot */
char *
fc_sim_get_api_base_url (FcSim      *self,
                         const char *provider)
{
  g_return_val_if_fail (FC_IS_SIM (self), NULL);

  return mount_url (self, provider, FALSE);
}

/* The URL a connector uses as its OAuth base, e.g. http://127.0.0.1:PORT/hubspot-auth */
char *
fc_sim_get_auth_base_url (FcSim      *self,
                          const char *provider)
{
  g_return_val_if_fail (FC_IS_SIM (self), NULL);

  return mount_url (self, provider, TRUE);
}

/* Counts one more call under an endpoint name of the provider's choosing, next to the route's
 * own counter (Jobber counts each GraphQL root field as "graphql:clients"). Call with the lock
 * held. */
void
_fc_sim_counters_add (FcSim      *self,
                      const char *provider,
                      const char *method,
                      const char *endpoint,
                      guint       status)
{
  g_autofree char *key = g_strdup_printf ("%s\t%s\t%s\t%u", provider, method, endpoint, status);
  gpointer value = g_hash_table_lookup (self->counters, key);

  g_hash_table_replace (self->counters, g_steal_pointer (&key),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
}

/* Forgets every record, token, delivery and counter; settings stay. */
void
_fc_sim_reset_data (FcSim *self)
{
  for (guint i = 0; i < self->providers->len; i++)
    {
      FcSimProvider *provider = g_ptr_array_index (self->providers, i);

      provider->klass->reset (provider);
      _fc_sim_faults_clear (&provider->faults);
    }
  g_hash_table_remove_all (self->tokens);
  g_hash_table_remove_all (self->codes);
  g_ptr_array_set_size (self->delivery_log, 0);
  _fc_sim_counters_reset (self);
}
