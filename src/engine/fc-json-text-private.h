/* fc-json-text-private.h: JSON strings and string lists written straight as text
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text as a JSON string, quoted and escaped as json-glib's generator writes it (but
 * for 0x1f, which json-glib 1.6 leaves unescaped, and 0x7f, which it escapes). */
void  _fc_json_text_append_string  (GString            *out,
                                    const char         *text);
/* Appends @strv as a JSON array of strings; NULL as an empty one */
void  _fc_json_text_append_strv    (GString            *out,
                                    const char * const *strv);

G_END_DECLS
