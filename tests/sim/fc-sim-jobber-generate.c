/* fc-sim-jobber-generate.c: synthetic Jobber records from the seeded generator: clients with an
 * email, a phone, a billing address and a property; properties, jobs and quotes on them
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-jobber"

#include "config.h"

#include "fc-sim-jobber-private.h"

static const char * const given_names[] = {
  "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Radia",
};
static const char * const family_names[] = {
  "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson",
  "Hamilton", "Perlman",
};
static const char * const streets[] = {
  "Maple Avenue", "Harbour Road", "Oak Street", "Mill Lane", "Station Road", "Cedar Court",
};
static const char * const cities[] = {
  "Calgary", "Edmonton", "Halifax", "Victoria", "Kingston", "Guelph",
};
static const char * const services[] = {
  "Lawn care", "Gutter cleaning", "Window washing", "Snow removal", "Furnace service",
};

static const char *
pick (FcSim              *sim,
      const char * const *words,
      guint               n_words)
{
  return words[_fc_sim_random_int (sim, 0, (gint32) n_words)];
}

#define PICK(sim, words) pick ((sim), (words), G_N_ELEMENTS (words))

static JsonObject *
make_address (FcSim *sim)
{
  JsonObject *address = json_object_new ();
  g_autofree char *street = g_strdup_printf ("%d %s", _fc_sim_random_int (sim, 1, 999),
                                             PICK (sim, streets));
  g_autofree char *postal = g_strdup_printf ("T%dK %dB%d", _fc_sim_random_int (sim, 1, 9),
                                             _fc_sim_random_int (sim, 1, 9),
                                             _fc_sim_random_int (sim, 1, 9));

  json_object_set_string_member (address, "street1", street);
  json_object_set_string_member (address, "city", PICK (sim, cities));
  json_object_set_string_member (address, "province", "AB");
  json_object_set_string_member (address, "postalCode", postal);
  json_object_set_string_member (address, "country", "Canada");

  return address;
}

static JsonObject *
make_client (FcSimJobber *jb,
             guint        index)
{
  FcSim *sim = jb->provider->sim;
  const char *given = PICK (sim, given_names);
  const char *family = PICK (sim, family_names);
  JsonObject *body = json_object_new ();
  JsonArray *emails = json_array_new ();
  JsonArray *phones = json_array_new ();
  JsonArray *properties = json_array_new ();
  JsonObject *email = json_object_new ();
  JsonObject *phone = json_object_new ();
  JsonObject *property = json_object_new ();
  g_autofree char *lower = g_ascii_strdown (given, -1);
  g_autofree char *address = g_strdup_printf ("%s.%" G_GINT64_FORMAT "@example.org", lower,
                                              jb->next_ids[FC_SIM_JB_CLIENTS]);
  g_autofree char *number = g_strdup_printf ("(403) 555-%04d",
                                             _fc_sim_random_int (sim, 0, 10000));

  json_object_set_string_member (body, "firstName", given);
  json_object_set_string_member (body, "lastName", family);
  json_object_set_string_member (email, "address", address);
  json_object_set_string_member (email, "description", "MAIN");
  json_object_set_boolean_member (email, "primary", TRUE);
  json_array_add_object_element (emails, email);
  json_object_set_array_member (body, "emails", emails);
  json_object_set_string_member (phone, "number", number);
  json_object_set_string_member (phone, "description", "MOBILE");
  json_object_set_boolean_member (phone, "primary", TRUE);
  json_array_add_object_element (phones, phone);
  json_object_set_array_member (body, "phones", phones);
  json_object_set_object_member (body, "billingAddress", make_address (sim));
  json_object_set_object_member (property, "address", make_address (sim));
  json_array_add_object_element (properties, property);
  json_object_set_array_member (body, "properties", properties);
  if (index % 7 == 3)
    {
      g_autofree char *company = g_strdup_printf ("%s Services", family);

      json_object_set_string_member (body, "companyName", company);
    }

  return body;
}

/* A random live record of @object, or NULL */
static FcSimRecord *
pick_record (FcSimJobber         *jb,
             FcSimJobberObjectId  object)
{
  FcSimCollection *collection = jb->objects[object];
  guint n = _fc_sim_collection_get_length (collection);
  guint start;

  if (n == 0)
    return NULL;

  start = (guint) _fc_sim_random_int (jb->provider->sim, 0, (gint32) n);
  for (guint i = 0; i < n; i++)
    {
      FcSimRecord *record = _fc_sim_collection_get_nth (collection, (start + i) % n);

      if (record->deleted_ms == 0)
        return record;
    }

  return NULL;
}

static JsonArray *
make_line_items (FcSim *sim)
{
  JsonArray *items = json_array_new ();
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "name", PICK (sim, services));
  json_object_set_double_member (item, "unitPrice", _fc_sim_random_int (sim, 4, 60) * 5.0);
  json_object_set_double_member (item, "quantity", _fc_sim_random_int (sim, 1, 4));
  json_object_set_boolean_member (item, "saveToProductsAndServices", FALSE);
  json_array_add_object_element (items, item);

  return items;
}

/* A property, job or quote needs live records to hang on; without them the body names none
 * and creating it fails with a message that says so. */
static JsonObject *
make_work (FcSimJobber         *jb,
           FcSimJobberObjectId  object,
           guint                index)
{
  FcSim *sim = jb->provider->sim;
  FcSimRecord *property = pick_record (jb, FC_SIM_JB_PROPERTIES);
  JsonObject *body = json_object_new ();
  g_autofree char *property_id = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *title = g_strdup_printf ("%s #%u", PICK (sim, services), index + 1);

  if (property != NULL)
    {
      property_id = fc_sim_jobber_encode_id ("Property", property->id);
      client_id = fc_sim_jobber_encode_id ("Client", _fc_sim_jobber_int (property, "clientId"));
    }

  json_object_set_string_member (body, "title", title);
  json_object_set_array_member (body, "lineItems", make_line_items (sim));
  json_object_set_string_member (body, "propertyId", property_id);
  if (object == FC_SIM_JB_QUOTES)
    {
      json_object_set_string_member (body, "clientId", client_id);
      return body;
    }

  json_object_set_object_member (body, "scheduling", json_object_new ());
  json_object_set_object_member (body, "invoicing", json_object_new ());
  if (index % 3 != 0)
    {
      JsonObject *timeframe = json_object_new ();
      g_autoptr (GDateTime) day = g_date_time_new_from_unix_utc (_fc_sim_now_ms (sim) / 1000);
      g_autoptr (GDateTime) start = g_date_time_add_days (day, _fc_sim_random_int (sim, -20, 40));
      g_autofree char *date = g_date_time_format (start, "%Y-%m-%d");

      json_object_set_string_member (timeframe, "startAt", date);
      json_object_set_int_member (timeframe, "durationValue", 1);
      json_object_set_string_member (timeframe, "durationUnits", "DAYS");
      json_object_set_object_member (body, "timeframe", timeframe);
    }

  return body;
}

JsonObject *
_fc_sim_jobber_generate_record (FcSimProvider *provider,
                                const char    *name,
                                guint          index)
{
  FcSimJobber *jb = provider->state;
  const FcSimJobberObject *object = _fc_sim_jobber_find_object (name);
  FcSimRecord *client;
  JsonObject *body;

  if (object == NULL)
    return NULL;

  switch (object->id)
    {
    case FC_SIM_JB_CLIENTS:
      return make_client (jb, index);
    case FC_SIM_JB_PROPERTIES:
      client = pick_record (jb, FC_SIM_JB_CLIENTS);
      body = json_object_new ();
      if (client != NULL)
        {
          g_autofree char *id = fc_sim_jobber_encode_id ("Client", client->id);

          json_object_set_string_member (body, "clientId", id);
        }
      json_object_set_object_member (body, "address", make_address (provider->sim));
      return body;
    case FC_SIM_JB_JOBS:
    case FC_SIM_JB_QUOTES:
    case FC_SIM_JB_N_OBJECTS:
    default:
      return make_work (jb, object->id, index);
    }
}
