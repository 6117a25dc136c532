/* fc-sim-jobber.h: what tests may use of the simulated Jobber besides fc-sim.h
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The header X-Jobber-Hmac-SHA256 of a webhook: base64 of HMAC-SHA256 keyed with the app's
 * client secret over the raw body. @length is the body's length, or -1 when nul-terminated. */
char *fc_sim_jobber_sign_webhook (const char *secret,
                                  const char *body,
                                  gssize      length);

/* Jobber's EncodedId: base64 of gid://Jobber/@type/@id, e.g. ("Client", 1) */
char *fc_sim_jobber_encode_id    (const char *type,
                                  gint64      id);

G_END_DECLS
