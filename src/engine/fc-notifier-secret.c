/* fc-notifier-secret.c: the signing secrets of webhook endpoints, in the keyring
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-notifier"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <glib/gi18n-lib.h>

#include "fc-notifier-private.h"

#define SECRET_BYTES 32

/* Items of their own schema, keyed by the endpoint's id; never in the database. */
static const SecretSchema secret_schema = {
  "com.fluxcascade.FluxCascade.WebhookSecret",
  SECRET_SCHEMA_NONE,
  {
    { "endpoint-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

const SecretSchema *
_fc_notifier_secret_get_schema (void)
{
  return &secret_schema;
}

void
_fc_notifier_secret_free (char *secret)
{
  volatile char *p = secret;

  if (secret == NULL)
    return;
  while (*p != '\0')
    *p++ = '\0';
  g_free (secret);
}

char *
_fc_notifier_secret_generate (GError **error)
{
  guchar bytes[SECRET_BYTES];
  gsize filled = 0;
  g_autofree char *encoded = NULL;
  char *secret;

  /* The kernel's CSPRNG; GLib's g_random_* is not meant for keys. */
  while (filled < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          g_set_error (error, FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_KEYRING,
                       _("No random bytes for a signing secret: %s"), g_strerror (saved));
          return NULL;
        }
      filled += (gsize) n;
    }

  encoded = g_base64_encode (bytes, sizeof bytes);
  memset (bytes, 0, sizeof bytes);

  /* base64url without padding */
  for (char *p = encoded; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }

  secret = g_strconcat (FC_NOTIFIER_SECRET_PREFIX, encoded, NULL);
  memset (encoded, 0, strlen (encoded));
  return secret;
}

static GHashTable *
build_attributes (const char *endpoint_id)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "endpoint-id", g_strdup (endpoint_id));
  return attributes;
}

static GError *
translate_error (GError     *error,
                 const char *what,
                 const char *endpoint_id)
{
  GError *translated;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  /* Translators: the first %s says what was being done, e.g. "store the signing secret". */
  translated = g_error_new (FC_NOTIFIER_ERROR, FC_NOTIFIER_ERROR_KEYRING,
                            _("The keyring could not %s of webhook endpoint %s: %s"),
                            what, endpoint_id, error->message);
  g_error_free (error);
  return translated;
}

/* store */

static void
on_store_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, translate_error (error, _("store the signing secret"),
                                                g_task_get_task_data (task)));
  else
    g_task_return_boolean (task, TRUE);
}

void
_fc_notifier_secret_store_async (const char          *endpoint_id,
                                 const char          *url,
                                 const char          *secret,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GHashTable) attributes = build_attributes (endpoint_id);
  /* Translators: the label of a keyring item, seen in Passwords and Keys; %s is a URL. */
  g_autofree char *label = g_strdup_printf (_("FluxCascade webhook signing secret for %s"), url);

  g_task_set_source_tag (task, _fc_notifier_secret_store_async);
  g_task_set_task_data (task, g_strdup (endpoint_id), g_free);
  secret_password_storev (&secret_schema, attributes, SECRET_COLLECTION_DEFAULT, label, secret,
                          cancellable, on_store_done_cb, g_steal_pointer (&task));
}

gboolean
_fc_notifier_secret_store_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* lookup */

static void
on_lookup_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error, _("read the signing secret"),
                                                  g_task_get_task_data (task)));
      return;
    }

  g_task_return_pointer (task, secret, (GDestroyNotify) _fc_notifier_secret_free);
}

void
_fc_notifier_secret_lookup_async (const char          *endpoint_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GHashTable) attributes = build_attributes (endpoint_id);

  g_task_set_source_tag (task, _fc_notifier_secret_lookup_async);
  g_task_set_task_data (task, g_strdup (endpoint_id), g_free);
  secret_password_lookupv (&secret_schema, attributes, cancellable, on_lookup_done_cb,
                           g_steal_pointer (&task));
}

char *
_fc_notifier_secret_lookup_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* clear */

static void
on_clear_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was no item, which is what the caller wants. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, translate_error (error, _("delete the signing secret"),
                                                g_task_get_task_data (task)));
  else
    g_task_return_boolean (task, TRUE);
}

void
_fc_notifier_secret_clear_async (const char          *endpoint_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GHashTable) attributes = build_attributes (endpoint_id);

  g_task_set_source_tag (task, _fc_notifier_secret_clear_async);
  g_task_set_task_data (task, g_strdup (endpoint_id), g_free);
  secret_password_clearv (&secret_schema, attributes, cancellable, on_clear_done_cb,
                          g_steal_pointer (&task));
}

gboolean
_fc_notifier_secret_clear_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
