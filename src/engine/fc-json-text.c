/* fc-json-text.c: JSON strings and string lists written straight as text
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bases, value lists, intents and HubSpot's request bodies are written for every field pair of
 * every record a run merges or writes: by hand, as json-glib's builder and generator cost more
 * than the work around them.
 */

#define G_LOG_DOMAIN "fc-json"

#include "config.h"

#include "fc-json-text-private.h"

/* The bytes that end a run of text written as it is: what JSON escapes, and the NUL */
static const guint8 ends_plain_run[256] = {
  [0x00 ... 0x1f] = 1,
  ['"'] = 1,
  ['\\'] = 1,
};

void
_fc_json_text_append_string (GString    *out,
                             const char *text)
{
  const guchar *p = (const guchar *) text;

  g_string_append_c (out, '"');
  while (*p != '\0')
    {
      const guchar *plain = p;

      /* Most text needs no escape: appended a run at a time */
      while (!ends_plain_run[*p])
        p++;
      g_string_append_len (out, (const char *) plain, p - plain);

      switch (*p)
        {
        case '\0':
          continue;
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", *p);
        }
      p++;
    }
  g_string_append_c (out, '"');
}

void
_fc_json_text_append_strv (GString            *out,
                           const char * const *strv)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      _fc_json_text_append_string (out, strv[i]);
    }
  g_string_append_c (out, ']');
}
