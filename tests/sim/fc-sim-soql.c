/* fc-sim-soql.c: SOQL errors in Salesforce's style, literals, and the lexer
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-sim-soql"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "fc-sim-soql-private.h"

G_DEFINE_QUARK (fc-sim-soql-error-quark, fc_sim_soql_error)

/* Errors in Salesforce's style: the line, a caret under the spot, row and column */

void
_fc_sim_soql_set_error (GError         **error,
                        FcSimSoqlError   code,
                        const char      *text,
                        guint            position,
                        const char      *format,
                        ...)
{
  g_autofree char *description = NULL;
  g_autofree char *line = NULL;
  g_autofree char *caret = NULL;
  const char *line_start = text;
  const char *line_end;
  guint row = 1;
  glong column;
  va_list args;

  va_start (args, format);
  description = g_strdup_vprintf (format, args);
  va_end (args);

  position = MIN (position, (guint) strlen (text));
  for (const char *p = text; p < text + position; p++)
    {
      if (*p == '\n')
        {
          row++;
          line_start = p + 1;
        }
    }
  line_end = strchr (line_start, '\n');
  line = line_end != NULL ? g_strndup (line_start, line_end - line_start) : g_strdup (line_start);
  column = g_utf8_pointer_to_offset (line_start, text + position) + 1;
  caret = g_strnfill (column - 1, ' ');

  g_set_error (error, FC_SIM_SOQL_ERROR, code, "\n%s\n%s^\nERROR at Row:%u:Column:%ld\n%s",
               line, caret, row, column, description);
}

const char *
_fc_sim_soql_error_code (const GError *error)
{
  if (error->domain != FC_SIM_SOQL_ERROR)
    return "MALFORMED_QUERY";

  switch ((FcSimSoqlError) error->code)
    {
    case FC_SIM_SOQL_ERROR_INVALID_FIELD:
      return "INVALID_FIELD";
    case FC_SIM_SOQL_ERROR_INVALID_TYPE:
      return "INVALID_TYPE";
    case FC_SIM_SOQL_ERROR_INVALID_FILTER:
      return "INVALID_QUERY_FILTER_OPERATOR";
    case FC_SIM_SOQL_ERROR_OUT_OF_RANGE:
      return "NUMBER_OUTSIDE_VALID_RANGE";
    case FC_SIM_SOQL_ERROR_MALFORMED:
    default:
      return "MALFORMED_QUERY";
    }
}

/* Literals */

static gboolean
read_digits (const char *p,
             guint       n,
             int        *value)
{
  int result = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      result = result * 10 + (p[i] - '0');
    }

  *value = result;
  return TRUE;
}

/* 2025-01-31, as midnight UTC */
gboolean
_fc_sim_soql_parse_date (const char *text,
                         gint64     *ms)
{
  g_autoptr (GDateTime) time = NULL;
  int year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-'
      || !read_digits (text, 4, &year) || !read_digits (text + 5, 2, &month)
      || !read_digits (text + 8, 2, &day)
      || !g_date_valid_dmy (day, month, year))
    return FALSE;

  time = g_date_time_new_utc (year, month, day, 0, 0, 0);
  if (time == NULL)
    return FALSE;

  *ms = g_date_time_to_unix (time) * 1000;
  return TRUE;
}

/* Length of the zone at @p (Z, +hh:mm, +hhmm, +hh) and its offset in minutes; 0 when none */
static guint
read_zone (const char *p,
           int        *minutes)
{
  int hours, mins = 0;
  guint length;

  if (*p == 'Z' || *p == 'z')
    {
      *minutes = 0;
      return 1;
    }
  if ((*p != '+' && *p != '-') || !read_digits (p + 1, 2, &hours))
    return 0;

  length = 3;
  if (p[3] == ':' && read_digits (p + 4, 2, &mins))
    length = 6;
  else if (read_digits (p + 3, 2, &mins))
    length = 5;
  if (hours > 23 || mins > 59)
    return 0;

  *minutes = (hours * 60 + mins) * (*p == '-' ? -1 : 1);
  return length;
}

/* Length of an ISO 8601 date-time at @text (0 when there is none); @has_zone says whether it
 * ends with a zone. Only the shape is checked here. */
static guint
datetime_length (const char *text,
                 gboolean   *has_zone)
{
  int ignored;
  guint length = 19;
  guint zone;

  *has_zone = FALSE;
  if (!read_digits (text, 4, &ignored) || text[4] != '-' || !read_digits (text + 5, 2, &ignored)
      || text[7] != '-' || !read_digits (text + 8, 2, &ignored) || text[10] != 'T'
      || !read_digits (text + 11, 2, &ignored) || text[13] != ':'
      || !read_digits (text + 14, 2, &ignored) || text[16] != ':'
      || !read_digits (text + 17, 2, &ignored))
    return 0;

  if (text[length] == '.')
    {
      length++;
      while (g_ascii_isdigit (text[length]))
        length++;
    }
  zone = read_zone (text + length, &ignored);
  *has_zone = zone > 0;

  return length + zone;
}

/* 2025-01-31T10:00:00Z, with fractional seconds and any zone form; no zone means UTC. */
gboolean
_fc_sim_soql_parse_datetime (const char *text,
                             gint64     *ms)
{
  g_autoptr (GDateTime) time = NULL;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int offset = 0;
  gint64 fraction_ms = 0;
  gboolean has_zone;
  guint length;
  const char *p;

  if (text == NULL)
    return FALSE;
  length = datetime_length (text, &has_zone);
  if (length == 0 || length != strlen (text))
    return FALSE;

  read_digits (text, 4, &year);
  read_digits (text + 5, 2, &month);
  read_digits (text + 8, 2, &day);
  read_digits (text + 11, 2, &hour);
  read_digits (text + 14, 2, &minute);
  read_digits (text + 17, 2, &second);
  p = text + 19;
  if (*p == '.')
    {
      int scale = 100;

      for (p++; g_ascii_isdigit (*p); p++, scale /= 10)
        fraction_ms += (*p - '0') * scale;
    }
  if (has_zone)
    read_zone (p, &offset);
  if (hour > 23 || minute > 59 || second > 59)
    return FALSE;

  time = g_date_time_new_utc (year, month, day, hour, minute, second);
  if (time == NULL || g_date_time_get_day_of_month (time) != day)
    return FALSE;

  *ms = g_date_time_to_unix (time) * 1000 + fraction_ms - (gint64) offset * 60 * 1000;
  return TRUE;
}

/* Salesforce ids: 15 case-sensitive characters, or 18 with a suffix that encodes the case of
 * the first 15. Returns the 18-character form, or NULL when @text is not an id. */
char *
_fc_sim_soql_normalize_id (const char *text)
{
  static const char suffix_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  char id[19];
  gsize length = text != NULL ? strlen (text) : 0;

  if (length != 15 && length != 18)
    return NULL;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isalnum (text[i]))
        return NULL;
    }

  memcpy (id, text, 15);
  for (guint chunk = 0; chunk < 3; chunk++)
    {
      guint bits = 0;

      for (guint i = 0; i < 5; i++)
        {
          char c = text[chunk * 5 + i];

          if (c >= 'A' && c <= 'Z')
            bits |= 1u << i;
        }
      id[15 + chunk] = suffix_chars[bits];
    }
  id[18] = '\0';

  if (length == 18 && g_ascii_strncasecmp (text + 15, id + 15, 3) != 0)
    return NULL;

  return g_strdup (id);
}

/* Lexer */

static void
token_clear (gpointer data)
{
  FcSimSoqlToken *token = data;

  g_free (token->value);
  g_free (token->raw);
}

static gboolean
lex_string (const char  *text,
            guint       *pos,
            FcSimSoqlToken       *token,
            GError     **error)
{
  GString *value = g_string_new (NULL);
  guint start = *pos;
  guint i = start + 1;

  while (text[i] != '\0' && text[i] != '\'')
    {
      if (text[i] == '\\')
        {
          char next = text[i + 1];

          switch (next)
            {
            case 'n': g_string_append_c (value, '\n'); break;
            case 'r': g_string_append_c (value, '\r'); break;
            case 't': g_string_append_c (value, '\t'); break;
            case 'b': g_string_append_c (value, '\b'); break;
            case 'f': g_string_append_c (value, '\f'); break;
            case '\'': case '"': case '\\': case '%': case '_':
              g_string_append_c (value, next);
              break;
            default:
              g_string_free (value, TRUE);
              _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, text, i,
                                      "Invalid string literal '%.*s'. Illegal character "
                                      "sequence '\\%c' in string literal.",
                                      (int) (i + 2 - start), text + start, next);
              return FALSE;
            }
          i += 2;
          continue;
        }
      g_string_append_c (value, text[i]);
      i++;
    }

  if (text[i] != '\'')
    {
      g_string_free (value, TRUE);
      _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, text, start,
                              "line 1:%u mismatched character '<EOF>' expecting '''", i);
      return FALSE;
    }

  token->type = FC_SIM_SOQL_TOKEN_STRING;
  token->start = start;
  token->end = i + 1;
  token->raw = g_strndup (text + start + 1, i - start - 1);
  token->value = g_string_free (value, FALSE);
  *pos = i + 1;
  return TRUE;
}

static gboolean
lex_number_or_date (const char  *text,
                    guint       *pos,
                    FcSimSoqlToken       *token,
                    GError     **error)
{
  guint start = *pos;
  guint i = start;
  gboolean has_zone;
  guint length = datetime_length (text + start, &has_zone);
  gint64 ignored;

  if (length > 0)
    {
      g_autofree char *literal = g_strndup (text + start, length);

      if (!has_zone || !_fc_sim_soql_parse_datetime (literal, &ignored))
        {
          _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, text, start,
                                  "'%s' is not a valid dateTime (use 2025-01-31T10:00:00Z or "
                                  "an offset such as +01:00)", literal);
          return FALSE;
        }
      token->type = FC_SIM_SOQL_TOKEN_DATETIME;
      i = start + length;
    }
  else if (strlen (text + start) >= 10 && text[start + 4] == '-' && text[start + 7] == '-'
           && g_ascii_isdigit (text[start + 5]))
    {
      g_autofree char *literal = g_strndup (text + start, 10);

      if (!_fc_sim_soql_parse_date (literal, &ignored))
        {
          _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, text, start,
                                  "'%s' is not a valid date (use YYYY-MM-DD)", literal);
          return FALSE;
        }
      token->type = FC_SIM_SOQL_TOKEN_DATE;
      i = start + 10;
    }
  else
    {
      if (text[i] == '-' || text[i] == '+')
        i++;
      while (g_ascii_isdigit (text[i]))
        i++;
      if (text[i] == '.' && g_ascii_isdigit (text[i + 1]))
        {
          i++;
          while (g_ascii_isdigit (text[i]))
            i++;
        }
      token->type = FC_SIM_SOQL_TOKEN_NUMBER;
    }

  if (g_ascii_isalpha (text[i]) || text[i] == '_')
    {
      _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, text, i,
                              "line 1:%u no viable alternative at character '%c'", i, text[i]);
      return FALSE;
    }

  token->start = start;
  token->end = i;
  token->value = g_strndup (text + start, i - start);
  *pos = i;
  return TRUE;
}

/* Names, punctuation and comparison operators; FALSE when @text[@pos] starts none of them */
static gboolean
lex_word_or_symbol (const char     *text,
                    guint          *pos,
                    FcSimSoqlToken *token)
{
  guint start = *pos;
  guint end = start;
  char c = text[start];

  if (g_ascii_isalpha (c) || c == '_')
    {
      while (g_ascii_isalnum (text[end]) || text[end] == '_' || text[end] == '.')
        end++;
      token->type = FC_SIM_SOQL_TOKEN_IDENT;
    }
  else if (c == ',' || c == '(' || c == ')' || c == ':')
    {
      end = start + 1;
      token->type = c == ',' ? FC_SIM_SOQL_TOKEN_COMMA : c == '(' ? FC_SIM_SOQL_TOKEN_OPEN
                    : c == ')' ? FC_SIM_SOQL_TOKEN_CLOSE : FC_SIM_SOQL_TOKEN_COLON;
    }
  else if (c == '=' || c == '<' || c == '>' || (c == '!' && text[start + 1] == '='))
    {
      gboolean pair = (c == '<' && (text[start + 1] == '=' || text[start + 1] == '>'))
                      || (c == '>' && text[start + 1] == '=') || c == '!';

      end = start + (pair ? 2 : 1);
      token->type = FC_SIM_SOQL_TOKEN_OPERATOR;
    }
  else
    {
      return FALSE;
    }

  token->start = start;
  token->end = end;
  token->value = g_strndup (text + start, end - start);
  *pos = end;
  return TRUE;
}

GArray *
_fc_sim_soql_lex (const char  *text,
                  GError     **error)
{
  g_autoptr (GArray) tokens = g_array_new (FALSE, TRUE, sizeof (FcSimSoqlToken));
  guint pos = 0;
  FcSimSoqlToken eof = { FC_SIM_SOQL_TOKEN_EOF, 0, 0, NULL, NULL };

  g_array_set_clear_func (tokens, token_clear);

  while (text[pos] != '\0')
    {
      FcSimSoqlToken token = { FC_SIM_SOQL_TOKEN_EOF, pos, pos, NULL, NULL };
      char c = text[pos];
      gboolean ok;

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          pos++;
          continue;
        }

      if (c == '\'')
        ok = lex_string (text, &pos, &token, error);
      else if (g_ascii_isdigit (c) || ((c == '-' || c == '+') && g_ascii_isdigit (text[pos + 1])))
        ok = lex_number_or_date (text, &pos, &token, error);
      else if (!(ok = lex_word_or_symbol (text, &pos, &token)))
        _fc_sim_soql_set_error (error, FC_SIM_SOQL_ERROR_MALFORMED, text, pos,
                                "line 1:%u no viable alternative at character '%c'", pos, c);
      if (!ok)
        return NULL;

      g_array_append_val (tokens, token);
    }

  eof.start = eof.end = pos;
  g_array_append_val (tokens, eof);

  return g_steal_pointer (&tokens);
}

/* Freeing */

void
_fc_sim_soql_literal_free (gpointer data)
{
  FcSimSoqlLiteral *literal = data;

  g_free (literal->value);
  g_free (literal->raw);
  g_free (literal);
}

void
_fc_sim_soql_expr_free (gpointer data)
{
  FcSimSoqlExpr *expr = data;

  if (expr == NULL)
    return;
  g_clear_pointer (&expr->children, g_ptr_array_unref);
  g_free (expr->field.name);
  g_clear_pointer (&expr->literals, g_ptr_array_unref);
  g_clear_pointer (&expr->values, g_array_unref);
  g_clear_pointer (&expr->pattern, g_array_unref);
  g_free (expr);
}

void
_fc_sim_soql_field_free (gpointer data)
{
  FcSimSoqlField *field = data;

  g_free (field->name);
  g_free (field);
}

void
_fc_sim_soql_order_free (gpointer data)
{
  FcSimSoqlOrder *order = data;

  g_free (order->field.name);
  g_free (order);
}

void
_fc_sim_soql_query_free (FcSimSoqlQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->text);
  g_clear_pointer (&query->fields, g_ptr_array_unref);
  g_free (query->object);
  _fc_sim_soql_expr_free (query->where);
  g_clear_pointer (&query->order, g_ptr_array_unref);
  g_free (query);
}

