/* fc-transform.c: the transform registry, chain parsing and chain evaluation
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-transform"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-transform-private.h"

G_DEFINE_QUARK (fc-transform-error-quark, fc_transform_error)

/* Sorted by name, so that fc_transform_list_names() can be built by walking it. */
static const FcTransformInfo * const registry[] = {
  &_fc_transform_info_concatenate,
  &_fc_transform_info_date_iso,
  &_fc_transform_info_lowercase,
  &_fc_transform_info_phone_e164,
  &_fc_transform_info_split_name,
  &_fc_transform_info_trim,
  &_fc_transform_info_uppercase,
};

struct _FcTransformChain {
  gatomicrefcount  ref_count;
  FcTransformStep *steps;
  guint            n_steps;
};

G_DEFINE_BOXED_TYPE (FcTransformChain, fc_transform_chain,
                     fc_transform_chain_ref, fc_transform_chain_unref)

/* Registry */

/* Returns the transform called @name, or NULL when there is none. */
const FcTransformInfo *
fc_transform_lookup (const char *name)
{
  if (name == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (registry); i++)
    {
      if (strcmp (registry[i]->name, name) == 0)
        return registry[i];
    }

  return NULL;
}

/* Returns the names of every transform, sorted, NULL-terminated; owned by the registry. */
const char * const *
fc_transform_list_names (void)
{
  static const char **names = NULL;

  if (g_once_init_enter (&names))
    {
      const char **list = g_new0 (const char *, G_N_ELEMENTS (registry) + 1);

      for (guint i = 0; i < G_N_ELEMENTS (registry); i++)
        list[i] = registry[i]->name;

      g_once_init_leave (&names, list);
    }

  return (const char * const *) names;
}

const char *
fc_transform_info_get_name (const FcTransformInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return info->name;
}

/* Returns a one-line, translated description of what the transform does. */
const char *
fc_transform_info_get_description (const FcTransformInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return _(info->description);
}

/* Returns the number of values the transform takes, or -1 when it takes any number >= 1. */
int
fc_transform_info_get_n_inputs (const FcTransformInfo *info)
{
  g_return_val_if_fail (info != NULL, 0);

  return info->n_inputs;
}

int
fc_transform_info_get_n_outputs (const FcTransformInfo *info)
{
  g_return_val_if_fail (info != NULL, 0);

  return info->n_outputs;
}

/* TRUE when the transform has a reverse at all; whether a given step's arguments allow it is
 * answered by fc_transform_chain_check_reversible(). */
gboolean
fc_transform_info_has_reverse (const FcTransformInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);

  return info->reverse != NULL;
}

/* Returns the argument keys the transform accepts (possibly none), NULL-terminated. */
const char * const *
fc_transform_info_get_argument_names (const FcTransformInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  return info->argument_names;
}

static int
find_argument_index (const FcTransformInfo *info,
                     const char            *key)
{
  for (int i = 0; info->argument_names[i] != NULL; i++)
    {
      if (strcmp (info->argument_names[i], key) == 0)
        return i;
    }

  return -1;
}

/* Returns the translated description of the argument @key, or NULL when there is no such
 * argument. */
const char *
fc_transform_info_get_argument_description (const FcTransformInfo *info,
                                            const char            *key)
{
  int idx;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  idx = find_argument_index (info, key);
  if (idx < 0)
    return NULL;

  return _(info->argument_descriptions[idx]);
}

const char *
_fc_transform_step_get_arg (const FcTransformStep *step,
                            const char            *key)
{
  int idx = find_argument_index (step->info, key);

  return idx < 0 ? NULL : step->args[idx];
}

/* Replaces the value of argument @key of @step (a key the transform accepts) by @value. */
void
_fc_transform_step_take_arg (FcTransformStep *step,
                             const char      *key,
                             char            *value)
{
  int idx = find_argument_index (step->info, key);

  g_return_if_fail (idx >= 0);

  g_free (step->args[idx]);
  step->args[idx] = value;
}

/* Parsing */

typedef struct {
  const char *spec;
  const char *p;
} Parser;

static long
parser_position (Parser     *parser,
                 const char *at)
{
  return g_utf8_pointer_to_offset (parser->spec, at) + 1;
}

static void
parser_skip_blanks (Parser *parser)
{
  while (*parser->p != '\0' && g_ascii_isspace (*parser->p))
    parser->p++;
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* Returns the word at the parser position (a name or a key), or NULL when there is none. */
static char *
parser_read_word (Parser *parser)
{
  const char *start = parser->p;

  while (is_word_char (*parser->p))
    parser->p++;

  if (parser->p == start)
    return NULL;

  return g_strndup (start, parser->p - start);
}

/* Describes the character at @at for an error message: “x”, or “end of text”. */
static char *
describe_char (const char *at)
{
  if (*at == '\0')
    return g_strdup (_("the end of the text"));

  return g_strdup_printf ("“%.*s”", (int) (g_utf8_next_char (at) - at), at);
}

static gboolean
set_syntax_error (Parser      *parser,
                  const char  *expected,
                  GError     **error)
{
  g_autofree char *found = describe_char (parser->p);

  g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_SYNTAX,
               _("Expected %s at character %ld of “%s”, found %s"),
               expected, parser_position (parser, parser->p), parser->spec, found);
  return FALSE;
}

static char *
parser_read_quoted_value (Parser  *parser,
                          GError **error)
{
  g_autoptr(GString) value = g_string_new (NULL);
  const char *open = parser->p;

  parser->p++;
  while (*parser->p != '"')
    {
      if (*parser->p == '\0')
        {
          g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_SYNTAX,
                       _("The quoted value opened at character %ld of “%s” is not closed"),
                       parser_position (parser, open), parser->spec);
          return NULL;
        }

      if (*parser->p == '\\')
        {
          if (parser->p[1] != '"' && parser->p[1] != '\\')
            {
              g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_SYNTAX,
                           _("Unknown escape at character %ld of “%s”: only \\\" and \\\\ "
                             "may follow a backslash"),
                           parser_position (parser, parser->p), parser->spec);
              return NULL;
            }
          parser->p++;
        }

      g_string_append_c (value, *parser->p);
      parser->p++;
    }
  parser->p++;

  return g_string_free (g_steal_pointer (&value), FALSE);
}

/* An unquoted value runs up to the next “,”, “)” or “|”, without its surrounding blanks. */
static char *
parser_read_plain_value (Parser  *parser,
                         GError **error)
{
  const char *start = parser->p;
  const char *end;

  while (*parser->p != '\0' && strchr (",)|", *parser->p) == NULL)
    {
      if (*parser->p == '"' || *parser->p == '(')
        {
          set_syntax_error (parser, _("“,” or “)” (write the value in double quotes)"), error);
          return NULL;
        }
      parser->p++;
    }

  end = parser->p;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  return g_strndup (start, end - start);
}

static void
set_unknown_key_error (const FcTransformInfo  *info,
                       const char             *key,
                       GError                **error)
{
  g_autofree char *accepted = NULL;

  if (info->argument_names[0] == NULL)
    {
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_BAD_ARGUMENT,
                   _("Unknown argument “%s”: transform “%s” takes no arguments"),
                   key, info->name);
      return;
    }

  accepted = g_strjoinv (", ", (char **) info->argument_names);
  g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_BAD_ARGUMENT,
               _("Unknown argument “%s” for transform “%s”; accepted: %s"),
               key, info->name, accepted);
}

/* Reads “key=value” pairs after the “(” of @step, up to and including the “)”. */
static gboolean
parser_read_arguments (Parser           *parser,
                       FcTransformStep  *step,
                       GError          **error)
{
  parser->p++;
  parser_skip_blanks (parser);
  if (*parser->p == ')')
    {
      parser->p++;
      return TRUE;
    }

  for (;;)
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      int idx;

      parser_skip_blanks (parser);
      key = parser_read_word (parser);
      if (key == NULL)
        return set_syntax_error (parser, _("an argument name"), error);

      idx = find_argument_index (step->info, key);
      if (idx < 0)
        {
          set_unknown_key_error (step->info, key, error);
          return FALSE;
        }
      if (step->args[idx] != NULL)
        {
          g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_BAD_ARGUMENT,
                       _("Argument “%s” of transform “%s” is given twice"),
                       key, step->info->name);
          return FALSE;
        }

      parser_skip_blanks (parser);
      if (*parser->p != '=')
        return set_syntax_error (parser, _("“=” after the argument name"), error);
      parser->p++;
      parser_skip_blanks (parser);

      if (*parser->p == '"')
        value = parser_read_quoted_value (parser, error);
      else
        value = parser_read_plain_value (parser, error);
      if (value == NULL)
        return FALSE;
      step->args[idx] = g_steal_pointer (&value);

      parser_skip_blanks (parser);
      if (*parser->p == ')')
        {
          parser->p++;
          return TRUE;
        }
      if (*parser->p != ',')
        return set_syntax_error (parser, _("“,” or “)” after the argument value"), error);
      parser->p++;
    }
}

static void
set_unknown_name_error (Parser      *parser,
                        const char  *name,
                        const char  *at,
                        GError     **error)
{
  g_autofree char *known = g_strjoinv (", ", (char **) fc_transform_list_names ());

  g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_UNKNOWN,
               _("Unknown transform “%s” at character %ld of “%s”; known transforms: %s"),
               name, parser_position (parser, at), parser->spec, known);
}

static gboolean
parser_read_step (Parser           *parser,
                  FcTransformStep  *step,
                  GError          **error)
{
  g_autofree char *name = NULL;
  const char *name_start;
  gboolean had_arguments;

  parser_skip_blanks (parser);
  name_start = parser->p;
  name = parser_read_word (parser);
  if (name == NULL)
    return set_syntax_error (parser, _("a transform name"), error);

  step->info = fc_transform_lookup (name);
  if (step->info == NULL)
    {
      set_unknown_name_error (parser, name, name_start, error);
      return FALSE;
    }
  step->args = g_new0 (char *, g_strv_length ((char **) step->info->argument_names) + 1);

  parser_skip_blanks (parser);
  had_arguments = *parser->p == '(';
  if (had_arguments && !parser_read_arguments (parser, step, error))
    return FALSE;

  if (step->info->check_args != NULL && !step->info->check_args (step, error))
    return FALSE;

  parser_skip_blanks (parser);
  if (*parser->p != '\0' && *parser->p != '|')
    return set_syntax_error (parser,
                             had_arguments
                             ? _("“|” before the next transform")
                             : _("“|” or “(” after the transform name"),
                             error);

  return TRUE;
}

static void
clear_step (FcTransformStep *step)
{
  /* Not g_strfreev(): arguments that were not given leave NULL holes. */
  if (step->args != NULL)
    {
      for (guint i = 0; step->info->argument_names[i] != NULL; i++)
        g_free (step->args[i]);
    }
  g_clear_pointer (&step->args, g_free);
}

/* Parses the text form of a chain. NULL, "" and blank text give the identity chain. Returns a
 * new chain, or NULL with an UNKNOWN, SYNTAX or BAD_ARGUMENT error that says where. */
FcTransformChain *
fc_transform_chain_parse (const char  *spec,
                          GError     **error)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, TRUE, sizeof (FcTransformStep));
  FcTransformChain *chain;
  Parser parser = { spec != NULL ? spec : "", spec != NULL ? spec : "" };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_array_set_clear_func (steps, (GDestroyNotify) clear_step);

  if (!g_utf8_validate (parser.spec, -1, NULL))
    {
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_SYNTAX,
                   _("The transform chain is not valid UTF-8 text"));
      return NULL;
    }

  parser_skip_blanks (&parser);
  while (*parser.p != '\0')
    {
      FcTransformStep step = { NULL, NULL };

      if (steps->len > 0)
        parser.p++;   /* the “|” parser_read_step stopped at */

      g_array_append_val (steps, step);
      if (!parser_read_step (&parser, &g_array_index (steps, FcTransformStep, steps->len - 1),
                             error))
        return NULL;
    }

  chain = g_new0 (FcTransformChain, 1);
  g_atomic_ref_count_init (&chain->ref_count);
  chain->n_steps = steps->len;
  g_array_set_clear_func (steps, NULL);
  chain->steps = (FcTransformStep *) (void *) g_array_free (g_steal_pointer (&steps), FALSE);

  return chain;
}

FcTransformChain *
fc_transform_chain_ref (FcTransformChain *chain)
{
  g_return_val_if_fail (chain != NULL, NULL);

  g_atomic_ref_count_inc (&chain->ref_count);
  return chain;
}

void
fc_transform_chain_unref (FcTransformChain *chain)
{
  g_return_if_fail (chain != NULL);

  if (!g_atomic_ref_count_dec (&chain->ref_count))
    return;

  for (guint i = 0; i < chain->n_steps; i++)
    clear_step (&chain->steps[i]);
  g_free (chain->steps);
  g_free (chain);
}

static gboolean
value_needs_quotes (const char *value)
{
  if (*value == '\0')
    return TRUE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("_-.+:/", *p) == NULL)
        return TRUE;
    }

  return FALSE;
}

static void
append_value (GString    *out,
              const char *value)
{
  if (!value_needs_quotes (value))
    {
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Returns the canonical text of @chain: no blanks, arguments in the transform's own order,
 * values quoted only when they must be. Parsing it gives an equal chain; "" for the identity. */
char *
fc_transform_chain_to_string (FcTransformChain *chain)
{
  GString *out;

  g_return_val_if_fail (chain != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < chain->n_steps; i++)
    {
      const FcTransformStep *step = &chain->steps[i];
      gboolean first_arg = TRUE;

      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, step->info->name);

      for (guint a = 0; step->info->argument_names[a] != NULL; a++)
        {
          if (step->args[a] == NULL)
            continue;

          g_string_append_c (out, first_arg ? '(' : ',');
          g_string_append_printf (out, "%s=", step->info->argument_names[a]);
          append_value (out, step->args[a]);
          first_arg = FALSE;
        }
      if (!first_arg)
        g_string_append_c (out, ')');
    }

  return g_string_free (out, FALSE);
}

/* TRUE when the chain has no step: values pass unchanged in both directions. */
gboolean
fc_transform_chain_is_identity (FcTransformChain *chain)
{
  g_return_val_if_fail (chain != NULL, FALSE);

  return chain->n_steps == 0;
}

guint
fc_transform_chain_get_n_steps (FcTransformChain *chain)
{
  g_return_val_if_fail (chain != NULL, 0);

  return chain->n_steps;
}

const FcTransformInfo *
fc_transform_chain_get_step (FcTransformChain *chain,
                             guint             i)
{
  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (i < chain->n_steps, NULL);

  return chain->steps[i].info;
}

/* Returns the value of argument @key of step @i in canonical form, or NULL when the step was
 * written without it (the transform then uses its default). */
const char *
fc_transform_chain_get_step_arg (FcTransformChain *chain,
                                 guint             i,
                                 const char       *key)
{
  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (i < chain->n_steps, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return _fc_transform_step_get_arg (&chain->steps[i], key);
}

/* Arity */

static gboolean
step_is_elementwise (const FcTransformStep *step)
{
  return step->info->n_inputs == 1 && step->info->n_outputs == 1;
}

/* Follows @n_inputs values through the chain. Fills @counts (n_steps + 1 entries, may be NULL)
 * with the number of values before each step and after the last one. */
static gboolean
count_values (FcTransformChain  *chain,
              guint              n_inputs,
              guint             *counts,
              GError           **error)
{
  guint count = n_inputs;

  for (guint i = 0; i < chain->n_steps; i++)
    {
      const FcTransformInfo *info = chain->steps[i].info;

      if (counts != NULL)
        counts[i] = count;

      if (count == 0)
        {
          g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_ARITY,
                       _("Step %u (%s) receives no value"), i + 1, info->name);
          return FALSE;
        }

      if (step_is_elementwise (&chain->steps[i]) || info->n_inputs < 0)
        {
          if (info->n_inputs < 0)
            count = info->n_outputs;
          continue;
        }

      if (count != (guint) info->n_inputs)
        {
          g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_ARITY,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "Step %u (%s) takes %d value but receives %u",
                                    "Step %u (%s) takes %d values but receives %u",
                                    info->n_inputs),
                       i + 1, info->name, info->n_inputs, count);
          return FALSE;
        }
      count = info->n_outputs;
    }

  if (counts != NULL)
    counts[chain->n_steps] = count;

  return TRUE;
}

/* Returns how many values the chain gives for @n_inputs values, or -1 when it cannot take
 * that many. */
int
fc_transform_chain_get_n_outputs_for (FcTransformChain *chain,
                                      guint             n_inputs)
{
  g_autofree guint *counts = NULL;

  g_return_val_if_fail (chain != NULL, -1);

  counts = g_new0 (guint, chain->n_steps + 1);
  if (!count_values (chain, n_inputs, counts, NULL))
    return -1;

  return (int) counts[chain->n_steps];
}

gboolean
fc_transform_chain_check_arity (FcTransformChain  *chain,
                                guint              n_inputs,
                                guint              n_outputs,
                                GError           **error)
{
  g_autofree guint *counts = NULL;
  guint produced;

  g_return_val_if_fail (chain != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  counts = g_new0 (guint, chain->n_steps + 1);
  if (!count_values (chain, n_inputs, counts, error))
    return FALSE;

  produced = counts[chain->n_steps];
  if (produced != n_outputs)
    {
      g_autofree char *text = fc_transform_chain_to_string (chain);

      if (chain->n_steps == 0)
        g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_ARITY,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Without transforms %u value gives %u, but the pair needs %u",
                                  "Without transforms %u values give %u, but the pair needs %u",
                                  n_inputs),
                     n_inputs, produced, n_outputs);
      else
        g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_ARITY,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The transforms “%s” turn %u value into %u, "
                                  "but the pair needs %u",
                                  "The transforms “%s” turn %u values into %u, "
                                  "but the pair needs %u",
                                  n_inputs),
                     text, n_inputs, produced, n_outputs);
      return FALSE;
    }

  return TRUE;
}

gboolean
fc_transform_chain_check_reversible (FcTransformChain  *chain,
                                     GError           **error)
{
  g_return_val_if_fail (chain != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < chain->n_steps; i++)
    {
      const FcTransformStep *step = &chain->steps[i];
      g_autoptr(GError) local_error = NULL;

      if (step->info->reverse == NULL)
        {
          g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_NO_REVERSE,
                       _("Step %u (%s) has no reverse: the original value cannot be recovered"),
                       i + 1, step->info->name);
          return FALSE;
        }

      if (step->info->check_reversible != NULL
          && !step->info->check_reversible (step, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Step %u (%s) has no reverse: "),
                                      i + 1, step->info->name);
          return FALSE;
        }
    }

  return TRUE;
}

/* Evaluation */

static gboolean
value_is_empty (const char *value)
{
  return value == NULL || *value == '\0';
}

static gboolean
all_empty (const char * const *values,
           guint               n_values)
{
  for (guint i = 0; i < n_values; i++)
    {
      if (!value_is_empty (values[i]))
        return FALSE;
    }

  return TRUE;
}

/* Copies @values into a new vector, NULL as "", checking each is UTF-8. */
static GStrv
copy_values (const char * const  *values,
             guint                n_values,
             GError             **error)
{
  g_auto(GStrv) copy = g_new0 (char *, n_values + 1);

  for (guint i = 0; i < n_values; i++)
    {
      const char *value = values[i] != NULL ? values[i] : "";

      if (!g_utf8_validate (value, -1, NULL))
        {
          g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                       _("Value %u is not valid UTF-8 text"), i + 1);
          return NULL;
        }
      copy[i] = g_strdup (value);
    }

  return g_steal_pointer (&copy);
}

static GStrv
run_step (const FcTransformStep  *step,
          gboolean                reverse,
          GStrv                   values,
          guint                   n_wanted,
          GError                **error)
{
  guint n_values = g_strv_length (values);
  const char * const *cvalues = (const char * const *) values;

  if (step_is_elementwise (step))
    {
      g_auto(GStrv) result = g_new0 (char *, n_values + 1);

      for (guint v = 0; v < n_values; v++)
        {
          g_auto(GStrv) one = NULL;

          if (value_is_empty (values[v]))
            {
              result[v] = g_strdup ("");
              continue;
            }

          if (reverse)
            one = step->info->reverse (step, &cvalues[v], 1, 1, error);
          else
            one = step->info->apply (step, &cvalues[v], 1, error);
          if (one == NULL)
            return NULL;

          result[v] = g_steal_pointer (&one[0]);
        }

      return g_steal_pointer (&result);
    }

  if (all_empty (cvalues, n_values))
    return _fc_transform_strv_new_empty (n_wanted);

  if (reverse)
    return step->info->reverse (step, cvalues, n_values, n_wanted, error);

  return step->info->apply (step, cvalues, n_values, error);
}

/* Applies the chain to @n_inputs values (NULL counts as ""). Returns a new vector of outputs, or
 * NULL with an ARITY error, or the INVALID_INPUT error of the step that failed. */
GStrv
fc_transform_chain_apply (FcTransformChain    *chain,
                          const char * const  *inputs,
                          guint                n_inputs,
                          GError             **error)
{
  g_autofree guint *counts = NULL;
  g_auto(GStrv) values = NULL;

  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (inputs != NULL || n_inputs == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  counts = g_new0 (guint, chain->n_steps + 1);
  if (!count_values (chain, n_inputs, counts, error))
    return NULL;

  values = copy_values (inputs, n_inputs, error);
  if (values == NULL)
    return NULL;

  for (guint i = 0; i < chain->n_steps; i++)
    {
      const FcTransformStep *step = &chain->steps[i];
      g_autoptr(GError) local_error = NULL;
      GStrv next = run_step (step, FALSE, values, counts[i + 1], &local_error);

      if (next == NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ",
                                      step->info->name);
          return NULL;
        }
      g_strfreev (values);
      values = next;
    }

  return g_steal_pointer (&values);
}

/* Works out, from the outputs back, how many values enter each step. Only a variadic step
 * leaves that open, and then the caller must say how many inputs there are. */
static gboolean
count_values_backwards (FcTransformChain  *chain,
                        guint              n_outputs,
                        guint             *counts,
                        GError           **error)
{
  guint count = n_outputs;

  counts[chain->n_steps] = count;
  for (guint i = chain->n_steps; i-- > 0;)
    {
      const FcTransformStep *step = &chain->steps[i];

      if (!step_is_elementwise (step))
        {
          if (step->info->n_inputs < 0)
            {
              g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_AMBIGUOUS,
                           _("Step %u (%s) takes any number of values, so its reverse needs "
                             "to be told how many to give"),
                           i + 1, step->info->name);
              return FALSE;
            }
          if (count != (guint) step->info->n_outputs)
            {
              g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_ARITY,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "Step %u (%s) gives %d value but %u reach its reverse",
                                        "Step %u (%s) gives %d values but %u reach its reverse",
                                        step->info->n_outputs),
                           i + 1, step->info->name, step->info->n_outputs, count);
              return FALSE;
            }
          count = step->info->n_inputs;
        }
      counts[i] = count;
    }

  return TRUE;
}

static GStrv
apply_reverse_with_counts (FcTransformChain    *chain,
                           const char * const  *outputs,
                           guint                n_outputs,
                           const guint         *counts,
                           GError             **error)
{
  g_auto(GStrv) values = copy_values (outputs, n_outputs, error);

  if (values == NULL)
    return NULL;

  for (guint i = chain->n_steps; i-- > 0;)
    {
      const FcTransformStep *step = &chain->steps[i];
      g_autoptr(GError) local_error = NULL;
      GStrv next = run_step (step, TRUE, values, counts[i], &local_error);

      if (next == NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("%s (reverse): "), step->info->name);
          return NULL;
        }
      g_strfreev (values);
      values = next;
    }

  return g_steal_pointer (&values);
}

/* Maps @n_outputs values of the chain's output side back to its input side. Fails with
 * NO_REVERSE when a step has none, with AMBIGUOUS when a step cannot decide (and when the chain
 * has a variadic step, whose number of inputs only fc_transform_chain_apply_reverse_full() is
 * told), or with INVALID_INPUT. */
GStrv
fc_transform_chain_apply_reverse (FcTransformChain    *chain,
                                  const char * const  *outputs,
                                  guint                n_outputs,
                                  GError             **error)
{
  g_autofree guint *counts = NULL;

  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (outputs != NULL || n_outputs == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  counts = g_new0 (guint, chain->n_steps + 1);
  if (!fc_transform_chain_check_reversible (chain, error)
      || !count_values_backwards (chain, n_outputs, counts, error))
    return NULL;

  return apply_reverse_with_counts (chain, outputs, n_outputs, counts, error);
}

/* Like fc_transform_chain_apply_reverse(), for a chain known to take @n_inputs values (the
 * number of source fields of the pair), which a variadic step such as concatenate needs to
 * know to split its value back. */
GStrv
fc_transform_chain_apply_reverse_full (FcTransformChain    *chain,
                                       const char * const  *outputs,
                                       guint                n_outputs,
                                       guint                n_inputs,
                                       GError             **error)
{
  g_autofree guint *counts = NULL;

  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (outputs != NULL || n_outputs == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  counts = g_new0 (guint, chain->n_steps + 1);
  if (!fc_transform_chain_check_reversible (chain, error)
      || !fc_transform_chain_check_arity (chain, n_inputs, n_outputs, error))
    return NULL;
  count_values (chain, n_inputs, counts, NULL);

  return apply_reverse_with_counts (chain, outputs, n_outputs, counts, error);
}

/* Equality */

/* The comparison key of @value: the normalisers of the last steps, from the last step that
 * changes the number of values (included: its outputs are what the later steps see) to the
 * end, then Unicode NFC so that composed and decomposed accents compare equal. */
static char *
normalize_value (FcTransformChain *chain,
                 const char       *value)
{
  g_autofree char *key = g_strdup (value != NULL ? value : "");
  guint first = chain->n_steps;

  while (first > 0)
    {
      first--;
      if (!step_is_elementwise (&chain->steps[first]))
        break;
    }

  for (guint i = first; i < chain->n_steps; i++)
    {
      const FcTransformStep *step = &chain->steps[i];

      if (step->info->normalize != NULL && *key != '\0')
        {
          char *next = step->info->normalize (step, key);

          g_free (key);
          key = next;
        }
    }

  return g_utf8_normalize (key, -1, G_NORMALIZE_NFC);
}

gboolean
fc_transform_chain_values_equal (FcTransformChain *chain,
                                 const char       *a,
                                 const char       *b)
{
  g_autofree char *key_a = NULL;
  g_autofree char *key_b = NULL;

  g_return_val_if_fail (chain != NULL, FALSE);

  if (chain->n_steps == 0)
    return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "") == 0;

  if (g_strcmp0 (a, b) == 0)
    return TRUE;

  /* Text that is not UTF-8 cannot be normalised: only identical bytes are equal then. */
  if ((a != NULL && !g_utf8_validate (a, -1, NULL))
      || (b != NULL && !g_utf8_validate (b, -1, NULL)))
    return FALSE;

  key_a = normalize_value (chain, a);
  key_b = normalize_value (chain, b);

  return key_a != NULL && key_b != NULL && strcmp (key_a, key_b) == 0;
}
