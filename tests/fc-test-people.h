/* fc-test-people.h: what the simulated HubSpot and Pipedrive hold, person by person, and
 * connections to the simulator through the engine
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fc-engine.h"
#include "fc-sim.h"

G_BEGIN_DECLS

/* One record as the sync tests compare it: the name as "First Last" and the phone in E.164. */
typedef struct {
  char *id;
  char *name;   /* or NULL */
  char *phone;  /* +1XXXXXXXXXX, or NULL */
} FcTestPerson;

void        fc_test_person_free     (FcTestPerson *person);
/* Digits with a + (and +1 for ten US digits), or NULL for no digits. */
char       *fc_test_canonical_phone (const char   *text);
/* @text stripped, or NULL when nothing is left. */
char       *fc_test_nonempty        (const char   *text);
/* A string member, or NULL when it is missing or not a value. */
const char *fc_test_member_string   (JsonObject   *object,
                                     const char   *member);
/* The records of a simulator's listing of HubSpot contacts (@hubspot) or Pipedrive persons: a
 * table from the lower-case email to a GPtrArray of FcTestPerson (more than one means a
 * duplicate). */
GHashTable *fc_test_people_by_email (JsonArray    *records,
                                     gboolean      hubspot);
/* Every live record of "hubspot" contacts or "pipedrive" persons in @sim: a table from the
 * lower-case email to a GPtrArray of FcTestPerson (more than one means a duplicate). */
GHashTable *fc_test_read_people     (FcSim        *sim,
                                     const char   *provider);

/* Seeded random people, and the bodies that create or edit them in the simulator as a user of
 * each provider's UI would (HubSpot phones typed in varying formats). */
char       *fc_test_random_name     (GRand        *rand);
char       *fc_test_random_phone    (GRand        *rand);
/* @phone (+1XXXXXXXXXX) as a person types it: "(415) 555-0132", "415-555-0132" or as is. */
char       *fc_test_typed_phone     (GRand        *rand,
                                     const char   *phone);
char       *fc_test_hubspot_body    (GRand        *rand,
                                     const char   *email,
                                     const char   *name,
                                     const char   *phone);
char       *fc_test_pipedrive_body  (const char   *email,
                                     const char   *name,
                                     const char   *phone);

/* An FcAuthOpenUriFunc that plays the user's browser in an OAuth sign-in: GETs @uri in the
 * SoupSession @user_data, whose consent page redirects back to FcAuth. */
gboolean      fc_test_open_uri_in_browser  (const char   *uri,
                                            gpointer      user_data,
                                            GError      **error);
/* Adds a connection to @provider_name in @sim through @engine: with the static @token, or else
 * signed in with OAuth in @browser. Asserts success and gives its connector's HTTP client
 * @max_attempts tries with short backoffs. Returns (transfer full) the engine's connection. */
FcConnection *fc_test_add_sim_connection   (FcEngine     *engine,
                                            FcSim        *sim,
                                            SoupSession  *browser,
                                            FcProvider    provider,
                                            const char   *provider_name,
                                            const char   *token,
                                            guint         max_attempts);
/* Points the OAuth client of @provider_name ("jobber", "salesforce") at @sim's: sets
 * FLUXCASCADE_<PROVIDER>_CLIENT_ID and _CLIENT_SECRET, which FcAuth reads. */
/* (transfer full) The people mapping of the fault and property tests, unsaved: HubSpot
 * contacts <-> Pipedrive persons, newest wins; email (required), firstname + lastname
 * concatenated into name, phone through phone_e164(region=US). */
FcMapping    *fc_test_people_mapping_new   (const char   *name,
                                            FcConnection *hubspot,
                                            FcConnection *pipedrive);
void          fc_test_use_sim_client       (FcSim        *sim,
                                            const char   *provider_name);

/* What a connector test against the simulator holds; hubspot and pipedrive tests use it as
 * their fixture. */
typedef struct
{
  FcSim        *sim;
  FcSecrets    *secrets;
  FcAuth       *auth;
  FcConnection *connection;
  FcConnector  *connector;
} FcTestConnectorFixture;

/* Starts a simulator with @seed that accepts the static @token for @provider, and makes a
 * connection to it with @token in the keyring and its connector (fc_test_connector_new()). */
void          fc_test_connector_fixture_set_up    (FcTestConnectorFixture *fixture,
                                                   FcProvider              provider,
                                                   guint32                 seed,
                                                   const char             *token);
/* Asserts the connector is freed, then frees the rest and stops the simulator. */
void          fc_test_connector_fixture_tear_down (FcTestConnectorFixture *fixture);
/* A connection to @provider in @sim signed in with its OAuth flow (a throw-away browser
 * follows the consent page) and its token stored by @auth; the token in @out_token. */
FcConnection *fc_test_sign_in_oauth               (FcSim                  *sim,
                                                   FcAuth                 *auth,
                                                   FcProvider              provider,
                                                   FcToken               **out_token);

G_END_DECLS
