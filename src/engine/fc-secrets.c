/* fc-secrets.c: tokens in the system keyring (libsecret), and the FcToken they hold
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-secrets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#ifdef __linux__
#include <errno.h>
#include <sys/prctl.h>
#endif

#include "fc-provider-info.h"
#include "fc-secrets.h"

/* ---- FcToken --------------------------------------------------------------------------- */

struct _FcToken
{
  gatomicrefcount  ref_count;

  FcTokenKind      kind;
  char            *access_token;
  char            *refresh_token;
  char            *token_type;
  char            *scope;
  gint64           expires_at;
  char            *api_domain;
  char            *instance_url;
  char            *identity_url;
  char            *client_id;
  char            *client_secret;
};

G_DEFINE_BOXED_TYPE (FcToken, fc_token, fc_token_ref, fc_token_unref)

/* Overwrites a secret string before freeing it, so that it does not linger in freed memory. */
static void
wipe_free (char *secret)
{
  volatile char *p = secret;

  if (secret == NULL)
    return;

  while (*p != '\0')
    *p++ = '\0';
  g_free (secret);
}

static char *
dup_nonempty (const char *value)
{
  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static FcToken *
token_alloc (FcTokenKind kind)
{
  FcToken *self = g_new0 (FcToken, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  return self;
}

FcToken *
fc_token_new_oauth (const char *access_token,
                    const char *refresh_token,
                    const char *token_type,
                    const char *scope,
                    gint64      expires_at)
{
  FcToken *self;

  g_return_val_if_fail (access_token != NULL, NULL);

  self = token_alloc (FC_TOKEN_KIND_OAUTH);
  self->access_token = g_strdup (access_token);
  self->refresh_token = dup_nonempty (refresh_token);
  self->token_type = dup_nonempty (token_type);
  self->scope = dup_nonempty (scope);
  self->expires_at = MAX (expires_at, 0);
  return self;
}

FcToken *
fc_token_new_static (const char *access_token)
{
  FcToken *self;

  g_return_val_if_fail (access_token != NULL, NULL);

  self = token_alloc (FC_TOKEN_KIND_STATIC);
  self->access_token = g_strdup (access_token);
  return self;
}

FcToken *
fc_token_ref (FcToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
fc_token_unref (FcToken *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  wipe_free (self->access_token);
  wipe_free (self->refresh_token);
  wipe_free (self->client_secret);
  g_free (self->token_type);
  g_free (self->scope);
  g_free (self->api_domain);
  g_free (self->instance_url);
  g_free (self->identity_url);
  g_free (self->client_id);
  g_free (self);
}

FcToken *
fc_token_copy (FcToken *self)
{
  FcToken *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = token_alloc (self->kind);
  copy->access_token = g_strdup (self->access_token);
  copy->refresh_token = g_strdup (self->refresh_token);
  copy->token_type = g_strdup (self->token_type);
  copy->scope = g_strdup (self->scope);
  copy->expires_at = self->expires_at;
  copy->api_domain = g_strdup (self->api_domain);
  copy->instance_url = g_strdup (self->instance_url);
  copy->identity_url = g_strdup (self->identity_url);
  copy->client_id = g_strdup (self->client_id);
  copy->client_secret = g_strdup (self->client_secret);
  return copy;
}

FcTokenKind
fc_token_get_kind (FcToken *self)
{
  g_return_val_if_fail (self != NULL, FC_TOKEN_KIND_OAUTH);
  return self->kind;
}

gboolean
fc_token_is_static (FcToken *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->kind == FC_TOKEN_KIND_STATIC;
}

const char *
fc_token_get_access_token (FcToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->access_token;
}

const char *
fc_token_get_refresh_token (FcToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->refresh_token;
}

const char *
fc_token_get_token_type (FcToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->token_type;
}

const char *
fc_token_get_scope (FcToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->scope;
}

gint64
fc_token_get_expires_at (FcToken *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->expires_at;
}

const char *
fc_token_get_api_domain (FcToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->api_domain;
}

const char *
fc_token_get_instance_url (FcToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->instance_url;
}

const char *
fc_token_get_identity_url (FcToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->identity_url;
}

const char *
fc_token_get_account_api_url (FcToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->api_domain != NULL ? self->api_domain : self->instance_url;
}

const char *
fc_token_get_client_id (FcToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->client_id;
}

const char *
fc_token_get_client_secret (FcToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->client_secret;
}

static void
replace_string (char       **field,
                const char  *value)
{
  char *copy = dup_nonempty (value);

  g_free (*field);
  *field = copy;
}

void
fc_token_set_api_domain (FcToken    *self,
                         const char *api_domain)
{
  g_return_if_fail (self != NULL);
  replace_string (&self->api_domain, api_domain);
}

void
fc_token_set_instance_url (FcToken    *self,
                           const char *instance_url)
{
  g_return_if_fail (self != NULL);
  replace_string (&self->instance_url, instance_url);
}

void
fc_token_set_identity_url (FcToken    *self,
                           const char *identity_url)
{
  g_return_if_fail (self != NULL);
  replace_string (&self->identity_url, identity_url);
}

void
fc_token_set_client (FcToken    *self,
                     const char *client_id,
                     const char *client_secret)
{
  g_return_if_fail (self != NULL);

  replace_string (&self->client_id, client_id);
  wipe_free (g_steal_pointer (&self->client_secret));
  self->client_secret = dup_nonempty (client_secret);
}

gboolean
fc_token_expires_within (FcToken *self,
                         gint64   seconds)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->expires_at == 0)
    return FALSE;

  return self->expires_at - g_get_real_time () / G_USEC_PER_SEC <= seconds;
}

/* ---- the blob -------------------------------------------------------------------------- */

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

char *
fc_token_serialize (FcToken *token)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (token != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FC_SECRETS_TOKEN_VERSION);
  add_string_member (builder, "kind", token->kind == FC_TOKEN_KIND_STATIC ? "static" : "oauth");
  add_string_member (builder, "access_token", token->access_token);
  add_string_member (builder, "refresh_token", token->refresh_token);
  add_string_member (builder, "token_type", token->token_type);
  add_string_member (builder, "scope", token->scope);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_int_value (builder, token->expires_at);
  add_string_member (builder, "api_domain", token->api_domain);
  add_string_member (builder, "instance_url", token->instance_url);
  add_string_member (builder, "identity_url", token->identity_url);
  add_string_member (builder, "client_id", token->client_id);
  add_string_member (builder, "client_secret", token->client_secret);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Reads an optional string member into *@out; FALSE (and a message naming the member, never
 * its value) when it is present with another type. */
static gboolean
read_string_member (JsonObject  *object,
                    const char  *name,
                    char       **out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, FC_SECRETS_ERROR, FC_SECRETS_ERROR_CORRUPT,
                   _("The stored token’s field “%s” is not a string"), name);
      return FALSE;
    }

  *out = dup_nonempty (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_int_member (JsonObject  *object,
                 const char  *name,
                 gboolean     required,
                 gint64      *out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      if (!required)
        return TRUE;
      g_set_error (error, FC_SECRETS_ERROR, FC_SECRETS_ERROR_CORRUPT,
                   _("The stored token has no “%s” field"), name);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, FC_SECRETS_ERROR, FC_SECRETS_ERROR_CORRUPT,
                   _("The stored token’s field “%s” is not a whole number"), name);
      return FALSE;
    }

  *out = json_node_get_int (node);
  return TRUE;
}

FcToken *
fc_token_deserialize (const char  *blob,
                      GError     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (FcToken) token = NULL;
  g_autofree char *kind = NULL;
  JsonNode *root;
  JsonObject *object;
  gint64 version = 0;

  g_return_val_if_fail (blob != NULL, NULL);

  /* The parser's own message may quote the text around the fault: do not pass it on. */
  if (!json_parser_load_from_data (parser, blob, -1, NULL))
    {
      g_set_error_literal (error, FC_SECRETS_ERROR, FC_SECRETS_ERROR_CORRUPT,
                           _("The stored token is not JSON"));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, FC_SECRETS_ERROR, FC_SECRETS_ERROR_CORRUPT,
                           _("The stored token is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!read_int_member (object, "version", TRUE, &version, error))
    return NULL;
  if (version > FC_SECRETS_TOKEN_VERSION)
    {
      g_set_error (error, FC_SECRETS_ERROR, FC_SECRETS_ERROR_TOO_NEW,
                   _("The stored token has format version %lld"
                     ", newer than version %d that this FluxCascade reads"),
                   (long long) version, FC_SECRETS_TOKEN_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      g_set_error (error, FC_SECRETS_ERROR, FC_SECRETS_ERROR_CORRUPT,
                   _("The stored token has an invalid format version %lld"),
                   (long long) version);
      return NULL;
    }

  if (!read_string_member (object, "kind", &kind, error))
    return NULL;
  if (g_strcmp0 (kind, "oauth") == 0)
    token = token_alloc (FC_TOKEN_KIND_OAUTH);
  else if (g_strcmp0 (kind, "static") == 0)
    token = token_alloc (FC_TOKEN_KIND_STATIC);
  else
    {
      g_set_error_literal (error, FC_SECRETS_ERROR, FC_SECRETS_ERROR_CORRUPT,
                           _("The stored token’s field “kind” is neither “oauth” "
                             "nor “static”"));
      return NULL;
    }

  if (!read_string_member (object, "access_token", &token->access_token, error) ||
      !read_string_member (object, "refresh_token", &token->refresh_token, error) ||
      !read_string_member (object, "token_type", &token->token_type, error) ||
      !read_string_member (object, "scope", &token->scope, error) ||
      !read_int_member (object, "expires_at", FALSE, &token->expires_at, error) ||
      !read_string_member (object, "api_domain", &token->api_domain, error) ||
      !read_string_member (object, "instance_url", &token->instance_url, error) ||
      !read_string_member (object, "identity_url", &token->identity_url, error) ||
      !read_string_member (object, "client_id", &token->client_id, error) ||
      !read_string_member (object, "client_secret", &token->client_secret, error))
    return NULL;

  if (token->access_token == NULL)
    {
      g_set_error_literal (error, FC_SECRETS_ERROR, FC_SECRETS_ERROR_CORRUPT,
                           _("The stored token has no access token"));
      return NULL;
    }
  if (token->expires_at < 0)
    {
      g_set_error_literal (error, FC_SECRETS_ERROR, FC_SECRETS_ERROR_CORRUPT,
                           _("The stored token’s field “expires_at” is negative"));
      return NULL;
    }

  return g_steal_pointer (&token);
}

/* ---- FcSecrets ------------------------------------------------------------------------- */

struct _FcSecrets
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (FcSecrets, fc_secrets, G_TYPE_OBJECT)

G_DEFINE_QUARK (fc-secrets-error-quark, fc_secrets_error)

/* Every kind of secret has a schema and a function that names an item; webhook signing keys
 * will add a second pair next to these and reuse the generic store, lookup and clear below. */
static const SecretSchema token_schema = {
  FC_SECRETS_TOKEN_SCHEMA,
  SECRET_SCHEMA_NONE,
  {
    { "connection-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

const SecretSchema *
fc_secrets_get_token_schema (void)
{
  return &token_schema;
}

static GHashTable *
build_token_attributes (FcConnection *connection)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const char *provider = fc_provider_info_get (fc_connection_get_provider (connection))->name;

  g_hash_table_insert (attributes, (gpointer) "connection-id",
                       g_strdup (fc_connection_get_id (connection)));
  g_hash_table_insert (attributes, (gpointer) "provider", g_strdup (provider));
  return attributes;
}

static char *
build_token_label (FcConnection *connection)
{
  g_autofree char *title = fc_connection_dup_title (connection);

  /* Translators: the label of a keyring item, seen in Passwords and Keys; %s is a connection
   * such as "HubSpot · Acme Inc." */
  return g_strdup_printf (_("FluxCascade sign-in for %s"), title);
}

typedef enum {
  OPERATION_STORE,
  OPERATION_READ,
  OPERATION_DELETE,
} Operation;

/* Turns a libsecret failure into FC_SECRETS_ERROR_UNAVAILABLE, keeping cancellation as is. */
static GError *
translate_error (GError       *error,
                 Operation     operation,
                 FcConnection *connection)
{
  const char *id = fc_connection_get_id (connection);
  GError *translated;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  switch (operation)
    {
    case OPERATION_STORE:
      translated = g_error_new (FC_SECRETS_ERROR, FC_SECRETS_ERROR_UNAVAILABLE,
                                _("The keyring could not store the token of connection %s: %s"),
                                id, error->message);
      break;
    case OPERATION_READ:
      translated = g_error_new (FC_SECRETS_ERROR, FC_SECRETS_ERROR_UNAVAILABLE,
                                _("The keyring could not read the token of connection %s: %s"),
                                id, error->message);
      break;
    case OPERATION_DELETE:
    default:
      translated = g_error_new (FC_SECRETS_ERROR, FC_SECRETS_ERROR_UNAVAILABLE,
                                _("The keyring could not delete the token of connection %s: %s"),
                                id, error->message);
      break;
    }

  g_error_free (error);
  return translated;
}

/* Parses a secret read from the keyring, then wipes and frees it. */
static FcToken *
parse_secret (char          *secret,
              FcConnection  *connection,
              GError       **error)
{
  FcToken *token;

  if (secret == NULL)
    return NULL;

  token = fc_token_deserialize (secret, error);
  secret_password_free (secret);
  if (token == NULL)
    g_prefix_error (error, _("Connection %s: "), fc_connection_get_id (connection));
  return token;
}

static gboolean
check_storable (FcToken  *token,
                GError  **error)
{
  if (token->access_token != NULL && *token->access_token != '\0')
    return TRUE;

  g_set_error_literal (error, FC_SECRETS_ERROR, FC_SECRETS_ERROR_INVALID,
                       _("A token without an access token cannot be stored"));
  return FALSE;
}

static void
fc_secrets_class_init (FcSecretsClass *klass)
{
}

static void
fc_secrets_init (FcSecrets *self)
{
}

FcSecrets *
fc_secrets_new (void)
{
  return g_object_new (FC_TYPE_SECRETS, NULL);
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
    g_task_return_error (task,
                         translate_error (error, OPERATION_STORE, g_task_get_task_data (task)));
  else
    g_task_return_boolean (task, TRUE);
}

void
fc_secrets_store_token_async (FcSecrets           *self,
                              FcConnection        *connection,
                              FcToken             *token,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  char *blob;
  GError *error = NULL;

  g_return_if_fail (FC_IS_SECRETS (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_secrets_store_token_async);
  g_task_set_task_data (task, g_object_ref (connection), g_object_unref);

  if (!check_storable (token, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  attributes = build_token_attributes (connection);
  label = build_token_label (connection);
  blob = fc_token_serialize (token);
  secret_password_storev (&token_schema, attributes, SECRET_COLLECTION_DEFAULT, label, blob,
                          cancellable, on_store_done_cb, g_steal_pointer (&task));
  wipe_free (blob);
}

gboolean
fc_secrets_store_token_finish (FcSecrets     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_secrets_store_token_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
fc_secrets_store_token (FcSecrets     *self,
                        FcConnection  *connection,
                        FcToken       *token,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GError *local_error = NULL;
  gboolean ok;
  char *blob;

  g_return_val_if_fail (FC_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (FC_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  if (!check_storable (token, error))
    return FALSE;

  attributes = build_token_attributes (connection);
  label = build_token_label (connection);
  blob = fc_token_serialize (token);
  ok = secret_password_storev_sync (&token_schema, attributes, SECRET_COLLECTION_DEFAULT, label,
                                    blob, cancellable, &local_error);
  wipe_free (blob);

  if (!ok)
    g_propagate_error (error, translate_error (local_error, OPERATION_STORE, connection));
  return ok;
}

/* lookup */

static void
on_lookup_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  FcConnection *connection = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret;
  FcToken *token;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error, OPERATION_READ, connection));
      return;
    }

  token = parse_secret (secret, connection, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, (GDestroyNotify) fc_token_unref);
}

void
fc_secrets_lookup_token_async (FcSecrets           *self,
                               FcConnection        *connection,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GHashTable) attributes = NULL;

  g_return_if_fail (FC_IS_SECRETS (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_secrets_lookup_token_async);
  g_task_set_task_data (task, g_object_ref (connection), g_object_unref);

  attributes = build_token_attributes (connection);
  secret_password_lookupv (&token_schema, attributes, cancellable, on_lookup_done_cb,
                           g_steal_pointer (&task));
}

FcToken *
fc_secrets_lookup_token_finish (FcSecrets     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_secrets_lookup_token_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

FcToken *
fc_secrets_lookup_token (FcSecrets     *self,
                         FcConnection  *connection,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr (GHashTable) attributes = NULL;
  GError *local_error = NULL;
  char *secret;

  g_return_val_if_fail (FC_IS_SECRETS (self), NULL);
  g_return_val_if_fail (FC_IS_CONNECTION (connection), NULL);

  attributes = build_token_attributes (connection);
  secret = secret_password_lookupv_sync (&token_schema, attributes, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, translate_error (local_error, OPERATION_READ, connection));
      return NULL;
    }

  return parse_secret (secret, connection, error);
}

/* delete */

static void
on_delete_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was no item, which is what the caller wants. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task,
                         translate_error (error, OPERATION_DELETE, g_task_get_task_data (task)));
  else
    g_task_return_boolean (task, TRUE);
}

void
fc_secrets_delete_token_async (FcSecrets           *self,
                               FcConnection        *connection,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GHashTable) attributes = NULL;

  g_return_if_fail (FC_IS_SECRETS (self));
  g_return_if_fail (FC_IS_CONNECTION (connection));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_secrets_delete_token_async);
  g_task_set_task_data (task, g_object_ref (connection), g_object_unref);

  attributes = build_token_attributes (connection);
  secret_password_clearv (&token_schema, attributes, cancellable, on_delete_done_cb,
                          g_steal_pointer (&task));
}

gboolean
fc_secrets_delete_token_finish (FcSecrets     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fc_secrets_delete_token_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
fc_secrets_delete_token (FcSecrets     *self,
                         FcConnection  *connection,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr (GHashTable) attributes = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (FC_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (FC_IS_CONNECTION (connection), FALSE);

  attributes = build_token_attributes (connection);
  secret_password_clearv_sync (&token_schema, attributes, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, translate_error (local_error, OPERATION_DELETE, connection));
      return FALSE;
    }
  return TRUE;
}

gboolean
fc_secrets_protect_process (void)
{
#ifdef __linux__
  int dumpable;

  /* A crash then leaves no core file, and /proc/PID/environ, mem and maps become root's. */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_debug ("Cannot mark the process not dumpable: %s", g_strerror (errno));
  dumpable = prctl (PR_GET_DUMPABLE, 0, 0, 0, 0);
  g_debug ("Core dumps are off for this process (dumpable: %d)", dumpable);
  return dumpable == 0;
#else
  return FALSE;
#endif
}
