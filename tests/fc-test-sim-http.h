/* fc-test-sim-http.h: one HTTP request to the provider simulator and its answer, for the tests
 * of the simulator itself
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fc-sim.h"

G_BEGIN_DECLS

typedef struct {
  guint               status;
  SoupMessageHeaders *headers;   /* of the answer */
  char               *body;      /* "" when empty */
  JsonNode           *json;      /* the body parsed, when it is a JSON object or array */
  GError             *error;     /* set when no answer came */
} FcTestReply;

void          fc_test_reply_free (FcTestReply *reply);

/* Sends @method to @base + @path (to @path itself when it is a URL) in @session without
 * following redirects, with @body (NULL: none) as @content_type (NULL: application/json) and
 * the request headers named in the NULL-terminated name, value pairs that follow. */
FcTestReply  *fc_test_send       (SoupSession *session,
                                  const char  *base,
                                  const char  *method,
                                  const char  *path,
                                  const char  *content_type,
                                  const char  *body,
                                  ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcTestReply, fc_test_reply_free)

/* A simulator in a thread of its own, and a session to call it */
typedef struct {
  FcSim       *sim;
  SoupSession *session;
  char        *base;
} FcTestSim;

/* Starts @fixture's simulator with @seed and its rate limits off (they have their own tests;
 * elsewhere they would only make timing matter), with the static tokens that follow as
 * provider, token pairs ending in NULL. */
void          fc_test_sim_set_up    (FcTestSim  *fixture,
                                     guint32     seed,
                                     ...) G_GNUC_NULL_TERMINATED;
void          fc_test_sim_tear_down (FcTestSim  *fixture);

G_END_DECLS
