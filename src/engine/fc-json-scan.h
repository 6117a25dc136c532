/* fc-json-scan.h: a pull reader of JSON, over strict JSON text or over a json-glib tree
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fc-record.h"

G_BEGIN_DECLS

/* A scan walks one JSON value from its start: the caller enters objects and arrays, steps
 * through their members and elements, and reads (as a JsonNode) or skips the value it is at.
 * Connectors read pages of records this way, straight into records, without a tree of the
 * whole page.
 *
 * Over text, the scan takes strict JSON only (valid UTF-8, integers that fit 64 bits, nesting
 * up to 256 levels, no \u0000); on anything else it fails, and from then on every step ends
 * (fc_json_scan_failed () tells). The same walk then runs over json-glib's tree of the same
 * text (fc_json_scan_new_node ()), where nothing fails: the walk reads both alike.
 *
 * "The value here" is the root at the start, a member's value after fc_json_scan_next_member (),
 * an element after fc_json_scan_next_element (). A value here that is not read, skipped or
 * entered is skipped by the next step. Member names are as the text has them, duplicates
 * included; over a tree each name comes once, with its last value. */

typedef struct _FcJsonScan FcJsonScan;

typedef enum {
  FC_JSON_SCAN_NONE,     /* no value here: the scan failed, or there was no value at all */
  FC_JSON_SCAN_OBJECT,
  FC_JSON_SCAN_ARRAY,
  FC_JSON_SCAN_NULL,
  FC_JSON_SCAN_SCALAR,   /* a string, a number, true or false (over text: or not JSON) */
} FcJsonScanKind;

/* @data must stay unchanged while the scan lives. */
FcJsonScan     *fc_json_scan_new_text      (const char  *data,
                                            gsize        size);
/* Keeps a reference to @root; NULL scans no value. */
FcJsonScan     *fc_json_scan_new_node      (JsonNode    *root);
void            fc_json_scan_free          (FcJsonScan  *scan);

FcJsonScanKind  fc_json_scan_peek          (FcJsonScan  *scan);
/* TRUE, and into the object, when the value here is one; else FALSE and the value stays. */
gboolean        fc_json_scan_enter_object  (FcJsonScan  *scan);
/* The next member's name (valid until the next step), its value now here; NULL at the end of
 * the object, which the scan then leaves, or when the scan failed. */
const char     *fc_json_scan_next_member   (FcJsonScan  *scan);
gboolean        fc_json_scan_enter_array   (FcJsonScan  *scan);
/* TRUE with the next element here; FALSE at the end of the array (left) or on failure. */
gboolean        fc_json_scan_next_element  (FcJsonScan  *scan);
/* (transfer full) The value here, as the strict reader or json-glib's tree has it; NULL when
 * the scan failed. Over text, nulls, trues and falses are sealed nodes shared by the scan. */
JsonNode       *fc_json_scan_read          (FcJsonScan  *scan);
/* TRUE with *@value the scalar or null here, a view valid until the next step (over a tree: while
 * the tree lives); FALSE when the value here is an object or an array (it stays here), or on
 * failure. */
gboolean        fc_json_scan_read_scalar   (FcJsonScan  *scan,
                                            FcValue     *value);
/* Reads the value here into field @name of @record, a string without a node (see FcValue); FALSE
 * when the scan failed. */
gboolean        fc_json_scan_read_field    (FcJsonScan  *scan,
                                            FcRecord    *record,
                                            const char  *name);
/* Past the value here; over text it is checked as reading it would, without making nodes. */
void            fc_json_scan_skip          (FcJsonScan  *scan);

gboolean        fc_json_scan_failed        (FcJsonScan  *scan);
/* After the root value: TRUE when the scan did not fail and only white space follows. */
gboolean        fc_json_scan_finish        (FcJsonScan  *scan);

/* The tree of strict JSON text, or NULL when the text is not strict JSON. */
JsonNode       *fc_json_scan_read_text     (const char  *data,
                                            gsize        size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcJsonScan, fc_json_scan_free)

G_END_DECLS
