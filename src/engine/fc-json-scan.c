/* fc-json-scan.c: a pull reader of JSON, over strict JSON text or over a json-glib tree
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-json-scan"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "fc-json-scan.h"

/* ---- the strict reader ------------------------------------------------------------------ */

/* Answers are read by hand: json-glib's parser spent more time reading a page of records than
 * the engine spent on them. This reader takes strict JSON only (valid UTF-8, integers that fit
 * 64 bits, nesting up to MAX_DEPTH) and gives up on anything else, which json-glib's parser
 * then reads, or refuses with its own message: the values are the same either way. */

#define MAX_DEPTH 256

typedef struct {
  const char *p;
  const char *end;
  GString    *text;     /* the string value just read */
  GString    *names;    /* the member names of the objects being read, each ending in NUL */
  guint       depth;
  JsonNode   *literals[3];  /* null, true and false, made once and sealed */
} Reader;

enum { LITERAL_NULL, LITERAL_TRUE, LITERAL_FALSE };

static void
reader_skip_space (Reader *reader)
{
  while (reader->p < reader->end &&
         (*reader->p == ' ' || *reader->p == '\n' || *reader->p == '\r' || *reader->p == '\t'))
    reader->p++;
}

static int
reader_hex (const char *p,
            const char *end)
{
  int value = 0;

  if (end - p < 4)
    return -1;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* g_string_append_len () without its checks and insertion logic: most of a page's bytes go
 * through here */
static inline void
append_run (GString    *into,
            const char *run,
            gsize       length)
{
  gsize at = into->len;

  if (length == 0)
    return;
  g_string_set_size (into, at + length);
  memcpy (into->str + at, run, length);
}

/* The bytes that end a run of a string's bytes as they are: its closing quote, an escape, and
 * the control characters JSON does not allow there */
static const guint8 ends_run[256] = { [0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1 };

/* A string (reader->p after its opening quote), appended to @into. */
static gboolean
reader_string (Reader  *reader,
               GString *into)
{
  const char *p = reader->p;
  const char *end = reader->end;

  while (TRUE)
    {
      const char *run = p;
      guchar high = 0;
      int code, low;

      while (p < end && !ends_run[(guchar) *p])
        high |= (guchar) *p++;
      /* Only strings can hold other than ASCII, and only between escapes and quotes: checking
       * these runs is checking the whole body */
      if ((high & 0x80) != 0 && !g_utf8_validate_len (run, p - run, NULL))
        return FALSE;
      append_run (into, run, p - run);
      if (p >= end || (guchar) *p < 0x20)
        return FALSE;
      if (*p == '"')
        break;

      /* an escape */
      if (++p >= end)
        return FALSE;
      switch (*p)
        {
        case '"': case '\\': case '/':
          g_string_append_c (into, *p);
          break;
        case 'b':
          g_string_append_c (into, '\b');
          break;
        case 'f':
          g_string_append_c (into, '\f');
          break;
        case 'n':
          g_string_append_c (into, '\n');
          break;
        case 'r':
          g_string_append_c (into, '\r');
          break;
        case 't':
          g_string_append_c (into, '\t');
          break;
        case 'u':
          code = reader_hex (p + 1, end);
          if (code <= 0)
            return FALSE;
          p += 4;
          if (code >= 0xd800 && code < 0xdc00)
            {
              if (end - p < 7 || p[1] != '\\' || p[2] != 'u' ||
                  (low = reader_hex (p + 3, end)) < 0xdc00 || low >= 0xe000)
                return FALSE;
              code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
              p += 6;
            }
          else if (code >= 0xdc00 && code < 0xe000)
            return FALSE;
          g_string_append_unichar (into, code);
          break;
        default:
          return FALSE;
        }
      p++;
    }

  reader->p = p + 1;
  return TRUE;
}

/* FALSE when the number here is not strict JSON */
static gboolean
reader_number (Reader  *reader,
               FcValue *number)
{
  const char *start = reader->p;
  const char *p = start;
  const char *end = reader->end;
  gboolean integer = TRUE;
  char buffer[64];
  char *stop = NULL;

  if (p < end && *p == '-')
    p++;
  if (p >= end || !g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0')
    p++;
  else
    while (p < end && g_ascii_isdigit (*p))
      p++;
  if (p < end && *p == '.')
    {
      integer = FALSE;
      if (++p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      integer = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if ((gsize) (p - start) >= sizeof buffer)
    return FALSE;
  memcpy (buffer, start, p - start);
  buffer[p - start] = '\0';
  reader->p = p;

  if (integer)
    {
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (buffer, &stop, 10);
      if (errno != 0 || *stop != '\0')
        return FALSE;
      number->kind = FC_VALUE_INT;
      number->v.integer = value;
      return TRUE;
    }
  number->kind = FC_VALUE_DOUBLE;
  number->v.number = g_ascii_strtod (buffer, NULL);
  return TRUE;
}

/* null, true or false (@which) here: TRUE, and past it, when it is */
static gboolean
reader_word (Reader *reader,
             guint   which)
{
  static const char * const words[] = { "null", "true", "false" };
  gsize length = strlen (words[which]);

  if ((gsize) (reader->end - reader->p) < length
      || memcmp (reader->p, words[which], length) != 0)
    return FALSE;
  reader->p += length;
  return TRUE;
}

/* null, true or false: one sealed node for all of an answer's, which nobody can change, rather
 * than a node each (a page of records has many) */
static JsonNode *
reader_literal (Reader *reader,
                guint   which)
{
  JsonNode *node = reader->literals[which];

  if (!reader_word (reader, which))
    return NULL;

  if (node == NULL)
    {
      node = json_node_alloc ();
      if (which == LITERAL_NULL)
        json_node_init_null (node);
      else
        json_node_init_boolean (node, which == LITERAL_TRUE);
      json_node_seal (node);
      reader->literals[which] = node;
    }
  return json_node_ref (node);
}

static JsonNode *reader_value (Reader *reader);

static JsonNode *
reader_object (Reader *reader)
{
  g_autoptr (JsonObject) object = json_object_new ();

  reader_skip_space (reader);
  if (reader->p < reader->end && *reader->p == '}')
    {
      reader->p++;
      return json_node_init_object (json_node_alloc (), object);
    }

  while (TRUE)
    {
      /* The name stays on reader->names while the value is read (json_object_set_member
       * copies it), which saves a copy of every name */
      gsize name_at = reader->names->len;
      JsonNode *value;

      if (reader->p >= reader->end || *reader->p != '"')
        return NULL;
      reader->p++;
      if (!reader_string (reader, reader->names))
        return NULL;
      g_string_append_c (reader->names, '\0');
      reader_skip_space (reader);
      if (reader->p >= reader->end || *reader->p != ':')
        return NULL;
      reader->p++;
      value = reader_value (reader);
      if (value == NULL)
        return NULL;
      /* json_object_set_member () keeps neither reference when a name given twice gets the
       * same node again, as a shared literal does */
      if (json_node_is_immutable (value)
          && json_object_get_member (object, reader->names->str + name_at) == value)
        json_node_unref (value);
      else
        json_object_set_member (object, reader->names->str + name_at, value);
      g_string_truncate (reader->names, name_at);

      reader_skip_space (reader);
      if (reader->p >= reader->end)
        return NULL;
      if (*reader->p == '}')
        break;
      if (*reader->p != ',')
        return NULL;
      reader->p++;
      reader_skip_space (reader);
    }

  reader->p++;
  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
reader_array (Reader *reader)
{
  g_autoptr (JsonArray) array = json_array_new ();

  reader_skip_space (reader);
  if (reader->p < reader->end && *reader->p == ']')
    {
      reader->p++;
      return json_node_init_array (json_node_alloc (), array);
    }

  while (TRUE)
    {
      JsonNode *value = reader_value (reader);

      if (value == NULL)
        return NULL;
      json_array_add_element (array, value);

      reader_skip_space (reader);
      if (reader->p >= reader->end)
        return NULL;
      if (*reader->p == ']')
        break;
      if (*reader->p != ',')
        return NULL;
      reader->p++;
    }

  reader->p++;
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
reader_value (Reader *reader)
{
  JsonNode *node = NULL;
  FcValue number;

  reader_skip_space (reader);
  if (reader->p >= reader->end || reader->depth >= MAX_DEPTH)
    return NULL;

  switch (*reader->p)
    {
    case '{':
      reader->p++;
      reader->depth++;
      node = reader_object (reader);
      reader->depth--;
      return node;
    case '[':
      reader->p++;
      reader->depth++;
      node = reader_array (reader);
      reader->depth--;
      return node;
    case '"':
      reader->p++;
      g_string_truncate (reader->text, 0);
      if (!reader_string (reader, reader->text))
        return NULL;
      return json_node_init_string (json_node_alloc (), reader->text->str);
    case 't':
      return reader_literal (reader, LITERAL_TRUE);
    case 'f':
      return reader_literal (reader, LITERAL_FALSE);
    case 'n':
      return reader_literal (reader, LITERAL_NULL);
    default:
      return reader_number (reader, &number) ? fc_value_to_node (&number) : NULL;
    }
}


/* ---- the scan --------------------------------------------------------------------------- */

/* An object or array being walked over a tree */
typedef struct
{
  JsonNode *node;
  GList    *members;   /* an object's names, in order; freed on leaving */
  GList    *next;      /* the next member */
  guint     index;     /* an array's next element */
} Frame;

struct _FcJsonScan
{
  gboolean  over_tree;

  /* over text */
  Reader    reader;
  GString  *name;      /* the member name just read */
  gboolean  here;      /* a value is here, not read yet */
  gboolean  first;     /* in the container just entered, before its first member or element */
  gboolean  failed;

  /* over a tree */
  JsonNode *root;
  JsonNode *here_node;
  GArray   *frames;    /* Frame */
};

FcJsonScan *
fc_json_scan_new_text (const char *data,
                       gsize       size)
{
  FcJsonScan *scan = g_new0 (FcJsonScan, 1);

  scan->reader.p = data;
  scan->reader.end = data + size;
  scan->reader.text = g_string_sized_new (256);
  scan->reader.names = g_string_sized_new (256);
  scan->name = g_string_sized_new (64);
  scan->here = TRUE;
  return scan;
}

static void
clear_frame (gpointer data)
{
  Frame *frame = data;

  g_list_free (frame->members);
}

FcJsonScan *
fc_json_scan_new_node (JsonNode *root)
{
  FcJsonScan *scan = g_new0 (FcJsonScan, 1);

  scan->over_tree = TRUE;
  scan->root = root != NULL ? json_node_ref (root) : NULL;
  scan->here_node = scan->root;
  scan->frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_array_set_clear_func (scan->frames, clear_frame);
  return scan;
}

void
fc_json_scan_free (FcJsonScan *scan)
{
  if (scan == NULL)
    return;
  if (scan->over_tree)
    {
      g_array_unref (scan->frames);
      g_clear_pointer (&scan->root, json_node_unref);
    }
  else
    {
      g_string_free (scan->reader.text, TRUE);
      g_string_free (scan->reader.names, TRUE);
      g_string_free (scan->name, TRUE);
      for (guint i = 0; i < G_N_ELEMENTS (scan->reader.literals); i++)
        g_clear_pointer (&scan->reader.literals[i], json_node_unref);
    }
  g_free (scan);
}

static void
fail (FcJsonScan *scan)
{
  scan->failed = TRUE;
  scan->here = FALSE;
}

FcJsonScanKind
fc_json_scan_peek (FcJsonScan *scan)
{
  g_return_val_if_fail (scan != NULL, FC_JSON_SCAN_NONE);

  if (scan->over_tree)
    {
      if (scan->here_node == NULL)
        return FC_JSON_SCAN_NONE;
      switch (JSON_NODE_TYPE (scan->here_node))
        {
        case JSON_NODE_OBJECT:
          return FC_JSON_SCAN_OBJECT;
        case JSON_NODE_ARRAY:
          return FC_JSON_SCAN_ARRAY;
        case JSON_NODE_NULL:
          return FC_JSON_SCAN_NULL;
        default:
          return FC_JSON_SCAN_SCALAR;
        }
    }

  if (scan->failed || !scan->here)
    return FC_JSON_SCAN_NONE;
  reader_skip_space (&scan->reader);
  if (scan->reader.p >= scan->reader.end)
    return FC_JSON_SCAN_NONE;
  switch (*scan->reader.p)
    {
    case '{':
      return FC_JSON_SCAN_OBJECT;
    case '[':
      return FC_JSON_SCAN_ARRAY;
    case 'n':
      return FC_JSON_SCAN_NULL;
    default:
      return FC_JSON_SCAN_SCALAR;
    }
}

static gboolean
enter (FcJsonScan     *scan,
       FcJsonScanKind  kind)
{
  if (fc_json_scan_peek (scan) != kind)
    return FALSE;

  if (scan->over_tree)
    {
      Frame frame = { scan->here_node, NULL, NULL, 0 };

      if (kind == FC_JSON_SCAN_OBJECT)
        frame.members = frame.next = json_object_get_members (json_node_get_object (frame.node));
      g_array_append_val (scan->frames, frame);
      scan->here_node = NULL;
      return TRUE;
    }

  if (scan->reader.depth >= MAX_DEPTH)
    {
      fail (scan);
      return FALSE;
    }
  scan->reader.p++;
  scan->reader.depth++;
  scan->here = FALSE;
  scan->first = TRUE;
  return TRUE;
}

gboolean
fc_json_scan_enter_object (FcJsonScan *scan)
{
  return enter (scan, FC_JSON_SCAN_OBJECT);
}

gboolean
fc_json_scan_enter_array (FcJsonScan *scan)
{
  return enter (scan, FC_JSON_SCAN_ARRAY);
}

/* Over text: past the value here, if any, and to what follows it in its container. FALSE at
 * the container's end (@close), which is left, or when the text is not JSON. */
static gboolean
text_step (FcJsonScan *scan,
           char        close)
{
  Reader *reader = &scan->reader;

  if (scan->failed)
    return FALSE;
  /* most values here were read already */
  if (scan->here)
    fc_json_scan_skip (scan);
  if (scan->failed)
    return FALSE;

  reader_skip_space (reader);
  if (reader->p >= reader->end)
    {
      fail (scan);
      return FALSE;
    }
  if (*reader->p == close)
    {
      reader->p++;
      reader->depth--;
      scan->first = FALSE;
      return FALSE;
    }
  if (!scan->first)
    {
      if (*reader->p != ',')
        {
          fail (scan);
          return FALSE;
        }
      reader->p++;
    }
  scan->first = FALSE;
  return TRUE;
}

const char *
fc_json_scan_next_member (FcJsonScan *scan)
{
  Reader *reader = &scan->reader;

  if (scan->over_tree)
    {
      Frame *frame;
      const char *name;

      g_return_val_if_fail (scan->frames->len > 0, NULL);
      frame = &g_array_index (scan->frames, Frame, scan->frames->len - 1);
      scan->here_node = NULL;
      if (frame->next == NULL)
        {
          g_array_set_size (scan->frames, scan->frames->len - 1);
          return NULL;
        }
      name = frame->next->data;
      frame->next = frame->next->next;
      scan->here_node = json_object_get_member (json_node_get_object (frame->node), name);
      return name;
    }

  if (!text_step (scan, '}'))
    return NULL;
  reader_skip_space (reader);
  g_string_truncate (scan->name, 0);
  if (reader->p >= reader->end || *reader->p != '"')
    {
      fail (scan);
      return NULL;
    }
  reader->p++;
  if (!reader_string (reader, scan->name))
    {
      fail (scan);
      return NULL;
    }
  reader_skip_space (reader);
  if (reader->p >= reader->end || *reader->p != ':')
    {
      fail (scan);
      return NULL;
    }
  reader->p++;
  scan->here = TRUE;
  return scan->name->str;
}

gboolean
fc_json_scan_next_element (FcJsonScan *scan)
{
  if (scan->over_tree)
    {
      Frame *frame;
      JsonArray *array;

      g_return_val_if_fail (scan->frames->len > 0, FALSE);
      frame = &g_array_index (scan->frames, Frame, scan->frames->len - 1);
      array = json_node_get_array (frame->node);
      scan->here_node = NULL;
      if (frame->index >= json_array_get_length (array))
        {
          g_array_set_size (scan->frames, scan->frames->len - 1);
          return FALSE;
        }
      scan->here_node = json_array_get_element (array, frame->index++);
      return TRUE;
    }

  if (!text_step (scan, ']'))
    return FALSE;
  scan->here = TRUE;
  return TRUE;
}

JsonNode *
fc_json_scan_read (FcJsonScan *scan)
{
  JsonNode *node;

  g_return_val_if_fail (scan != NULL, NULL);

  if (scan->over_tree)
    {
      node = scan->here_node != NULL ? json_node_ref (scan->here_node) : NULL;
      scan->here_node = NULL;
      return node;
    }

  if (scan->failed || !scan->here)
    return NULL;
  node = reader_value (&scan->reader);
  scan->here = FALSE;
  if (node == NULL)
    fail (scan);
  return node;
}

/* Over text, with a string here: its text, valid until the next step; NULL when it is not
 * strict JSON. */
static const char *
read_string (FcJsonScan *scan)
{
  scan->reader.p++;
  scan->here = FALSE;
  g_string_truncate (scan->reader.text, 0);
  if (!reader_string (&scan->reader, scan->reader.text))
    {
      fail (scan);
      return NULL;
    }
  return scan->reader.text->str;
}

gboolean
fc_json_scan_read_scalar (FcJsonScan *scan,
                          FcValue    *value)
{
  Reader *reader = &scan->reader;
  gboolean read;

  g_return_val_if_fail (scan != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (scan->over_tree)
    {
      if (scan->here_node == NULL || JSON_NODE_HOLDS_OBJECT (scan->here_node)
          || JSON_NODE_HOLDS_ARRAY (scan->here_node))
        return FALSE;
      fc_value_init_from_node (value, scan->here_node);
      scan->here_node = NULL;
      return TRUE;
    }

  switch (fc_json_scan_peek (scan))
    {
    case FC_JSON_SCAN_NULL:
    case FC_JSON_SCAN_SCALAR:
      /* too deep, the value fails as fc_json_scan_read () fails it */
      if (reader->depth >= MAX_DEPTH)
        return FALSE;
      break;
    case FC_JSON_SCAN_NONE:
    case FC_JSON_SCAN_OBJECT:
    case FC_JSON_SCAN_ARRAY:
    default:
      return FALSE;
    }

  switch (*reader->p)
    {
    case '"':
      value->kind = FC_VALUE_STRING;
      value->v.string = read_string (scan);
      return value->v.string != NULL;
    case 'n':
      value->kind = FC_VALUE_NULL;
      read = reader_word (reader, LITERAL_NULL);
      break;
    case 't':
    case 'f':
      value->kind = FC_VALUE_BOOLEAN;
      value->v.boolean = *reader->p == 't';
      read = reader_word (reader, value->v.boolean ? LITERAL_TRUE : LITERAL_FALSE);
      break;
    default:
      read = reader_number (reader, value);
      break;
    }
  scan->here = FALSE;
  if (!read)
    fail (scan);
  return read;
}

gboolean
fc_json_scan_read_field (FcJsonScan *scan,
                         FcRecord   *record,
                         const char *name)
{
  JsonNode *node;
  FcValue value;

  g_return_val_if_fail (scan != NULL, FALSE);

  /* A record's fields are mostly strings, nulls and numbers: kept without a node each */
  if (fc_json_scan_read_scalar (scan, &value))
    {
      fc_record_set_value (record, name, &value);
      return TRUE;
    }

  node = fc_json_scan_read (scan);
  if (node == NULL)
    return FALSE;
  fc_record_take_field (record, name, node);
  return TRUE;
}

void
fc_json_scan_skip (FcJsonScan *scan)
{
  JsonNode *node;

  g_return_if_fail (scan != NULL);

  if (scan->over_tree)
    {
      scan->here_node = NULL;
      return;
    }

  /* Walked rather than read: a value skipped must still be JSON, but needs no nodes */
  switch (fc_json_scan_peek (scan))
    {
    case FC_JSON_SCAN_NONE:
      /* the end of the text where a value should be */
      if (scan->here)
        fail (scan);
      return;
    case FC_JSON_SCAN_OBJECT:
      if (fc_json_scan_enter_object (scan))
        while (fc_json_scan_next_member (scan) != NULL)
          ;
      return;
    case FC_JSON_SCAN_ARRAY:
      if (fc_json_scan_enter_array (scan))
        while (fc_json_scan_next_element (scan))
          ;
      return;
    case FC_JSON_SCAN_NULL:
    case FC_JSON_SCAN_SCALAR:
    default:
      break;
    }
  if (*scan->reader.p == '"')
    {
      read_string (scan);
      return;
    }
  node = fc_json_scan_read (scan);
  if (node != NULL)
    json_node_unref (node);
}

gboolean
fc_json_scan_failed (FcJsonScan *scan)
{
  g_return_val_if_fail (scan != NULL, TRUE);
  return scan->failed;
}

gboolean
fc_json_scan_finish (FcJsonScan *scan)
{
  g_return_val_if_fail (scan != NULL, FALSE);

  if (scan->over_tree)
    return TRUE;
  fc_json_scan_skip (scan);
  if (scan->failed || scan->reader.depth != 0)
    return FALSE;
  reader_skip_space (&scan->reader);
  return scan->reader.p == scan->reader.end;
}

JsonNode *
fc_json_scan_read_text (const char *data,
                        gsize       size)
{
  g_autoptr (FcJsonScan) scan = fc_json_scan_new_text (data, size);
  g_autoptr (JsonNode) root = fc_json_scan_read (scan);

  if (root == NULL || !fc_json_scan_finish (scan))
    return NULL;
  return g_steal_pointer (&root);
}
