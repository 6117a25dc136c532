/* fc-sim-graphql-lexer.c: GraphQL source text to tokens (names, numbers, strings and block
 * strings, punctuators), the pools documents live in, and graphql-ruby's parse errors
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-graphql"

#include "config.h"

#include <string.h>

#include "fc-sim-graphql-private.h"

/* Pools */

void
_fc_sim_gql_pool_init (FcSimGqlPool *pool)
{
  pool->blocks = g_ptr_array_new_with_free_func (g_free);
  pool->arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

void
_fc_sim_gql_pool_clear (FcSimGqlPool *pool)
{
  g_clear_pointer (&pool->arrays, g_ptr_array_unref);
  g_clear_pointer (&pool->blocks, g_ptr_array_unref);
}

gpointer
_fc_sim_gql_pool_alloc (FcSimGqlPool *pool,
                        gsize         size)
{
  gpointer block = g_malloc0 (size);

  g_ptr_array_add (pool->blocks, block);
  return block;
}

char *
_fc_sim_gql_pool_strndup (FcSimGqlPool *pool,
                          const char   *text,
                          gssize        length)
{
  char *copy = length < 0 ? g_strdup (text) : g_strndup (text, length);

  g_ptr_array_add (pool->blocks, copy);
  return copy;
}

GPtrArray *
_fc_sim_gql_pool_array (FcSimGqlPool *pool)
{
  GPtrArray *array = g_ptr_array_new ();

  g_ptr_array_add (pool->arrays, array);
  return array;
}

/* Errors, in graphql-ruby's words: Parse error on "}" (RCURLY) at [1, 10] */

static const char *
punct_name (const FcSimGqlToken *token)
{
  static const struct { const char *text; const char *name; } names[] = {
    { "{", "LCURLY" }, { "}", "RCURLY" }, { "(", "LPAREN" }, { ")", "RPAREN" },
    { "[", "LBRACKET" }, { "]", "RBRACKET" }, { ":", "COLON" }, { "$", "VAR_SIGN" },
    { "@", "DIR_SIGN" }, { "=", "EQUALS" }, { "!", "BANG" }, { "...", "ELLIPSIS" },
    { "|", "PIPE" }, { "&", "AMP" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (strlen (names[i].text) == token->length
          && strncmp (names[i].text, token->start, token->length) == 0)
        return names[i].name;
    }

  return "UNKNOWN_CHAR";
}

static char *
token_name (const FcSimGqlToken *token)
{
  static const char * const keywords[] = {
    "query", "mutation", "subscription", "fragment", "on", "true", "false", "null", "schema",
    "scalar", "type", "interface", "union", "enum", "input", "extend", "directive",
    "implements", NULL,
  };
  g_autofree char *text = NULL;

  switch (token->kind)
    {
    case FC_SIM_GQL_TOKEN_PUNCT:
      return g_strdup (punct_name (token));
    case FC_SIM_GQL_TOKEN_INT:
      return g_strdup ("INT");
    case FC_SIM_GQL_TOKEN_FLOAT:
      return g_strdup ("FLOAT");
    case FC_SIM_GQL_TOKEN_STRING:
      return g_strdup ("STRING");
    case FC_SIM_GQL_TOKEN_NAME:
      text = g_strndup (token->start, token->length);
      if (g_strv_contains (keywords, text))
        return g_ascii_strup (text, -1);
      return g_strdup ("IDENTIFIER");
    case FC_SIM_GQL_TOKEN_EOF:
    default:
      return g_strdup ("EOF");
    }
}

void
_fc_sim_gql_fail_at (FcSimGqlParser *p,
                     guint           line,
                     guint           column,
                     const char     *message)
{
  if (p->error != NULL)
    return;

  p->error = g_error_new (FC_SIM_GQL_ERROR, FC_SIM_GQL_ERROR_PARSE, "%s", message);
  p->error_line = line;
  p->error_column = column;
  p->token.kind = FC_SIM_GQL_TOKEN_EOF;
}

void
_fc_sim_gql_unexpected (FcSimGqlParser *p)
{
  g_autofree char *kind = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;

  if (p->error != NULL)
    return;

  if (p->token.kind == FC_SIM_GQL_TOKEN_EOF)
    {
      _fc_sim_gql_fail_at (p, p->token.line, p->token.column, "Unexpected end of document");
      return;
    }

  kind = token_name (&p->token);
  text = g_strndup (p->token.start, p->token.length);
  message = g_strdup_printf ("Parse error on \"%s\" (%s) at [%u, %u]", text, kind,
                             p->token.line, p->token.column);
  _fc_sim_gql_fail_at (p, p->token.line, p->token.column, message);
}

/* Lexer */

static void
skip_ignored (FcSimGqlParser *p)
{
  for (;;)
    {
      char c = *p->pos;

      if (c == ' ' || c == '\t' || c == ',')
        {
          p->pos++;
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && p->pos[1] == '\n')
            p->pos++;
          p->pos++;
          p->line++;
          p->line_start = p->pos;
        }
      else if (c == '#')
        {
          while (*p->pos != '\0' && *p->pos != '\n' && *p->pos != '\r')
            p->pos++;
        }
      else if ((guchar) c == 0xEF && (guchar) p->pos[1] == 0xBB && (guchar) p->pos[2] == 0xBF)
        {
          p->pos += 3;
        }
      else
        {
          return;
        }
    }
}

static gboolean
read_escape (FcSimGqlParser  *p,
             const char     **pos,
             GString         *out)
{
  const char *s = *pos;
  gunichar ch = 0;

  switch (s[1])
    {
    case '"': g_string_append_c (out, '"'); break;
    case '\\': g_string_append_c (out, '\\'); break;
    case '/': g_string_append_c (out, '/'); break;
    case 'b': g_string_append_c (out, '\b'); break;
    case 'f': g_string_append_c (out, '\f'); break;
    case 'n': g_string_append_c (out, '\n'); break;
    case 'r': g_string_append_c (out, '\r'); break;
    case 't': g_string_append_c (out, '\t'); break;
    case 'u':
      for (guint i = 2; i < 6; i++)
        {
          if (!g_ascii_isxdigit (s[i]))
            return FALSE;
          ch = ch * 16 + g_ascii_xdigit_value (s[i]);
        }
      g_string_append_unichar (out, ch);
      *pos = s + 6;
      return TRUE;
    default:
      return FALSE;
    }

  *pos = s + 2;
  return TRUE;
}

static void
lex_string (FcSimGqlParser *p)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *s = p->pos + 1;

  while (*s != '"')
    {
      if (*s == '\0' || *s == '\n' || *s == '\r')
        {
          g_autofree char *message = g_strdup_printf ("Unterminated string at [%u, %u]",
                                                      p->token.line, p->token.column);

          _fc_sim_gql_fail_at (p, p->token.line, p->token.column, message);
          return;
        }
      if (*s == '\\')
        {
          if (!read_escape (p, &s, out))
            {
              g_autofree char *message = g_strdup_printf ("Bad escape sequence in string at "
                                                          "[%u, %u]", p->token.line,
                                                          p->token.column);

              _fc_sim_gql_fail_at (p, p->token.line, p->token.column, message);
              return;
            }
          continue;
        }
      g_string_append_c (out, *s++);
    }

  p->token.kind = FC_SIM_GQL_TOKEN_STRING;
  p->token.length = s + 1 - p->pos;
  p->token.value = _fc_sim_gql_pool_strndup (p->pool, out->str, out->len);
  p->pos = s + 1;
}

/* Block strings: the common indentation of all lines but the first goes, and so do blank
 * leading and trailing lines. */
static char *
block_string_value (const char *raw)
{
  g_auto (GStrv) lines = g_regex_split_simple ("\r\n|\r|\n", raw, 0, 0);
  guint n = g_strv_length (lines);
  gssize common = -1;
  guint first = 0;
  guint last = n;
  GString *out = g_string_new (NULL);

  for (guint i = 1; i < n; i++)
    {
      gssize indent = strspn (lines[i], " \t");

      if (lines[i][indent] != '\0' && (common < 0 || indent < common))
        common = indent;
    }
  for (guint i = 1; common > 0 && i < n; i++)
    {
      gsize length = strlen (lines[i]);

      memmove (lines[i], lines[i] + MIN ((gsize) common, length),
               length - MIN ((gsize) common, length) + 1);
    }
  while (first < last && lines[first][strspn (lines[first], " \t")] == '\0')
    first++;
  while (last > first && lines[last - 1][strspn (lines[last - 1], " \t")] == '\0')
    last--;
  for (guint i = first; i < last; i++)
    {
      if (i > first)
        g_string_append_c (out, '\n');
      g_string_append (out, lines[i]);
    }

  return g_string_free (out, FALSE);
}

static void
lex_block_string (FcSimGqlParser *p)
{
  g_autoptr (GString) raw = g_string_new (NULL);
  const char *s = p->pos + 3;
  g_autofree char *value = NULL;

  while (strncmp (s, "\"\"\"", 3) != 0)
    {
      if (*s == '\0')
        {
          g_autofree char *message = g_strdup_printf ("Unterminated string at [%u, %u]",
                                                      p->token.line, p->token.column);

          _fc_sim_gql_fail_at (p, p->token.line, p->token.column, message);
          return;
        }
      if (strncmp (s, "\\\"\"\"", 4) == 0)
        {
          g_string_append (raw, "\"\"\"");
          s += 4;
          continue;
        }
      if (*s == '\n' || (*s == '\r' && s[1] != '\n'))
        {
          p->line++;
          p->line_start = s + 1;
        }
      g_string_append_c (raw, *s++);
    }

  value = block_string_value (raw->str);
  p->token.kind = FC_SIM_GQL_TOKEN_STRING;
  p->token.length = s + 3 - p->pos;
  p->token.value = _fc_sim_gql_pool_strndup (p->pool, value, -1);
  p->pos = s + 3;
}

static void
lex_number (FcSimGqlParser *p)
{
  const char *s = p->pos;
  gboolean is_float = FALSE;

  if (*s == '-')
    s++;
  if (!g_ascii_isdigit (*s))
    {
      p->token.kind = FC_SIM_GQL_TOKEN_PUNCT;
      p->token.length = 1;
      _fc_sim_gql_unexpected (p);
      return;
    }
  while (g_ascii_isdigit (*s))
    s++;
  if (*s == '.' && g_ascii_isdigit (s[1]))
    {
      is_float = TRUE;
      s++;
      while (g_ascii_isdigit (*s))
        s++;
    }
  if ((*s == 'e' || *s == 'E')
      && (g_ascii_isdigit (s[1]) || ((s[1] == '+' || s[1] == '-') && g_ascii_isdigit (s[2]))))
    {
      is_float = TRUE;
      s += 2;
      while (g_ascii_isdigit (*s))
        s++;
    }

  p->token.kind = is_float ? FC_SIM_GQL_TOKEN_FLOAT : FC_SIM_GQL_TOKEN_INT;
  p->token.length = s - p->pos;
  p->pos = s;
}

void
_fc_sim_gql_advance (FcSimGqlParser *p)
{
  const char *s;

  if (p->error != NULL)
    return;

  skip_ignored (p);
  s = p->pos;
  p->token.start = s;
  p->token.value = NULL;
  p->token.line = p->line;
  p->token.column = (guint) (s - p->line_start) + 1;

  if (*s == '\0')
    {
      p->token.kind = FC_SIM_GQL_TOKEN_EOF;
      p->token.length = 0;
    }
  else if (g_ascii_isalpha (*s) || *s == '_')
    {
      while (g_ascii_isalnum (*s) || *s == '_')
        s++;
      p->token.kind = FC_SIM_GQL_TOKEN_NAME;
      p->token.length = s - p->pos;
      p->pos = s;
    }
  else if (g_ascii_isdigit (*s) || *s == '-')
    {
      lex_number (p);
    }
  else if (strncmp (s, "\"\"\"", 3) == 0)
    {
      lex_block_string (p);
    }
  else if (*s == '"')
    {
      lex_string (p);
    }
  else if (strncmp (s, "...", 3) == 0)
    {
      p->token.kind = FC_SIM_GQL_TOKEN_PUNCT;
      p->token.length = 3;
      p->pos += 3;
    }
  else
    {
      p->token.kind = FC_SIM_GQL_TOKEN_PUNCT;
      p->token.length = g_utf8_skip[(guchar) *s];
      p->pos += p->token.length;
      if (strchr ("!$&()[]{}:=@|", *s) == NULL)
        _fc_sim_gql_unexpected (p);
    }
}

gboolean
_fc_sim_gql_peek_punct (FcSimGqlParser *p,
                        const char     *text)
{
  return p->token.kind == FC_SIM_GQL_TOKEN_PUNCT && p->token.length == strlen (text)
         && strncmp (p->token.start, text, p->token.length) == 0;
}

gboolean
_fc_sim_gql_peek_name (FcSimGqlParser *p,
                       const char     *text)
{
  return p->token.kind == FC_SIM_GQL_TOKEN_NAME && p->token.length == strlen (text)
         && strncmp (p->token.start, text, p->token.length) == 0;
}

gboolean
_fc_sim_gql_accept_punct (FcSimGqlParser *p,
                          const char     *text)
{
  if (!_fc_sim_gql_peek_punct (p, text))
    return FALSE;

  _fc_sim_gql_advance (p);
  return TRUE;
}

gboolean
_fc_sim_gql_expect_punct (FcSimGqlParser *p,
                          const char     *text)
{
  if (_fc_sim_gql_accept_punct (p, text))
    return TRUE;

  _fc_sim_gql_unexpected (p);
  return FALSE;
}

char *
_fc_sim_gql_expect_name (FcSimGqlParser *p)
{
  char *name;

  if (p->token.kind != FC_SIM_GQL_TOKEN_NAME)
    {
      _fc_sim_gql_unexpected (p);
      return NULL;
    }

  name = _fc_sim_gql_pool_strndup (p->pool, p->token.start, p->token.length);
  _fc_sim_gql_advance (p);
  return name;
}

void
_fc_sim_gql_parser_init (FcSimGqlParser *p,
                         FcSimGqlPool   *pool,
                         const char     *text)
{
  memset (p, 0, sizeof *p);
  p->pos = text;
  p->line_start = text;
  p->line = 1;
  p->pool = pool;
  _fc_sim_gql_advance (p);
}
