/* fc-transform-name.c: split_name, a person's name into first and last name
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-transform"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-transform-private.h"

/* The rules, chosen so that joining "first last" gives the name back (less honorifics and
 * extra blanks):
 * - "Doe, John" is the comma form; "John Doe, Jr." is not (only suffixes follow the comma);
 * - honorifics at the start are dropped ("Dr. John Doe");
 * - suffixes at the end stay with the last name, written as they were ("Doe, Jr.");
 * - middle names stay with the first name; particles join the last name ("van Beethoven"),
 *   except a first word, which is always a first name ("Van Morrison");
 * - one word is a first name, unless an honorific was dropped before it ("Mr. Smith"). */

static const char * const honorifics[] = { "mr", "mrs", "ms", "miss", "mx", "dr", "prof", NULL };
static const char * const suffixes[] = { "jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", NULL };
static const char * const particles[] = {
  "van", "von", "de", "da", "del", "della", "der", "di", "du", "la", "le", "st", NULL,
};

/* The word of a token for matching: lower case, without dots and trailing commas ("Ph.D.,"
 * is "phd"). */
static gboolean
token_is_one_of (const char         *token,
                 const char * const *words)
{
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = token; *p != '\0'; p++)
    {
      if (*p != '.' && *p != ',')
        g_string_append_c (word, g_ascii_tolower (*p));
    }

  return g_strv_contains (words, word->str);
}

/* Joins tokens [@start, @end) with spaces; without the trailing comma when @drop_comma. */
static char *
join_tokens (GPtrArray *tokens,
             guint      start,
             guint      end,
             gboolean   drop_comma)
{
  GString *out = g_string_new (NULL);

  for (guint i = start; i < end; i++)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, g_ptr_array_index (tokens, i));
    }

  while (drop_comma && out->len > 0 && out->str[out->len - 1] == ',')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static GPtrArray *
tokenize (const char *text)
{
  g_autofree char *collapsed = _fc_transform_collapse_blanks (text);
  g_auto(GStrv) words = NULL;
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);

  if (*collapsed == '\0')
    return tokens;

  words = g_strsplit (collapsed, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    g_ptr_array_add (tokens, g_steal_pointer (&words[i]));

  return tokens;
}

/* Removes honorifics from the start of @tokens, keeping at least one token. */
static gboolean
drop_honorifics (GPtrArray *tokens)
{
  gboolean dropped = FALSE;

  while (tokens->len > 1 && token_is_one_of (g_ptr_array_index (tokens, 0), honorifics))
    {
      g_ptr_array_remove_index (tokens, 0);
      dropped = TRUE;
    }

  return dropped;
}

/* Returns the index of the first of the suffixes that end @tokens, keeping @keep tokens. */
static guint
find_suffixes (GPtrArray *tokens,
               guint      keep)
{
  guint start = tokens->len;

  while (start > keep && token_is_one_of (g_ptr_array_index (tokens, start - 1), suffixes))
    start--;

  return start;
}

static gboolean
text_is_only_suffixes (const char *text)
{
  g_autoptr(GPtrArray) tokens = tokenize (text);

  return tokens->len > 0 && find_suffixes (tokens, 0) == 0;
}

static void
split_plain_form (const char  *text,
                  char       **out_first,
                  char       **out_last)
{
  g_autoptr(GPtrArray) tokens = tokenize (text);
  gboolean dropped = drop_honorifics (tokens);
  guint suffix_start = find_suffixes (tokens, 1);
  guint last_start;

  if (suffix_start == 1)
    {
      /* One name word: a first name, or a last name after "Mr.", with any suffixes. */
      if (dropped)
        {
          *out_first = g_strdup ("");
          *out_last = join_tokens (tokens, 0, tokens->len, FALSE);
        }
      else
        {
          *out_first = join_tokens (tokens, 0, 1, TRUE);
          *out_last = join_tokens (tokens, 1, tokens->len, FALSE);
        }
      return;
    }

  last_start = suffix_start - 1;
  while (last_start > 1 && token_is_one_of (g_ptr_array_index (tokens, last_start - 1),
                                            particles))
    last_start--;

  *out_first = join_tokens (tokens, 0, last_start, TRUE);
  *out_last = join_tokens (tokens, last_start, tokens->len, FALSE);
}

/* "Doe, John Michael" and variants: "Doe Jr., John", "Doe, John, Jr.", "Doe, Dr. John". */
static void
split_comma_form (const char  *last_text,
                  const char  *first_text,
                  char       **out_first,
                  char       **out_last)
{
  g_autoptr(GPtrArray) first_tokens = tokenize (first_text);
  g_autoptr(GPtrArray) last_tokens = tokenize (last_text);
  guint suffix_start;
  g_autofree char *last_name = NULL;
  g_autofree char *moved_suffixes = NULL;

  drop_honorifics (last_tokens);
  drop_honorifics (first_tokens);
  suffix_start = find_suffixes (first_tokens, 1);

  last_name = join_tokens (last_tokens, 0, last_tokens->len, TRUE);
  moved_suffixes = join_tokens (first_tokens, suffix_start, first_tokens->len, TRUE);

  *out_first = join_tokens (first_tokens, 0, suffix_start, TRUE);
  if (*moved_suffixes != '\0')
    *out_last = g_strconcat (last_name, " ", moved_suffixes, NULL);
  else
    *out_last = g_steal_pointer (&last_name);
}

static GStrv
apply_split_name (const FcTransformStep  *step,
                  const char * const     *values,
                  guint                   n_values,
                  GError                **error)
{
  g_autofree char *text = _fc_transform_collapse_blanks (values[0]);
  const char *comma = strchr (text, ',');
  GStrv result = g_new0 (char *, 3);

  if (*text == '\0')
    {
      result[0] = g_strdup ("");
      result[1] = g_strdup ("");
      return result;
    }

  if (comma != NULL)
    {
      g_autofree char *before = g_strndup (text, comma - text);
      g_autofree char *before_stripped = _fc_transform_strip (before);
      const char *after = comma + 1;

      /* ",John": a stray comma in front. */
      if (*before_stripped == '\0')
        {
          g_free (result);
          return apply_split_name (step, &after, 1, error);
        }

      if (!text_is_only_suffixes (after) && strspn (after, ", ") < strlen (after))
        {
          split_comma_form (before_stripped, after, &result[0], &result[1]);
          return result;
        }
    }

  split_plain_form (text, &result[0], &result[1]);
  return result;
}

/* Joins "first last", skipping an empty part. */
static GStrv
reverse_split_name (const FcTransformStep  *step,
                    const char * const     *values,
                    guint                   n_values,
                    guint                   n_wanted,
                    GError                **error)
{
  g_autofree char *first = _fc_transform_collapse_blanks (values[0]);
  g_autofree char *last = _fc_transform_collapse_blanks (values[1]);
  GStrv result = g_new0 (char *, 2);

  if (*first == '\0')
    result[0] = g_steal_pointer (&last);
  else if (*last == '\0')
    result[0] = g_steal_pointer (&first);
  else
    result[0] = g_strconcat (first, " ", last, NULL);

  return result;
}

static char *
normalize_split_name (const FcTransformStep *step,
                      const char            *value)
{
  return _fc_transform_collapse_blanks (value);
}

static const char * const no_arguments[] = { NULL };

const FcTransformInfo _fc_transform_info_split_name = {
  .name = "split_name",
  .description = N_("Splits a person's name into first name and last name"),
  .n_inputs = 1,
  .n_outputs = 2,
  .argument_names = no_arguments,
  .argument_descriptions = no_arguments,
  .apply = apply_split_name,
  .reverse = reverse_split_name,
  .normalize = normalize_split_name,
};
