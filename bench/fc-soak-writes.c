/* fc-soak-writes.c: what the simulator's write log says about a value both sides hold that is
 * not the driver's last edit: was it written by the engine in flight across that edit?
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Neither HubSpot nor Pipedrive offers a conditional write (no If-Match, no version to compare):
 * a PATCH the engine sent before a user's edit, and that the provider applies after it, puts
 * the engine's older value over the edit, and nothing is left anywhere to tell the edit was
 * wanted. The simulator's write log (tests/sim/README.md) numbers the moment each write was
 * received and applied in one order, so the soak can tell that race from a lost update.
 */

#define G_LOG_DOMAIN "fc-soak"

#include "config.h"

#include <string.h>

#include "fc-soak.h"
#include "fc-test-people.h"

typedef enum {
  FIELD_NAME,
  FIELD_PHONE,
  N_FIELDS,
} Field;

static const char * const field_names[] = { "name", "phone" };
static const char * const provider_names[] = { "hubspot", "pipedrive" };

typedef struct {
  guint       side;          /* 0 HubSpot, 1 Pipedrive */
  gboolean    control;       /* the driver (a user of the provider's UI), else the engine */
  char       *method;
  char       *path;
  char       *endpoint;
  JsonNode   *body;
  guint       status;        /* 0 unless applied */
  gint64      received_seq;
  gint64      received_ms;
  gint64      applied_seq;   /* 0: never applied (dropped) */
  gint64      applied_ms;
} Write;

struct _FcSoakWrites {
  GPtrArray *writes;         /* Write, on HubSpot contacts and Pipedrive persons */
  guint      count;          /* entries in the log, all providers */
  gint64     not_logged;
};

/* What one write sets on one record: each field, when it sets it (a phone may be NULL) */
typedef struct {
  gboolean  sets[N_FIELDS];
  char     *values[N_FIELDS];
} Values;

static void
values_clear (Values *values)
{
  for (guint f = 0; f < N_FIELDS; f++)
    g_clear_pointer (&values->values[f], g_free);
}

static void
write_free (gpointer data)
{
  Write *write = data;

  g_free (write->method);
  g_free (write->path);
  g_free (write->endpoint);
  g_clear_pointer (&write->body, json_node_unref);
  g_free (write);
}

void
fc_soak_writes_free (FcSoakWrites *writes)
{
  g_ptr_array_unref (writes->writes);
  g_free (writes);
}

/* A member of that type, or NULL (json-glib's getters are critical about a missing one) */
static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gint64
int_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

/* Whether @entry wrote HubSpot contacts or Pipedrive persons: the control API's
 * /_control/records/{provider}/{object}..., or the API's endpoints of that object */
static gboolean
person_record (JsonObject *entry,
               guint       side)
{
  static const char * const control_paths[] = { "/_control/records/hubspot/contacts",
                                                 "/_control/records/pipedrive/persons" };
  static const char * const endpoints[] = { "/crm/v3/objects/contacts", "/api/v2/persons" };
  const char *path = fc_test_member_string (entry, "path");
  const char *endpoint = fc_test_member_string (entry, "endpoint");

  if (g_strcmp0 (fc_test_member_string (entry, "origin"), "control") == 0)
    return path != NULL && g_str_has_prefix (path, control_paths[side]);
  return endpoint != NULL && g_str_has_prefix (endpoint, endpoints[side]);
}

FcSoakWrites *
fc_soak_writes_new (JsonNode  *answer,
                    GError   **error)
{
  JsonObject *object = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
                       ? json_node_get_object (answer) : NULL;
  JsonArray *entries = array_member (object, "entries");
  FcSoakWrites *writes;

  if (entries == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The simulator's write log has no entries[]");
      return NULL;
    }

  writes = g_new0 (FcSoakWrites, 1);
  writes->writes = g_ptr_array_new_with_free_func (write_free);
  writes->count = json_array_get_length (entries);
  writes->not_logged = int_member (object, "not_logged");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *element = json_array_get_element (entries, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *provider = fc_test_member_string (entry, "provider");
      JsonNode *body = json_object_get_member (entry, "body");
      Write *write;
      guint side;

      if (entry == NULL)
        continue;
      if (g_strcmp0 (provider, "hubspot") == 0)
        side = 0;
      else if (g_strcmp0 (provider, "pipedrive") == 0)
        side = 1;
      else
        continue;
      if (!person_record (entry, side))
        continue;

      write = g_new0 (Write, 1);
      write->side = side;
      write->control = g_strcmp0 (fc_test_member_string (entry, "origin"), "control") == 0;
      write->method = g_strdup (fc_test_member_string (entry, "method"));
      write->path = g_strdup (fc_test_member_string (entry, "path"));
      write->endpoint = g_strdup (fc_test_member_string (entry, "endpoint"));
      write->body = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_copy (body) : NULL;
      write->status = (guint) int_member (entry, "status");
      write->received_seq = int_member (entry, "received_seq");
      write->received_ms = int_member (entry, "received_ms");
      write->applied_seq = int_member (entry, "applied_seq");
      write->applied_ms = int_member (entry, "applied_ms");
      g_ptr_array_add (writes->writes, write);
    }

  return writes;
}

guint
fc_soak_writes_get_count (FcSoakWrites *writes)
{
  return writes->count;
}

gint64
fc_soak_writes_get_not_logged (FcSoakWrites *writes)
{
  return writes->not_logged;
}

/* The values a HubSpot {"properties":{...}} sets: the name only with both of its parts */
static void
hubspot_values (JsonObject *properties,
                Values     *values)
{
  if (properties == NULL)
    return;
  if (json_object_has_member (properties, "firstname")
      && json_object_has_member (properties, "lastname"))
    {
      const char *first = fc_test_member_string (properties, "firstname");
      const char *last = fc_test_member_string (properties, "lastname");
      g_autofree char *name = g_strdup_printf ("%s %s", first != NULL ? first : "",
                                               last != NULL ? last : "");

      values->sets[FIELD_NAME] = TRUE;
      values->values[FIELD_NAME] = fc_test_nonempty (name);
    }
  if (json_object_has_member (properties, "phone"))
    {
      values->sets[FIELD_PHONE] = TRUE;
      values->values[FIELD_PHONE] =
        fc_test_canonical_phone (fc_test_member_string (properties, "phone"));
    }
}

/* The values a Pipedrive person body sets: name, and phones[] (the primary one, else the
 * first) */
static void
pipedrive_values (JsonObject *body,
                  Values     *values)
{
  JsonNode *phones = json_object_get_member (body, "phones");

  if (json_object_has_member (body, "name"))
    {
      values->sets[FIELD_NAME] = TRUE;
      values->values[FIELD_NAME] = fc_test_nonempty (fc_test_member_string (body, "name"));
    }
  if (phones != NULL)
    {
      JsonArray *list = JSON_NODE_HOLDS_ARRAY (phones) ? json_node_get_array (phones) : NULL;
      const char *chosen = NULL;

      for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
        {
          JsonNode *item = json_array_get_element (list, i);
          JsonObject *phone = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;

          if (phone == NULL)
            continue;
          if (chosen == NULL
              || json_object_get_boolean_member_with_default (phone, "primary", FALSE))
            chosen = fc_test_member_string (phone, "value");
          if (json_object_get_boolean_member_with_default (phone, "primary", FALSE))
            break;
        }
      values->sets[FIELD_PHONE] = TRUE;
      values->values[FIELD_PHONE] = fc_test_canonical_phone (chosen);
    }
}

/* Whether @path names the record @id as its last segment */
static gboolean
path_names (const char *path,
            const char *id)
{
  g_autofree char *suffix = g_strconcat ("/", id, NULL);

  return path != NULL && g_str_has_suffix (path, suffix);
}

/* Whether @write changed the record @id (@email: HubSpot's upsert by email) on its side, and
 * what it set there. Only edits count: creates cannot overwrite a user's edit. */
static gboolean
write_values (const Write *write,
              const char  *id,
              const char  *email,
              Values      *values)
{
  JsonObject *body = write->body != NULL ? json_node_get_object (write->body) : NULL;
  JsonArray *inputs;

  if (id == NULL || body == NULL)
    return FALSE;

  /* One record: the control API's PATCH /records/{provider}/{object}/{id}, HubSpot's PATCH
   * /crm/v3/objects/contacts/{id}, Pipedrive's PATCH /api/v2/persons/{id} */
  if (g_strcmp0 (write->method, "PATCH") == 0)
    {
      if (!path_names (write->path, id))
        return FALSE;
      if (write->side == 0)
        hubspot_values (object_member (body, "properties"), values);
      else
        pipedrive_values (body, values);
      return TRUE;
    }

  /* HubSpot's batches: inputs[] name their records by id, or by email for an upsert */
  if (write->side != 0 || write->control
      || (!g_str_has_suffix (write->endpoint, "/batch/update")
          && !g_str_has_suffix (write->endpoint, "/batch/upsert")))
    return FALSE;
  inputs = array_member (body, "inputs");
  for (guint i = 0; inputs != NULL && i < json_array_get_length (inputs); i++)
    {
      JsonNode *element = json_array_get_element (inputs, i);
      JsonObject *input = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *input_id = fc_test_member_string (input, "id");
      const char *by = fc_test_member_string (input, "idProperty");

      if (input_id == NULL)
        continue;
      if ((by == NULL && g_str_equal (input_id, id))
          || (g_strcmp0 (by, "email") == 0 && email != NULL
              && g_ascii_strcasecmp (input_id, email) == 0))
        {
          hubspot_values (object_member (input, "properties"), values);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
applied_ok (const Write *write)
{
  /* 207: a batch in part refused; this record may be among the refused */
  return write->applied_seq > 0 && write->status >= 200 && write->status < 207;
}

/* The attempt @write re-sends: the engine's last write before it to the same path, when that
 * one was dropped (the connection closed unanswered, so the client cannot know whether it was
 * applied and sends it again) and carried the same body; or NULL */
static const Write *
dropped_attempt (FcSoakWrites *writes,
                 guint         index)
{
  const Write *write = g_ptr_array_index (writes->writes, index);

  for (guint i = index; i-- > 0;)
    {
      const Write *before = g_ptr_array_index (writes->writes, i);

      if (before->control || before->side != write->side
          || g_strcmp0 (before->path, write->path) != 0)
        continue;
      if (before->applied_seq == 0 && g_strcmp0 (before->method, write->method) == 0
          && before->body != NULL && write->body != NULL
          && json_node_equal (before->body, write->body))
        return before;
      return NULL;
    }
  return NULL;
}

char *
fc_soak_format_ms (gint64 ms)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *text = time != NULL ? g_date_time_format (time, "%T") : NULL;

  return g_strdup_printf ("%s.%03d", text != NULL ? text : "?", (int) (ms % 1000));
}

/* The explanation of one lost field, or NULL */
static char *
explain_field (FcSoakWrites *writes,
               Field         field,
               const char   *ids[2],
               const char   *email,
               const char   *held,
               const char   *edited)
{
  const Write *edit = NULL;
  const Write *overwrite = NULL;
  const Write *first = NULL;      /* its first attempt, dropped, when it was a re-send */
  g_autofree char *received = NULL;
  g_autofree char *edit_at = NULL;
  g_autofree char *applied = NULL;

  /* The driver's last edit of the field, on either side */
  for (guint i = 0; i < writes->writes->len; i++)
    {
      const Write *write = g_ptr_array_index (writes->writes, i);
      Values values = { { 0 } };

      if (write->control && applied_ok (write)
          && write_values (write, ids[write->side], email, &values) && values.sets[field]
          && (edit == NULL || write->applied_seq > edit->applied_seq))
        edit = write;
      values_clear (&values);
    }
  if (edit == NULL)
    return NULL;
  {
    Values values = { { 0 } };
    gboolean same;

    write_values (edit, ids[edit->side], email, &values);
    same = g_strcmp0 (values.values[field], edited) == 0;
    values_clear (&values);
    if (!same)
      return NULL;          /* the log does not show the edit the driver remembers */
  }

  /* The engine's write to that record received before the edit and applied after it, which
   * set what both sides hold; or its re-send after a dropped first attempt received before
   * the edit (one write in flight across it) */
  for (guint i = 0; i < writes->writes->len; i++)
    {
      const Write *write = g_ptr_array_index (writes->writes, i);
      const Write *attempt = NULL;
      Values values = { { 0 } };

      if (!write->control && write->side == edit->side && applied_ok (write)
          && write->applied_seq > edit->applied_seq
          && (write->received_seq < edit->received_seq
              || ((attempt = dropped_attempt (writes, i)) != NULL
                  && attempt->received_seq < edit->received_seq))
          && write_values (write, ids[write->side], email, &values) && values.sets[field]
          && g_strcmp0 (values.values[field], held) == 0
          && (overwrite == NULL || write->applied_seq > overwrite->applied_seq))
        {
          overwrite = write;
          first = write->received_seq < edit->received_seq ? NULL : attempt;
        }
      values_clear (&values);
    }
  if (overwrite == NULL)
    return NULL;

  received = fc_soak_format_ms (first != NULL ? first->received_ms : overwrite->received_ms);
  edit_at = fc_soak_format_ms (edit->applied_ms);
  applied = fc_soak_format_ms (overwrite->applied_ms);
  return g_strdup_printf ("%s: %s %s, %s “%s”: the engine's %s %s received %s%s, the "
                          "driver's edit to “%s” applied %s, the engine's write applied %s",
                          email, provider_names[edit->side], ids[edit->side], field_names[field],
                          held != NULL ? held : "", overwrite->method, overwrite->path, received,
                          first != NULL ? " (dropped, then sent again)" : "",
                          edited != NULL ? edited : "", edit_at, applied);
}

char *
fc_soak_writes_explain (FcSoakWrites *writes,
                        const char   *hubspot_id,
                        const char   *pipedrive_id,
                        const char   *email,
                        const char   *held_name,
                        const char   *held_phone,
                        const char   *edited_name,
                        const char   *edited_phone)
{
  const char *ids[2] = { hubspot_id, pipedrive_id };
  const char *held[N_FIELDS] = { held_name, held_phone };
  const char *edited[N_FIELDS] = { edited_name, edited_phone };
  g_autoptr (GString) text = g_string_new (NULL);

  for (Field field = FIELD_NAME; field < N_FIELDS; field++)
    {
      g_autofree char *one = NULL;

      if (g_strcmp0 (held[field], edited[field]) == 0)
        continue;
      one = explain_field (writes, field, ids, email, held[field], edited[field]);
      if (one == NULL)
        return NULL;        /* every field lost must be explained */
      g_string_append_printf (text, "%s%s", text->len > 0 ? "; " : "", one);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}
