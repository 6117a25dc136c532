/* fc-soak.h: what the parts of the fault-injection soak share: the engine's child process and
 * the receiver of the outbound webhooks
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The engine's process (fc-soak --engine-child): the engine on @data_dir, its webhook listener
 * on 127.0.0.1:@port, its notifier (first retry after @notifier_retry_ms) and its scheduler,
 * until SIGTERM (a clean stop) or SIGKILL. Returns the exit status. */
int         fc_soak_engine_child_main   (const char *data_dir,
                                         guint       port,
                                         guint       notifier_retry_ms);

/* The final sync's process (fc-soak --final-child): one manual sync of @mapping_id, then the
 * notifier until no delivery is pending (at most a minute). Prints "final status NICK". */
int         fc_soak_final_child_main    (const char *data_dir,
                                         const char *mapping_id,
                                         guint       notifier_retry_ms);

/* The receiver of the notifier's deliveries: a small HTTP server on 127.0.0.1 with a thread and
 * main context of its own. It checks each delivery's signatures against the endpoint's secret
 * and answers a share (@fail_per_mille / 1000, from @seed) with 500 to make the notifier retry. */
typedef struct _FcSoakReceiver FcSoakReceiver;

FcSoakReceiver *fc_soak_receiver_start        (guint32          seed,
                                               guint            fail_per_mille,
                                               GError         **error);
const char     *fc_soak_receiver_get_url      (FcSoakReceiver  *receiver);
/* The secret the endpoint signs with, once the notifier made it */
void            fc_soak_receiver_set_secret   (FcSoakReceiver  *receiver,
                                               const char      *secret);
/* Stops answering (anything still arriving is not answered); the counts stay readable. */
void            fc_soak_receiver_stop         (FcSoakReceiver  *receiver);
void            fc_soak_receiver_free         (FcSoakReceiver  *receiver);

typedef struct {
  guint requests;        /* POSTs received */
  guint verified;        /* both signatures right */
  guint bad_signature;   /* a signature wrong or missing */
  guint answered_500;    /* verified, answered 500 on purpose */
  guint accepted;        /* verified and answered 200 */
  guint repeated;        /* accepted again for an event id already accepted */
} FcSoakReceiverCounts;

void            fc_soak_receiver_get_counts   (FcSoakReceiver       *receiver,
                                               FcSoakReceiverCounts *counts);
/* Whether the delivery of @event_id was verified and answered 200 */
gboolean        fc_soak_receiver_accepted     (FcSoakReceiver  *receiver,
                                               const char      *event_id);

/* The simulator's write log (GET /_control/write-log), read when the soak ends, and what it
 * says about a person whose sides agree on a value other than the driver's last edit */
typedef struct _FcSoakWrites FcSoakWrites;

FcSoakWrites   *fc_soak_writes_new            (JsonNode        *answer,
                                               GError         **error);
void            fc_soak_writes_free           (FcSoakWrites    *writes);
/* Entries in the log, and the writes it could not log at its cap */
guint           fc_soak_writes_get_count      (FcSoakWrites    *writes);
gint64          fc_soak_writes_get_not_logged (FcSoakWrites    *writes);
/* For each field (name, phone: E.164) where both sides hold @held_* but the driver last wrote
 * @edited_*: the engine's write to the record the driver last edited that field on, which the
 * simulator received before that edit and applied after it, setting the held value. Returns
 * their description (the times included), or NULL unless every such field has one. */
char           *fc_soak_writes_explain        (FcSoakWrites    *writes,
                                               const char      *hubspot_id,
                                               const char      *pipedrive_id,
                                               const char      *email,
                                               const char      *held_name,
                                               const char      *held_phone,
                                               const char      *edited_name,
                                               const char      *edited_phone);

/* @ms (Unix time in milliseconds) as the logs show it, "HH:MM:SS.mmm" in UTC */
char           *fc_soak_format_ms             (gint64           ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSoakWrites, fc_soak_writes_free)

G_END_DECLS
