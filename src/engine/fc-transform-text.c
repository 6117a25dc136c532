/* fc-transform-text.c: the plain text transforms (case, trim, concatenate) and text helpers
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-transform"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-transform-private.h"

/* Helpers */

/* Blanks are Unicode white space (which includes the no-break spaces) plus the invisible
 * characters that copy and paste leaves around values: zero width space and the byte order
 * mark. */
gboolean
_fc_transform_unichar_is_blank (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x200B || c == 0xFEFF;
}

/* Returns a copy of @text without leading and trailing blanks. */
char *
_fc_transform_strip (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && _fc_transform_unichar_is_blank (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!_fc_transform_unichar_is_blank (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

/* Returns a copy of @text stripped, with each run of blanks inside replaced by one space. */
char *
_fc_transform_collapse_blanks (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (_fc_transform_unichar_is_blank (c))
        {
          pending_space = out->len > 0;
          continue;
        }

      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Returns a vector of @n empty strings. */
GStrv
_fc_transform_strv_new_empty (guint n)
{
  GStrv result = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    result[i] = g_strdup ("");

  return result;
}

static GStrv
strv_new_take (char *value)
{
  GStrv result = g_new0 (char *, 2);

  result[0] = value;
  return result;
}

static const char * const no_arguments[] = { NULL };

/* uppercase, lowercase */

static GStrv
apply_uppercase (const FcTransformStep  *step,
                 const char * const     *values,
                 guint                   n_values,
                 GError                **error)
{
  return strv_new_take (g_utf8_strup (values[0], -1));
}

static char *
normalize_uppercase (const FcTransformStep *step,
                     const char            *value)
{
  return g_utf8_strup (value, -1);
}

const FcTransformInfo _fc_transform_info_uppercase = {
  .name = "uppercase",
  .description = N_("Converts the text to upper case (no reverse: the original case is lost)"),
  .n_inputs = 1,
  .n_outputs = 1,
  .argument_names = no_arguments,
  .argument_descriptions = no_arguments,
  .apply = apply_uppercase,
  .normalize = normalize_uppercase,
};

static GStrv
apply_lowercase (const FcTransformStep  *step,
                 const char * const     *values,
                 guint                   n_values,
                 GError                **error)
{
  return strv_new_take (g_utf8_strdown (values[0], -1));
}

static char *
normalize_lowercase (const FcTransformStep *step,
                     const char            *value)
{
  return g_utf8_strdown (value, -1);
}

const FcTransformInfo _fc_transform_info_lowercase = {
  .name = "lowercase",
  .description = N_("Converts the text to lower case (no reverse: the original case is lost)"),
  .n_inputs = 1,
  .n_outputs = 1,
  .argument_names = no_arguments,
  .argument_descriptions = no_arguments,
  .apply = apply_lowercase,
  .normalize = normalize_lowercase,
};

/* trim */

static GStrv
apply_trim (const FcTransformStep  *step,
            const char * const     *values,
            guint                   n_values,
            GError                **error)
{
  return strv_new_take (_fc_transform_strip (values[0]));
}

/* Blanks around a value carry no meaning, so the reverse gives the value as it is. */
static GStrv
reverse_trim (const FcTransformStep  *step,
              const char * const     *values,
              guint                   n_values,
              guint                   n_wanted,
              GError                **error)
{
  return strv_new_take (g_strdup (values[0]));
}

static char *
normalize_trim (const FcTransformStep *step,
                const char            *value)
{
  return _fc_transform_strip (value);
}

const FcTransformInfo _fc_transform_info_trim = {
  .name = "trim",
  .description = N_("Removes white space at the start and the end of the text"),
  .n_inputs = 1,
  .n_outputs = 1,
  .argument_names = no_arguments,
  .argument_descriptions = no_arguments,
  .apply = apply_trim,
  .reverse = reverse_trim,
  .normalize = normalize_trim,
};

/* concatenate */

static const char * const concatenate_arguments[] = { "separator", NULL };
static const char * const concatenate_argument_descriptions[] = {
  N_("Text put between the parts (default: one space)"),
  NULL,
};

static const char *
get_separator (const FcTransformStep *step)
{
  const char *separator = _fc_transform_step_get_arg (step, "separator");

  return separator != NULL ? separator : " ";
}

static GStrv
apply_concatenate (const FcTransformStep  *step,
                   const char * const     *values,
                   guint                   n_values,
                   GError                **error)
{
  const char *separator = get_separator (step);
  GString *out = g_string_new (NULL);
  gboolean first = TRUE;

  for (guint i = 0; i < n_values; i++)
    {
      if (*values[i] == '\0')
        continue;

      if (!first)
        g_string_append (out, separator);
      g_string_append (out, values[i]);
      first = FALSE;
    }

  return strv_new_take (g_string_free (out, FALSE));
}

/* Splits the value back at the separator, only when that gives exactly the @n_wanted parts,
 * none of them empty: a part that was empty (and skipped) or that holds the separator itself
 * makes the split a guess. */
static GStrv
reverse_concatenate (const FcTransformStep  *step,
                     const char * const     *values,
                     guint                   n_values,
                     guint                   n_wanted,
                     GError                **error)
{
  const char *separator = get_separator (step);
  g_auto(GStrv) parts = NULL;
  guint n_parts;

  if (n_wanted == 1)
    return strv_new_take (g_strdup (values[0]));

  parts = g_strsplit (values[0], separator, -1);
  n_parts = g_strv_length (parts);
  if (n_parts != n_wanted)
    {
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_AMBIGUOUS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” has %u part separated by “%s”, not the %u expected",
                                "“%s” has %u parts separated by “%s”, not the %u expected",
                                n_parts),
                   values[0], n_parts, separator, n_wanted);
      return NULL;
    }

  for (guint i = 0; i < n_parts; i++)
    {
      if (*parts[i] == '\0')
        {
          g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_AMBIGUOUS,
                       _("Part %u of “%s” (separated by “%s”) is empty"),
                       i + 1, values[0], separator);
          return NULL;
        }
    }

  return g_steal_pointer (&parts);
}

static gboolean
check_concatenate_reversible (const FcTransformStep  *step,
                              GError                **error)
{
  if (*get_separator (step) == '\0')
    {
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_NO_REVERSE,
                   _("with an empty separator the joined parts cannot be told apart"));
      return FALSE;
    }

  return TRUE;
}

const FcTransformInfo _fc_transform_info_concatenate = {
  .name = "concatenate",
  .description = N_("Joins several values into one, skipping empty ones"),
  .n_inputs = -1,
  .n_outputs = 1,
  .argument_names = concatenate_arguments,
  .argument_descriptions = concatenate_argument_descriptions,
  .apply = apply_concatenate,
  .reverse = reverse_concatenate,
  .check_reversible = check_concatenate_reversible,
};
