/* fc-transform-date.c: date_iso, dates and times of many forms to ISO 8601
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-transform"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-transform-private.h"

/* What date_iso reads:
 * - ISO 8601: "2024-03-05", "2024-03-05T14:30:00Z", with an offset, fractions, a space or a
 *   lower case "t" for the "T", minutes without seconds; the basic and week forms GLib reads;
 * - epoch seconds (10 digits) and milliseconds (13 digits); 8 digits are a basic ISO date;
 * - RFC 2822: "Tue, 05 Mar 2024 14:30:00 +0100" (weekday, time and seconds optional; English
 *   names short or full, "Tuesday, 5 March 2024");
 * - numbers: "2024/03/05" always; "05/03/2024", "5.3.2024", "03-05-2024" (with an optional
 *   time) only with order=dmy or order=mdy, as day and month cannot be told apart otherwise.
 * A time without an offset is UTC.
 *
 * What it writes: "YYYY-MM-DD" for a value without a time, else the instant in UTC as
 * "YYYY-MM-DDTHH:MM:SSZ", with ".mmm" (or ".uuuuuu" below a millisecond) only when the
 * fraction is not zero. Values compare as instants, a date being midnight UTC. */

typedef enum {
  ORDER_NONE,
  ORDER_DMY,
  ORDER_MDY,
} DayOrder;

typedef enum {
  PARSE_NO_MATCH,    /* not this form: try the next one */
  PARSE_OK,
  PARSE_IMPOSSIBLE,  /* this form, but no such date or time */
} ParseResult;

typedef struct {
  GDateTime *utc;       /* the instant in UTC; midnight UTC for a date */
  gboolean   has_time;
} ParsedDate;

static const char * const date_arguments[] = { "order", "format", NULL };
static const char * const date_argument_descriptions[] = {
  N_("How numeric dates such as 05/03/2024 are written: dmy (day first) or mdy (month first)"),
  N_("What the reverse writes: iso (default), date, epoch_ms, epoch_s, rfc2822, dmy or mdy"),
  NULL,
};
static const char * const order_names[] = { "dmy", "mdy", NULL };
static const char * const format_names[] = {
  "iso", "date", "epoch_ms", "epoch_s", "rfc2822", "dmy", "mdy", NULL,
};
static const char * const month_names[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", NULL,
};
static const char * const month_full_names[] = {
  "january", "february", "march", "april", "may", "june", "july", "august", "september",
  "october", "november", "december", NULL,
};
static const char * const month_display_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};
/* Index 1 is Monday, as g_date_time_get_day_of_week() counts. */
static const char * const weekday_names[] = {
  "", "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL,
};
static const char * const weekday_full_names[] = {
  "", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL,
};
static const char * const weekday_display_names[] = {
  "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
};

static void
parsed_date_clear (ParsedDate *date)
{
  g_clear_pointer (&date->utc, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParsedDate, parsed_date_clear)

/* Arguments */

static gboolean
check_choice (FcTransformStep     *step,
              const char          *key,
              const char * const  *choices,
              GError             **error)
{
  const char *value = _fc_transform_step_get_arg (step, key);
  g_autofree char *lower = NULL;
  g_autofree char *accepted = NULL;

  if (value == NULL)
    return TRUE;

  lower = g_ascii_strdown (value, -1);
  if (g_strv_contains (choices, lower))
    {
      _fc_transform_step_take_arg (step, key, g_steal_pointer (&lower));
      return TRUE;
    }

  accepted = g_strjoinv (", ", (char **) choices);
  g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_BAD_ARGUMENT,
               _("Bad value “%s” for argument “%s” of transform “date_iso”; accepted: %s"),
               value, key, accepted);
  return FALSE;
}

/* The reverse writes what the forward reads, so a numeric format and the order must agree. */
static gboolean
check_date_args (FcTransformStep  *step,
                 GError          **error)
{
  const char *order;
  const char *format;

  if (!check_choice (step, "order", order_names, error)
      || !check_choice (step, "format", format_names, error))
    return FALSE;

  order = _fc_transform_step_get_arg (step, "order");
  format = _fc_transform_step_get_arg (step, "format");
  if (order != NULL && format != NULL && g_strv_contains (order_names, format)
      && !g_str_equal (order, format))
    {
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_BAD_ARGUMENT,
                   _("Arguments format=%s and order=%s of transform “date_iso” disagree: "
                     "the reverse would write dates the transform reads another way"),
                   format, order);
      return FALSE;
    }

  return TRUE;
}

/* The order of numeric dates: the argument, else the numeric format the reverse writes. */
static DayOrder
get_order (const FcTransformStep *step)
{
  const char *order = _fc_transform_step_get_arg (step, "order");

  if (order == NULL)
    order = _fc_transform_step_get_arg (step, "format");

  if (g_strcmp0 (order, "dmy") == 0)
    return ORDER_DMY;
  if (g_strcmp0 (order, "mdy") == 0)
    return ORDER_MDY;

  return ORDER_NONE;
}

/* Scanning */

/* Reads @min to @max digits. */
static gboolean
scan_number (const char **p,
             guint        min,
             guint        max,
             int         *out)
{
  guint n = 0;
  int value = 0;

  while (n < max && g_ascii_isdigit ((*p)[n]))
    {
      value = value * 10 + ((*p)[n] - '0');
      n++;
    }

  if (n < min)
    return FALSE;

  *p += n;
  *out = value;
  return TRUE;
}

static gboolean
scan_char (const char **p,
           const char  *choices)
{
  if (**p == '\0' || strchr (choices, **p) == NULL)
    return FALSE;

  (*p)++;
  return TRUE;
}

/* Reads a word of letters and finds it, in any case, in @names or @full_names (parallel,
 * lower case, NULL-terminated): "Mar" or "March". Returns the index or -1. */
static int
scan_name (const char         **p,
           const char * const  *names,
           const char * const  *full_names)
{
  const char *start = *p;
  g_autofree char *word = NULL;

  while (g_ascii_isalpha (**p))
    (*p)++;
  if (*p - start < 3)
    return -1;

  word = g_ascii_strdown (start, *p - start);
  for (int i = 0; names[i] != NULL; i++)
    {
      if (*names[i] == '\0')
        continue;
      if (g_str_equal (word, names[i]) || g_str_equal (word, full_names[i]))
        return i;
    }

  return -1;
}

/* Reads "HH:MM[:SS[.fraction]]"; digits of the fraction past microseconds are dropped. */
static gboolean
scan_time (const char **p,
           int         *hour,
           int         *minute,
           int         *second,
           int         *usec)
{
  *second = 0;
  *usec = 0;

  if (!scan_number (p, 2, 2, hour) || !scan_char (p, ":") || !scan_number (p, 2, 2, minute))
    return FALSE;

  if (!scan_char (p, ":"))
    return TRUE;

  if (!scan_number (p, 2, 2, second))
    return FALSE;

  if (scan_char (p, ".,"))
    {
      int scale = 100000;

      if (!g_ascii_isdigit (**p))
        return FALSE;
      for (; g_ascii_isdigit (**p); (*p)++)
        {
          *usec += (**p - '0') * scale;
          scale /= 10;
        }
    }

  return TRUE;
}

/* Reads "Z", "+HH", "+HH:MM", "+HHMM" (or "-"), or nothing (UTC), into seconds east of UTC. */
static gboolean
scan_offset (const char **p,
             int         *offset)
{
  int sign;
  int hours;
  int minutes = 0;

  *offset = 0;
  if (**p == '\0' || scan_char (p, "Zz"))
    return TRUE;

  if (!scan_char (p, "+-"))
    return FALSE;
  sign = (*p)[-1] == '-' ? -1 : 1;

  if (!scan_number (p, 2, 2, &hours))
    return FALSE;
  scan_char (p, ":");
  if (g_ascii_isdigit (**p) && !scan_number (p, 2, 2, &minutes))
    return FALSE;
  if (hours > 23 || minutes > 59)
    return FALSE;

  *offset = sign * (hours * 3600 + minutes * 60);
  return TRUE;
}

/* A time of day; all zero for a date. */
typedef struct {
  int hour;
  int minute;
  int second;
  int usec;
  int offset;   /* seconds east of UTC */
} TimeOfDay;

/* Builds the instant; PARSE_IMPOSSIBLE when there is no such date or time. */
static ParseResult
make_date (int              year,
           int              month,
           int              day,
           gboolean         has_time,
           const TimeOfDay *time,
           ParsedDate      *out)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) with_usec = NULL;

  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1
      || !g_date_valid_dmy (day, month, year))
    return PARSE_IMPOSSIBLE;
  if (time->hour > 23 || time->minute > 59 || time->second > 59)
    return PARSE_IMPOSSIBLE;

  /* Whole seconds, then the microseconds: a double would round 0.123 to 0.122999. */
  tz = g_time_zone_new_offset (time->offset);
  local = g_date_time_new (tz, year, month, day, time->hour, time->minute, time->second);
  if (local == NULL)
    return PARSE_IMPOSSIBLE;
  with_usec = g_date_time_add (local, time->usec);
  if (with_usec == NULL)
    return PARSE_IMPOSSIBLE;

  out->utc = g_date_time_to_utc (with_usec);
  out->has_time = has_time;
  return out->utc != NULL ? PARSE_OK : PARSE_IMPOSSIBLE;
}

/* Forms */

/* "YYYY-MM-DD", optionally followed by "T" (or "t" or a space), a time and an offset. */
static ParseResult
parse_iso_extended (const char *text,
                    ParsedDate *out)
{
  const char *p = text;
  int year = 0, month = 0, day = 0;
  TimeOfDay time = { 0, 0, 0, 0, 0 };
  gboolean has_time = FALSE;

  if (!scan_number (&p, 4, 4, &year) || !scan_char (&p, "-")
      || !scan_number (&p, 2, 2, &month) || !scan_char (&p, "-")
      || !scan_number (&p, 2, 2, &day))
    return PARSE_NO_MATCH;

  if (*p != '\0')
    {
      if (!scan_char (&p, "Tt ")
          || !scan_time (&p, &time.hour, &time.minute, &time.second, &time.usec)
          || !scan_offset (&p, &time.offset) || *p != '\0')
        return PARSE_NO_MATCH;
      has_time = TRUE;
    }

  return make_date (year, month, day, has_time, &time, out);
}

/* Other ISO 8601 forms with a time, as GLib reads them (basic "20240305T143000Z", week and
 * ordinal dates). */
static ParseResult
parse_iso_other (const char *text,
                 ParsedDate *out)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) parsed = NULL;

  if (!g_ascii_isdigit (*text) || strchr (text, 'T') == NULL)
    return PARSE_NO_MATCH;

  parsed = g_date_time_new_from_iso8601 (text, utc);
  if (parsed == NULL)
    return PARSE_NO_MATCH;

  out->utc = g_date_time_to_utc (parsed);
  out->has_time = TRUE;
  return PARSE_OK;
}

/* Only digits: epoch seconds (10), epoch milliseconds (13) or a basic ISO date (8). */
static ParseResult
parse_digits (const char  *text,
              ParsedDate  *out,
              GError     **error)
{
  size_t len = strlen (text);
  gint64 number;
  int year = 0, month = 0, day = 0;
  TimeOfDay midnight = { 0, 0, 0, 0, 0 };
  g_autoptr(GDateTime) seconds = NULL;

  if (len == 0 || strspn (text, "0123456789") != len)
    return PARSE_NO_MATCH;

  if (len == 8)
    {
      const char *p = text;

      scan_number (&p, 4, 4, &year);
      scan_number (&p, 2, 2, &month);
      scan_number (&p, 2, 2, &day);
      return make_date (year, month, day, FALSE, &midnight, out);
    }

  if (len != 10 && len != 13)
    {
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                   _("“%s” is a number but neither epoch seconds (10 digits) nor epoch "
                     "milliseconds (13 digits)"),
                   text);
      return PARSE_NO_MATCH;
    }

  number = g_ascii_strtoll (text, NULL, 10);
  seconds = g_date_time_new_from_unix_utc (len == 13 ? number / 1000 : number);
  if (seconds == NULL)
    return PARSE_IMPOSSIBLE;

  out->utc = len == 13 ? g_date_time_add (seconds, (number % 1000) * G_TIME_SPAN_MILLISECOND)
                       : g_date_time_ref (seconds);
  out->has_time = TRUE;
  return PARSE_OK;
}

/* RFC 2822 zones: numeric, or the names the RFC keeps for compatibility. */
static gboolean
scan_rfc2822_zone (const char **p,
                   int         *offset)
{
  static const struct { const char *name; int hours; } zones[] = {
    { "UTC", 0 }, { "UT", 0 }, { "GMT", 0 }, { "Z", 0 },
    { "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
    { "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
  };

  if (**p == '+' || **p == '-')
    {
      int sign = **p == '-' ? -1 : 1;
      int hhmm;

      (*p)++;
      if (!scan_number (p, 4, 4, &hhmm) || hhmm / 100 > 23 || hhmm % 100 > 59)
        return FALSE;
      *offset = sign * ((hhmm / 100) * 3600 + (hhmm % 100) * 60);
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      size_t len = strlen (zones[i].name);

      if (g_ascii_strncasecmp (*p, zones[i].name, len) == 0 && !g_ascii_isalpha ((*p)[len]))
        {
          *p += len;
          *offset = zones[i].hours * 3600;
          return TRUE;
        }
    }

  return FALSE;
}

/* "[Tue, ]05 Mar 2024[ 14:30[:00][ +0100]]". */
static ParseResult
parse_rfc2822 (const char  *text,
               ParsedDate  *out,
               GError     **error)
{
  const char *p = text;
  int weekday = -1;
  int day = 0, month = 0, year = 0;
  TimeOfDay time = { 0, 0, 0, 0, 0 };
  gboolean has_time = FALSE;
  ParseResult result;

  if (g_ascii_isalpha (*p))
    {
      weekday = scan_name (&p, weekday_names, weekday_full_names);
      if (weekday < 0 || !scan_char (&p, ","))
        return PARSE_NO_MATCH;
      while (*p == ' ')
        p++;
    }

  if (!scan_number (&p, 1, 2, &day) || !scan_char (&p, " "))
    return PARSE_NO_MATCH;
  month = scan_name (&p, month_names, month_full_names) + 1;
  if (month < 1 || !scan_char (&p, " ") || !scan_number (&p, 4, 4, &year))
    return PARSE_NO_MATCH;

  if (scan_char (&p, " "))
    {
      if (!scan_time (&p, &time.hour, &time.minute, &time.second, &time.usec))
        return PARSE_NO_MATCH;
      has_time = TRUE;
      if (scan_char (&p, " ") && !scan_rfc2822_zone (&p, &time.offset))
        return PARSE_NO_MATCH;
    }
  if (*p != '\0')
    return PARSE_NO_MATCH;

  result = make_date (year, month, day, has_time, &time, out);
  if (result == PARSE_OK && weekday > 0)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_offset (time.offset);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (out->utc, tz);

      if (g_date_time_get_day_of_week (local) != weekday)
        {
          g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                       _("“%s” gives the weekday %s, but that date is a %s"),
                       text, weekday_display_names[weekday],
                       weekday_display_names[g_date_time_get_day_of_week (local)]);
          parsed_date_clear (out);
          return PARSE_NO_MATCH;
        }
    }

  return result;
}

/* Three numbers with one separator ("/", "." or "-"), an optional time (after a space or "T")
 * and offset. Year first is always clear; day and month first need @order. */
static ParseResult
parse_numeric (const char  *text,
               DayOrder     order,
               ParsedDate  *out,
               GError     **error)
{
  const char *p = text;
  int first = 0, second = 0, third = 0;
  int year = 0, month = 0, day = 0;
  TimeOfDay time = { 0, 0, 0, 0, 0 };
  gboolean has_time = FALSE;
  gboolean year_first;
  char separator;

  if (!scan_number (&p, 1, 4, &first) || p - text == 3)
    return PARSE_NO_MATCH;
  year_first = p - text == 4;
  separator = *p;
  if (!scan_char (&p, "/.-") || !scan_number (&p, 1, 2, &second) || *p != separator)
    return PARSE_NO_MATCH;
  p++;
  if (!scan_number (&p, year_first ? 1 : 4, year_first ? 2 : 4, &third))
    return PARSE_NO_MATCH;

  if (*p != '\0')
    {
      if (!scan_char (&p, " Tt")
          || !scan_time (&p, &time.hour, &time.minute, &time.second, &time.usec))
        return PARSE_NO_MATCH;
      while (*p == ' ')
        p++;
      if (!scan_offset (&p, &time.offset) || *p != '\0')
        return PARSE_NO_MATCH;
      has_time = TRUE;
    }

  if (year_first)
    {
      year = first;
      month = second;
      day = third;
    }
  else if (order == ORDER_NONE)
    {
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                   _("“%s” could be day first or month first; set the argument order=dmy or "
                     "order=mdy to say which"),
                   text);
      return PARSE_NO_MATCH;
    }
  else
    {
      year = third;
      day = order == ORDER_DMY ? first : second;
      month = order == ORDER_DMY ? second : first;
    }

  return make_date (year, month, day, has_time, &time, out);
}

/* Reads @value in any form date_iso knows. */
static gboolean
parse_date (const FcTransformStep  *step,
            const char             *value,
            ParsedDate             *out,
            GError                **error)
{
  g_autofree char *text = _fc_transform_collapse_blanks (value);
  g_autoptr(GError) local_error = NULL;
  ParseResult result = PARSE_NO_MATCH;

  if (g_ascii_isdigit (*text))
    {
      result = parse_digits (text, out, &local_error);
      if (result == PARSE_NO_MATCH && local_error == NULL)
        result = parse_iso_extended (text, out);
      if (result == PARSE_NO_MATCH && local_error == NULL)
        result = parse_numeric (text, get_order (step), out, &local_error);
      if (result == PARSE_NO_MATCH && local_error == NULL)
        result = parse_iso_other (text, out);
    }
  if (result == PARSE_NO_MATCH && local_error == NULL)
    result = parse_rfc2822 (text, out, &local_error);

  if (result == PARSE_OK)
    return TRUE;

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (result == PARSE_IMPOSSIBLE)
    g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                 _("“%s” is not a real date or time"), value);
  else
    g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                 _("“%s” is not a date in a known form (ISO 8601, epoch seconds or "
                   "milliseconds, RFC 2822, or day/month/year with the argument order)"),
                 value);
  return FALSE;
}

/* Writing */

static void
append_fraction (GString   *out,
                 GDateTime *utc)
{
  int usec = g_date_time_get_microsecond (utc);

  if (usec == 0)
    return;

  if (usec % 1000 == 0)
    g_string_append_printf (out, ".%03d", usec / 1000);
  else
    g_string_append_printf (out, ".%06d", usec);
}

static void
append_ymd (GString   *out,
            GDateTime *utc)
{
  g_string_append_printf (out, "%04d-%02d-%02d", g_date_time_get_year (utc),
                          g_date_time_get_month (utc), g_date_time_get_day_of_month (utc));
}

static void
append_hms (GString   *out,
            GDateTime *utc)
{
  g_string_append_printf (out, "%02d:%02d:%02d", g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

static char *
format_iso (const ParsedDate *date)
{
  GString *out = g_string_new (NULL);

  append_ymd (out, date->utc);
  if (date->has_time)
    {
      g_string_append_c (out, 'T');
      append_hms (out, date->utc);
      append_fraction (out, date->utc);
      g_string_append_c (out, 'Z');
    }

  return g_string_free (out, FALSE);
}

static char *
format_day_month (const ParsedDate *date,
                  DayOrder          order)
{
  GString *out = g_string_new (NULL);
  int day = g_date_time_get_day_of_month (date->utc);
  int month = g_date_time_get_month (date->utc);

  g_string_append_printf (out, "%02d/%02d/%04d", order == ORDER_DMY ? day : month,
                          order == ORDER_DMY ? month : day, g_date_time_get_year (date->utc));
  if (date->has_time)
    {
      g_string_append_c (out, ' ');
      append_hms (out, date->utc);
    }

  return g_string_free (out, FALSE);
}

/* Writes @date in the named format (always in UTC). */
static char *
format_date (const ParsedDate *date,
             const char       *format)
{
  gint64 seconds = g_date_time_to_unix (date->utc);
  int usec = g_date_time_get_microsecond (date->utc);

  if (format == NULL || g_str_equal (format, "iso"))
    return format_iso (date);

  if (g_str_equal (format, "date"))
    {
      ParsedDate day = { date->utc, FALSE };

      return format_iso (&day);
    }

  if (g_str_equal (format, "epoch_ms"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, seconds * 1000 + usec / 1000);

  if (g_str_equal (format, "epoch_s"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, seconds);

  if (g_str_equal (format, "rfc2822"))
    return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d +0000",
                            weekday_display_names[g_date_time_get_day_of_week (date->utc)],
                            g_date_time_get_day_of_month (date->utc),
                            month_display_names[g_date_time_get_month (date->utc) - 1],
                            g_date_time_get_year (date->utc), g_date_time_get_hour (date->utc),
                            g_date_time_get_minute (date->utc),
                            g_date_time_get_second (date->utc));

  return format_day_month (date, g_str_equal (format, "dmy") ? ORDER_DMY : ORDER_MDY);
}

/* The transform */

static GStrv
convert_date (const FcTransformStep  *step,
              const char             *value,
              const char             *format,
              GError                **error)
{
  g_auto(ParsedDate) date = { NULL, FALSE };
  GStrv result;

  if (!parse_date (step, value, &date, error))
    return NULL;

  result = g_new0 (char *, 2);
  result[0] = format_date (&date, format);
  return result;
}

static GStrv
apply_date (const FcTransformStep  *step,
            const char * const     *values,
            guint                   n_values,
            GError                **error)
{
  return convert_date (step, values[0], "iso", error);
}

static GStrv
reverse_date (const FcTransformStep  *step,
              const char * const     *values,
              guint                   n_values,
              guint                   n_wanted,
              GError                **error)
{
  return convert_date (step, values[0], _fc_transform_step_get_arg (step, "format"), error);
}

/* The instant to the microsecond, a date being midnight UTC; text that is no date compares
 * as it is, without surrounding blanks. */
static char *
normalize_date (const FcTransformStep *step,
                const char            *value)
{
  g_auto(ParsedDate) date = { NULL, FALSE };
  GString *key;

  if (!parse_date (step, value, &date, NULL))
    return _fc_transform_strip (value);

  key = g_string_new (NULL);
  append_ymd (key, date.utc);
  g_string_append_c (key, 'T');
  append_hms (key, date.utc);
  g_string_append_printf (key, ".%06dZ", g_date_time_get_microsecond (date.utc));

  return g_string_free (key, FALSE);
}

const FcTransformInfo _fc_transform_info_date_iso = {
  .name = "date_iso",
  .description = N_("Writes a date or time in ISO 8601 form (2024-03-05 or "
                    "2024-03-05T14:30:00Z), reading ISO, epoch, RFC 2822 and numeric dates"),
  .n_inputs = 1,
  .n_outputs = 1,
  .argument_names = date_arguments,
  .argument_descriptions = date_argument_descriptions,
  .check_args = check_date_args,
  .apply = apply_date,
  .reverse = reverse_date,
  .normalize = normalize_date,
};
