/* test-json-scan.c: the pull scanner, and pages read straight into records against json-glib
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Connectors read list pages with a scan over the body's text, and read again over json-glib's
 * tree of it when the text is not strict JSON. Both must give the same records: these tests
 * read many pages (the fuzz corpora, and pages generated with escapes, unicode, nulls, nested
 * values, names given twice, huge numbers, deep nesting and cut bodies) both ways and compare
 * every record, field, cursor, total and error; and the modified times, read without GDateTime
 * in their usual forms, against GDateTime.
 */

#include "config.h"

#include <string.h>

#include "fc-http-private.h"
#include "fc-json-scan.h"
#include "fc-hubspot-connector-private.h"
#include "fc-pipedrive-connector-private.h"

/* ---- the scan itself -------------------------------------------------------------------- */

/* A copy of the value at @scan built through the scan's steps: objects and arrays entered and
 * walked, every other level's members read whole, scalars read; NULL when the scan fails. */
static JsonNode *
mirror (FcJsonScan *scan,
        guint       depth)
{
  FcJsonScanKind kind = fc_json_scan_peek (scan);

  if (depth % 2 == 1 || (kind != FC_JSON_SCAN_OBJECT && kind != FC_JSON_SCAN_ARRAY))
    return fc_json_scan_read (scan);

  if (fc_json_scan_enter_object (scan))
    {
      g_autoptr (JsonObject) object = json_object_new ();
      const char *name;

      while ((name = fc_json_scan_next_member (scan)) != NULL)
        {
          g_autofree char *copy = g_strdup (name);
          JsonNode *value = mirror (scan, depth + 1);

          if (value == NULL)
            return NULL;
          json_object_set_member (object, copy, value);
        }
      return fc_json_scan_failed (scan) ? NULL
             : json_node_init_object (json_node_alloc (), object);
    }

  if (fc_json_scan_enter_array (scan))
    {
      g_autoptr (JsonArray) array = json_array_new ();

      while (fc_json_scan_next_element (scan))
        {
          JsonNode *value = mirror (scan, depth + 1);

          if (value == NULL)
            return NULL;
          json_array_add_element (array, value);
        }
      return fc_json_scan_failed (scan) ? NULL
             : json_node_init_array (json_node_alloc (), array);
    }
  return NULL;
}

static JsonNode *
parse_with_json_glib (const char *data,
                      gsize       size)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!_fc_json_nesting_fits (data, size)
      || !json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL ? json_node_ref (root) : NULL;
}

/* Serialised, as a tree's values compare: 1 and 1.0 differ, as do "1" and 1 */
static char *
to_text (JsonNode *node)
{
  return node != NULL ? json_to_string (node, FALSE) : g_strdup ("(none)");
}

typedef struct
{
  const char *name;
  const char *body;
  gboolean    strict;  /* the strict reader takes it (else json-glib, or nothing) */
} ScanCase;

static const ScanCase scan_cases[] = {
  { "object", "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}", TRUE },
  { "scalars", "[1,-2,3.5,-0,1e3,1E-2,0.25,\"\",\"x\",true,false,null]", TRUE },
  { "space", " \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n", TRUE },
  { "escapes", "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u20ac\\ud83d\\ude00\"]", TRUE },
  { "unicode", "{\"n\\u00e4me\":\"Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80\"}", TRUE },
  { "duplicates", "{\"a\":1,\"b\":2,\"a\":{\"x\":[1]},\"b\":null}", TRUE },
  { "empty-name", "{\"\":1,\"a\":{\"\":[]}}", TRUE },
  { "empties", "[{},[],{\"a\":[]},[{}]]", TRUE },
  { "int-edges", "[9223372036854775807,-9223372036854775808]", TRUE },
  { "huge-double", "[1e308,1.7976931348623157e308,5e-324]", TRUE },
  { "scalar-root", "\"just text\"", TRUE },
  { "null-root", "null", TRUE },
  { "huge-int", "[92233720368547758070]", FALSE },
  { "nul-escape", "[\"a\\u0000b\"]", FALSE },
  { "lone-surrogate", "[\"\\udc00\"]", FALSE },
  { "invalid-utf8", "[\"\xc3\x28\"]", FALSE },
  { "control", "[\"a\tb\"]", FALSE },
  { "trailing-comma", "[1,2,]", FALSE },
  { "object-trailing-comma", "{\"a\":1,}", FALSE },
  { "leading-comma", "[,1]", FALSE },
  { "missing-colon", "{\"a\" 1}", FALSE },
  { "single-quotes", "{'a':1}", FALSE },
  { "truncated", "{\"a\":[1,2", FALSE },
  { "truncated-string", "{\"a\":\"abc", FALSE },
  { "trailing-garbage", "{\"a\":1} x", FALSE },
  { "two-roots", "{} {}", FALSE },
  { "mismatched", "{\"a\":1]", FALSE },
  { "leading-zero", "[01]", FALSE },
  { "bare-word", "[nul]", FALSE },
  { "empty", "", FALSE },
  { "only-space", "  \n ", FALSE },
};

static void
test_scan_mirror (gconstpointer data)
{
  const ScanCase *c = data;
  gsize size = strlen (c->body);
  g_autoptr (FcJsonScan) scan = fc_json_scan_new_text (c->body, size);
  g_autoptr (JsonNode) mirrored = mirror (scan, 0);
  gboolean taken = mirrored != NULL && fc_json_scan_finish (scan);
  g_autoptr (JsonNode) tree = fc_json_scan_read_text (c->body, size);
  g_autoptr (JsonNode) reference = parse_with_json_glib (c->body, size);

  g_assert_cmpint (taken, ==, c->strict);
  g_assert_cmpint (tree != NULL, ==, c->strict);
  if (!c->strict)
    return;

  /* What the scan takes, json-glib takes with the same values, and a scan over json-glib's
   * tree walks to the same values too */
  g_assert_nonnull (reference);
  {
    g_autofree char *expected = to_text (reference);
    g_autofree char *got = to_text (mirrored);
    g_autofree char *whole = to_text (tree);
    g_autoptr (FcJsonScan) over_tree = fc_json_scan_new_node (reference);
    g_autoptr (JsonNode) walked = mirror (over_tree, 0);
    g_autofree char *walked_text = to_text (walked);

    g_assert_cmpstr (got, ==, expected);
    g_assert_cmpstr (whole, ==, expected);
    g_assert_cmpstr (walked_text, ==, expected);
    g_assert_true (fc_json_scan_finish (over_tree));
  }
}

/* A value read into a record's field, over the text and over json-glib's tree, is the value
 * json-glib reads; strings are kept without a node */
static void
test_scan_read_field (gconstpointer data)
{
  const ScanCase *c = data;
  g_autofree char *wrapped = g_strdup_printf ("{\"v\":%s}", c->body);
  gsize size = strlen (wrapped);
  g_autoptr (FcJsonScan) scan = fc_json_scan_new_text (wrapped, size);
  g_autoptr (JsonNode) reference = parse_with_json_glib (c->body, size - 6);
  g_autoptr (JsonNode) reference_wrapped = parse_with_json_glib (wrapped, size);
  g_autoptr (FcRecord) from_text = fc_record_new ("contacts", "1");
  g_autoptr (FcRecord) from_tree = fc_record_new ("contacts", "1");
  g_autoptr (FcJsonScan) over_tree = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autofree char *walked = NULL;
  gboolean taken;
  FcValue value;

  g_assert_true (fc_json_scan_enter_object (scan));
  g_assert_cmpstr (fc_json_scan_next_member (scan), ==, "v");
  taken = fc_json_scan_read_field (scan, from_text, "v");
  taken = fc_json_scan_next_member (scan) == NULL && fc_json_scan_finish (scan) && taken;
  g_assert_cmpint (taken, ==, c->strict);
  if (!c->strict)
    return;

  g_assert_nonnull (reference_wrapped);
  over_tree = fc_json_scan_new_node (reference_wrapped);
  g_assert_true (fc_json_scan_enter_object (over_tree));
  g_assert_cmpstr (fc_json_scan_next_member (over_tree), ==, "v");
  g_assert_true (fc_json_scan_read_field (over_tree, from_tree, "v"));

  expected = to_text (reference);
  got = to_text (fc_record_get_field (from_text, "v"));
  walked = to_text (fc_record_get_field (from_tree, "v"));
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpstr (walked, ==, expected);
  g_assert_true (fc_record_equal (from_text, from_tree));
  g_assert_true (fc_record_get_value (from_text, "v", &value));
  g_assert_cmpint (value.kind == FC_VALUE_STRING, ==,
                   JSON_NODE_HOLDS_VALUE (reference)
                   && json_node_get_value_type (reference) == G_TYPE_STRING);
}

/* A scalar or null is read as a view, the same over the text and over the tree; an object or
 * an array stays, to be entered or skipped */
static void
test_scan_read_scalar (gconstpointer data)
{
  const ScanCase *c = data;
  g_autofree char *wrapped = g_strdup_printf ("{\"v\":%s,\"w\":1}", c->body);
  gsize size = strlen (wrapped);
  g_autoptr (JsonNode) reference = parse_with_json_glib (c->body, strlen (c->body));
  g_autoptr (JsonNode) reference_wrapped = parse_with_json_glib (wrapped, size);
  gboolean container;

  if (!c->strict)
    {
      g_autoptr (FcJsonScan) scan = fc_json_scan_new_text (wrapped, size);
      FcValue value;

      g_assert_true (fc_json_scan_enter_object (scan));
      g_assert_cmpstr (fc_json_scan_next_member (scan), ==, "v");
      fc_json_scan_read_scalar (scan, &value);
      while (fc_json_scan_next_member (scan) != NULL)
        ;
      g_assert_false (fc_json_scan_finish (scan));
      return;
    }

  container = JSON_NODE_HOLDS_OBJECT (reference) || JSON_NODE_HOLDS_ARRAY (reference);
  for (guint over_tree = 0; over_tree < 2; over_tree++)
    {
      g_autoptr (FcJsonScan) scan = over_tree ? fc_json_scan_new_node (reference_wrapped)
                                              : fc_json_scan_new_text (wrapped, size);
      g_autoptr (JsonNode) read = NULL;
      g_autofree char *expected = to_text (reference);
      g_autofree char *got = NULL;
      FcValue value;

      g_assert_true (fc_json_scan_enter_object (scan));
      g_assert_cmpstr (fc_json_scan_next_member (scan), ==, "v");
      g_assert_cmpint (fc_json_scan_read_scalar (scan, &value), ==, !container);
      if (container)
        read = fc_json_scan_read (scan);
      else
        read = fc_value_to_node (&value);
      got = to_text (read);
      g_assert_cmpstr (got, ==, expected);
      g_assert_cmpstr (fc_json_scan_next_member (scan), ==, "w");
      g_assert_null (fc_json_scan_next_member (scan));
      g_assert_true (fc_json_scan_finish (scan));
    }
}

/* Skipping a value checks it as reading it does */
static void
test_scan_skip_root (gconstpointer data)
{
  const ScanCase *c = data;
  g_autoptr (FcJsonScan) scan = fc_json_scan_new_text (c->body, strlen (c->body));

  fc_json_scan_skip (scan);
  g_assert_cmpint (fc_json_scan_finish (scan), ==, c->strict);
}

/* Members not read are skipped, and a skipped value must still be JSON */
static void
test_scan_skip (void)
{
  static const char good[] = "{\"a\":{\"deep\":[1,{\"x\":\"y\"}]},\"b\":2,\"c\":[[]],\"d\":3}";
  static const char bad[] = "{\"a\":{\"deep\":[1,{\"x\":\"y\"]},\"b\":2}";
  g_autoptr (FcJsonScan) scan = fc_json_scan_new_text (good, strlen (good));
  g_autoptr (FcJsonScan) broken = fc_json_scan_new_text (bad, strlen (bad));
  g_autoptr (GString) read = g_string_new (NULL);
  const char *name;

  g_assert_true (fc_json_scan_enter_object (scan));
  while ((name = fc_json_scan_next_member (scan)) != NULL)
    if (g_str_equal (name, "b") || g_str_equal (name, "d"))
      {
        g_autoptr (JsonNode) value = fc_json_scan_read (scan);

        g_string_append_printf (read, "%s=%" G_GINT64_FORMAT ";", name, json_node_get_int (value));
      }
  g_assert_cmpstr (read->str, ==, "b=2;d=3;");
  g_assert_true (fc_json_scan_finish (scan));

  g_assert_true (fc_json_scan_enter_object (broken));
  while (fc_json_scan_next_member (broken) != NULL)
    ;
  g_assert_true (fc_json_scan_failed (broken));
  g_assert_false (fc_json_scan_finish (broken));
  g_assert_null (fc_json_scan_read (broken));
}

/* Over text, nesting is limited as the strict reader limits it; json-glib's tree of it walks */
static void
test_scan_depth (void)
{
  for (guint depth = 255; depth <= 257; depth++)
    {
      g_autoptr (GString) body = g_string_new (NULL);
      g_autoptr (FcJsonScan) scan = NULL;
      g_autoptr (JsonNode) mirrored = NULL;
      g_autoptr (JsonNode) tree = NULL;
      gboolean taken;

      for (guint i = 0; i < depth; i++)
        g_string_append_c (body, '[');
      for (guint i = 0; i < depth; i++)
        g_string_append_c (body, ']');
      scan = fc_json_scan_new_text (body->str, body->len);
      mirrored = mirror (scan, 0);
      taken = mirrored != NULL && fc_json_scan_finish (scan);
      tree = fc_json_scan_read_text (body->str, body->len);
      g_assert_cmpint (taken, ==, depth <= 256);
      g_assert_cmpint (tree != NULL, ==, depth <= 256);
    }
}

/* ---- pages, read both ways -------------------------------------------------------------- */

static char *
describe_record (FcRecord *record)
{
  g_autoptr (JsonNode) node = fc_record_to_json (record);

  return json_to_string (node, FALSE);
}

static char *
describe_records (GPtrArray *records)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *one = describe_record (g_ptr_array_index (records, i));

      g_string_append_printf (text, "%s\n", one);
    }
  return g_string_free (text, FALSE);
}

/* What a reader made of one body, as text to compare, and how it went */
typedef struct
{
  gboolean  ok;
  char     *text;
} Outcome;

typedef char *(*DescribeFunc) (gpointer out);

/* A page reader under test: it reads into a fresh @out, which @describe writes out */
typedef struct
{
  FcHttpReadFunc  read;
  gpointer      (*new_out) (void);
  void          (*free_out) (gpointer out);
  DescribeFunc    describe;
} PageReader;

static Outcome
read_with (const PageReader *reader,
           FcJsonScan       *scan,
           gboolean          over_text,
           GError          **error)
{
  gpointer out = reader->new_out ();
  Outcome outcome = { FALSE, NULL };

  outcome.ok = reader->read (scan, out, error) && (!over_text || fc_json_scan_finish (scan));
  if (outcome.ok)
    outcome.text = reader->describe (out);
  reader->free_out (out);
  return outcome;
}

/* Counts of how the pages read, so that a run that read nothing over the text fails */
typedef struct
{
  guint over_text;
  guint over_tree;
  guint refused;
} Tally;

static void
compare_page (const PageReader *reader,
              const char       *data,
              gsize             size,
              Tally            *tally)
{
  g_autoptr (FcJsonScan) scan = fc_json_scan_new_text (data, size);
  g_autoptr (JsonNode) root = parse_with_json_glib (data, size);
  g_autoptr (FcJsonScan) tree = NULL;
  g_autoptr (GError) tree_error = NULL;
  g_autoptr (GError) body_error = NULL;
  g_autofree char *strict = NULL;
  Outcome text = read_with (reader, scan, TRUE, NULL);
  Outcome over_tree = { FALSE, NULL };
  gpointer out = reader->new_out ();
  gboolean read_ok;

  {
    g_autoptr (JsonNode) strict_tree = fc_json_scan_read_text (data, size);

    strict = strict_tree != NULL ? to_text (strict_tree) : NULL;
  }
  tree = fc_json_scan_new_node (root);
  if (root != NULL || size == 0)
    over_tree = read_with (reader, tree, FALSE, &tree_error);

  if (text.ok)
    {
      /* the text read means the body is strict JSON, which json-glib reads alike */
      g_assert_nonnull (strict);
      g_assert_nonnull (root);
      g_assert_true (over_tree.ok);
      g_assert_cmpstr (text.text, ==, over_tree.text);
      tally->over_text++;
    }
  else if (over_tree.ok)
    {
      /* only a body the strict reader refuses may need the tree */
      g_assert_null (strict);
      tally->over_tree++;
    }
  else
    tally->refused++;

  /* And as FcHttp reads an answer: the same records, or an error */
  read_ok = _fc_http_read_body ("Provider", "Reading", 200, data, size, reader->read, out,
                                &body_error);
  g_assert_cmpint (read_ok, ==, text.ok || over_tree.ok);
  g_assert_cmpint (read_ok, ==, body_error == NULL);
  if (read_ok)
    {
      g_autofree char *body_text = reader->describe (out);

      g_assert_cmpstr (body_text, ==, text.ok ? text.text : over_tree.text);
    }
  else if (root != NULL || size == 0)
    {
      /* the reader's own error, as over the tree */
      g_assert_nonnull (tree_error);
      g_assert_cmpstr (body_error->message, ==, tree_error->message);
    }
  else
    g_assert_true (g_error_matches (body_error, FC_CONNECTOR_ERROR,
                                    FC_CONNECTOR_ERROR_BAD_RESPONSE));

  reader->free_out (out);
  g_free (text.text);
  g_free (over_tree.text);
}

/* HubSpot: search, batch read and batch write answers */

static gpointer
hubspot_new_out (void)
{
  FcHubspotResults *results = g_new0 (FcHubspotResults, 1);

  _fc_hubspot_results_init (results, _fc_hubspot_find_type ("contacts"));
  return results;
}

static void
hubspot_free_out (gpointer out)
{
  _fc_hubspot_results_clear (out);
  g_free (out);
}

static char *
hubspot_describe (gpointer out)
{
  FcHubspotResults *results = out;
  g_autofree char *records = describe_records (results->records);

  return g_strdup_printf ("more=%d total=%" G_GINT64_FORMAT "\n%s", results->more,
                          results->total, records);
}

static const PageReader hubspot_reader = {
  _fc_hubspot_scan_results, hubspot_new_out, hubspot_free_out, hubspot_describe,
};

/* Pipedrive: v2 listings, with a catalogue that names a custom field by label */

static GListModel *
pipedrive_catalogue (void)
{
  static GListStore *store;

  if (store == NULL)
    {
      const FcPipedriveType *type = _fc_pipedrive_find_type ("persons");
      g_autoptr (JsonNode) root =
        json_from_string ("[{\"field_code\":\"name\",\"field_name\":\"Name\"},"
                          "{\"field_code\":\"emails\",\"field_name\":\"Email\"},"
                          "{\"field_code\":\"5f1c0a\",\"field_name\":\"Lead source\","
                          "\"field_type\":\"enum\",\"is_custom_field\":true}]", NULL);
      JsonArray *fields = json_node_get_array (root);

      store = g_list_store_new (FC_TYPE_FIELD_INFO);
      for (guint i = 0; i < json_array_get_length (fields); i++)
        _fc_pipedrive_add_field (type, json_array_get_object_element (fields, i), store);
    }
  return G_LIST_MODEL (store);
}

static gpointer
pipedrive_new_out (void)
{
  FcPipedriveItems *items = g_new0 (FcPipedriveItems, 1);

  _fc_pipedrive_items_init (items, _fc_pipedrive_find_type ("persons"), pipedrive_catalogue (),
                            "Listing Pipedrive persons");
  return items;
}

static void
pipedrive_free_out (gpointer out)
{
  _fc_pipedrive_items_clear (out);
  g_free (out);
}

static char *
pipedrive_describe (gpointer out)
{
  FcPipedriveItems *items = out;
  g_autofree char *records = describe_records (items->records);

  return g_strdup_printf ("next=%s\n%s", items->next != NULL ? items->next : "(none)", records);
}

static const PageReader pipedrive_reader = {
  _fc_pipedrive_scan_items, pipedrive_new_out, pipedrive_free_out, pipedrive_describe,
};

/* Every file of a fuzz corpus, without its first byte (the fuzz target's choice) */
static void
compare_corpus (const PageReader *reader,
                const char       *target,
                Tally            *tally)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", target, NULL);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
      if (length > 0)
        compare_page (reader, contents + 1, length - 1, tally);
      /* and the whole file, as a body of its own */
      compare_page (reader, contents, length, tally);
    }
}

/* ---- generated pages -------------------------------------------------------------------- */

/* Values that read differently when a reader gets them wrong */
static const char * const tricky_values[] = {
  "\"plain\"", "\"\"", "\"quote \\\" backslash \\\\ slash \\/\"",
  "\"\\b\\f\\n\\r\\t\"", "\"\\u00e9t\\u00e9 \\u20ac \\ud83d\\ude00\"",
  "\"Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80\"", "\"2025-01-02T03:04:05.678Z\"",
  "\"1700000000000\"", "\"not a date\"", "null", "true", "false", "0", "-1", "42",
  "9223372036854775807", "-9223372036854775808", "1.5", "-0.0", "1e3", "2.5E-3",
  "1e308", "[]", "{}", "[\"a\",\"b\"]", "[1,[2,[3,[4]]]]", "{\"x\":{\"y\":[null,true]}}",
  "[{\"value\":\"a@example.com\",\"primary\":true,\"label\":\"work\"}]",
  ("[{\"value\":\"b@example.com\",\"primary\":false},{\"value\":\"c@example.com\","
   "\"primary\":true},\"loose\",7,null]"),
  /* not strict JSON: the page reads over json-glib's tree */
  "92233720368547758070", "\"nul \\u0000 inside\"",
};

static const char *
pick (const char * const *values,
      guint               n)
{
  return values[g_test_rand_int_range (0, (gint32) n)];
}

#define PICK(values) pick (values, G_N_ELEMENTS (values))

static void
add_member (GString    *page,
            gboolean   *first,
            const char *name,
            const char *value)
{
  g_string_append_printf (page, "%s\"%s\":%s", *first ? "" : ",", name, value);
  *first = FALSE;
}

static const char * const ids[] = {
  "\"101\"", "102", "103.0", "\"\"", "null", "true", "{\"id\":1}", "\"x-104\"",
};

static void
append_hubspot_object (GString *page)
{
  static const char * const names[] = {
    "email", "firstname", "lastname", "lastmodifieddate", "phone", "n\\u00e4me", "", "hs_x",
  };
  gboolean first = TRUE;
  guint n_members = g_test_rand_int_range (0, 6);

  g_string_append_c (page, '{');
  for (guint m = 0; m < n_members; m++)
    switch (g_test_rand_int_range (0, 7))
      {
      case 0:
      case 1:
        {
          guint n = g_test_rand_int_range (0, 6);
          gboolean inner = TRUE;

          add_member (page, &first, "properties", "");
          if (g_test_rand_int_range (0, 8) == 0)
            {
              g_string_append (page, PICK (tricky_values));
              break;
            }
          g_string_append_c (page, '{');
          for (guint i = 0; i < n; i++)
            add_member (page, &inner, PICK (names), PICK (tricky_values));
          g_string_append_c (page, '}');
        }
        break;
      case 2:
        add_member (page, &first, "id", PICK (ids));
        break;
      case 3:
        add_member (page, &first, "updatedAt", PICK (tricky_values));
        break;
      case 4:
        add_member (page, &first, "archived", PICK (tricky_values));
        break;
      default:
        add_member (page, &first, g_test_rand_bit () ? "createdAt" : "other",
                    PICK (tricky_values));
        break;
      }
  if (g_test_rand_int_range (0, 4) != 0)
    add_member (page, &first, "id", PICK (ids));
  g_string_append_c (page, '}');
}

/* Member @name: an array of up to four records (one in eight something else), or, one time
 * in @odd_one_in, a value that is no array at all */
static void
add_records (GString     *page,
             gboolean    *first,
             const char  *name,
             guint        odd_one_in,
             void       (*append_object) (GString *page))
{
  guint n = g_test_rand_int_range (0, 5);

  add_member (page, first, name, "");
  if (g_test_rand_int_range (0, odd_one_in) == 0)
    {
      g_string_append (page, PICK (tricky_values));
      return;
    }
  g_string_append_c (page, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (page, ',');
      if (g_test_rand_int_range (0, 8) == 0)
        g_string_append (page, PICK (tricky_values));
      else
        append_object (page);
    }
  g_string_append_c (page, ']');
}

static char *
generate_hubspot_page (void)
{
  GString *page = g_string_new ("{");
  gboolean first = TRUE;
  guint n_members = g_test_rand_int_range (1, 5);

  for (guint m = 0; m < n_members; m++)
    {
      guint what = g_test_rand_int_range (0, 6);

      if (what <= 2)
        add_records (page, &first, "results", 10, append_hubspot_object);
      else if (what == 3)
        {
          static const char * const pagings[] = {
            "{\"next\":{\"after\":\"200\"}}", "{\"next\":{}}", "{\"next\":null}", "{}", "null",
            "{\"next\":{\"after\":null,\"link\":\"x\"},\"next\":{\"link\":\"y\"}}",
            "{\"next\":{\"link\":\"y\"},\"next\":{\"after\":7}}", "[]",
          };

          add_member (page, &first, "paging", PICK (pagings));
        }
      else if (what == 4)
        add_member (page, &first, "total", PICK (tricky_values));
      else
        add_member (page, &first, "extra", PICK (tricky_values));
    }
  g_string_append_c (page, '}');
  return g_string_free (page, FALSE);
}

static void
append_pipedrive_object (GString *page)
{
  static const char * const names[] = {
    "name", "first_name", "org_id", "owner_id", "label_ids", "visible_to", "add_time",
    "email", "phone", "", "postal_address",
  };
  static const char * const times[] = {
    "\"2025-01-02T03:04:05Z\"", "\"2025-01-02 03:04:05\"", "null", "17", "\"junk\"",
  };
  static const char * const custom[] = {
    "{\"5f1c0a\":\"Web\",\"other\":[1,2]}", "{\"5f1c0a\":null}", "{}", "null", "[]",
    "{\"5f1c0a\":{\"value\":3,\"currency\":\"EUR\"},\"5f1c0a\":\"last\"}",
  };
  static const char * const addresses[] = {
    "{\"value\":\"1 Main St\",\"locality\":\"Town\",\"postal_code\":\"12345\"}",
    "{\"route\":null}", "null", "\"flat\"", "{}",
  };
  gboolean first = TRUE;
  guint n_members = g_test_rand_int_range (0, 9);

  g_string_append_c (page, '{');
  for (guint m = 0; m < n_members; m++)
    switch (g_test_rand_int_range (0, 10))
      {
      case 0:
        add_member (page, &first, "id", PICK (ids));
        break;
      case 1:
        add_member (page, &first, "update_time", PICK (times));
        break;
      case 2:
        add_member (page, &first, g_test_rand_bit () ? "emails" : "phones", PICK (tricky_values));
        break;
      case 3:
        add_member (page, &first, "custom_fields", PICK (custom));
        break;
      case 4:
        add_member (page, &first, "address", PICK (addresses));
        break;
      case 5:
        add_member (page, &first, "is_deleted", PICK (tricky_values));
        break;
      case 6:
        add_member (page, &first, "status", g_test_rand_bit () ? "\"deleted\"" : "\"open\"");
        break;
      case 7:
        add_member (page, &first, "Lead source", PICK (tricky_values));
        break;
      default:
        add_member (page, &first, PICK (names), PICK (tricky_values));
        break;
      }
  if (g_test_rand_int_range (0, 4) != 0)
    add_member (page, &first, "id", PICK (ids));
  g_string_append_c (page, '}');
}

static char *
generate_pipedrive_page (void)
{
  static const char * const additional[] = {
    "{\"next_cursor\":\"eyJpZCI6MTB9\"}", "{\"next_cursor\":null}", "{}", "null",
    "{\"next_cursor\":\"a\",\"next_cursor\":\"b\"}", "{\"next_cursor\":5}", "[]",
  };
  GString *page = g_string_new ("{");
  gboolean first = TRUE;
  guint n_members = g_test_rand_int_range (0, 5);

  for (guint m = 0; m < n_members; m++)
    {
      guint what = g_test_rand_int_range (0, 6);

      if (what <= 2)
        add_records (page, &first, "data", 8, append_pipedrive_object);
      else if (what == 3)
        add_member (page, &first, "additional_data", PICK (additional));
      else
        add_member (page, &first, g_test_rand_bit () ? "success" : "related_objects",
                    PICK (tricky_values));
    }
  g_string_append_c (page, '}');
  return g_string_free (page, FALSE);
}

/* Each generated page whole, cut short, with a byte changed, and with white space around */
static void
compare_variants (const PageReader *reader,
                  const char       *page,
                  Tally            *tally)
{
  gsize length = strlen (page);
  g_autofree char *changed = g_strdup (page);
  g_autofree char *spaced = g_strdup_printf (" \n%s\t ", page);
  static const char noise[] = "{}[],:\"\\ 0x-e.\xc3";

  compare_page (reader, page, length, tally);
  compare_page (reader, page, g_test_rand_int_range (0, (gint32) length), tally);
  changed[g_test_rand_int_range (0, (gint32) length)] =
    noise[g_test_rand_int_range (0, sizeof noise - 1)];
  compare_page (reader, changed, length, tally);
  compare_page (reader, spaced, strlen (spaced), tally);
}

static void
test_pages_hubspot (void)
{
  Tally tally = { 0, };

  compare_corpus (&hubspot_reader, "fuzz-connector-hubspot", &tally);
  compare_corpus (&hubspot_reader, "fuzz-http-json", &tally);
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *page = generate_hubspot_page ();

      compare_variants (&hubspot_reader, page, &tally);
    }
  g_test_message ("HubSpot pages: %u over the text, %u over the tree, %u refused",
                  tally.over_text, tally.over_tree, tally.refused);
  g_assert_cmpuint (tally.over_text, >, 2000);
  g_assert_cmpuint (tally.over_tree, >, 100);
  g_assert_cmpuint (tally.refused, >, 100);
}

static void
test_pages_pipedrive (void)
{
  Tally tally = { 0, };

  compare_corpus (&pipedrive_reader, "fuzz-connector-pipedrive", &tally);
  compare_corpus (&pipedrive_reader, "fuzz-http-json", &tally);
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *page = generate_pipedrive_page ();

      compare_variants (&pipedrive_reader, page, &tally);
    }
  g_test_message ("Pipedrive pages: %u over the text, %u over the tree, %u refused",
                  tally.over_text, tally.over_tree, tally.refused);
  g_assert_cmpuint (tally.over_text, >, 2000);
  g_assert_cmpuint (tally.over_tree, >, 100);
  g_assert_cmpuint (tally.refused, >, 100);
}

/* ---- modified times --------------------------------------------------------------------- */

/* What GDateTime makes of @text, as _fc_connector_parse_time_ms () gives it */
static gint64
reference_ms (const char *text)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (text, utc);

  if (dt == NULL)
    return -1;
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

static const char * const time_cases[] = {
  "2026-11-22T18:17:11.508Z", "2026-11-22T18:17:11Z", "1970-01-01T00:00:00.000Z",
  "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
  "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2100-02-29T00:00:00Z",
  "2000-02-29T00:00:00.001Z", "2025-13-01T00:00:00Z", "2025-00-10T00:00:00Z",
  "2025-01-00T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T23:60:00Z",
  "2025-01-01T23:59:60Z", "2025-01-01t10:00:00Z", "2025-01-01T10:00:00.5Z",
  "2025-01-01T10:00:00.123456Z", "2025-01-01T10:00:00+02:00", "2025-01-01T10:00:00.12aZ",
  "2025-1-01T10:00:00Z", "0000-01-01T00:00:00Z", "2025-01-01 10:00:00Z",
};

static void
test_times (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (time_cases); i++)
    g_assert_cmpint (_fc_connector_parse_time_ms (time_cases[i]), ==,
                     reference_ms (time_cases[i]));

  for (guint i = 0; i < 20000; i++)
    {
      int year = g_test_rand_int_range (1, 10000);
      int month = g_test_rand_int_range (1, 13);
      int day = g_test_rand_int_range (1, g_date_get_days_in_month (month, year) + 1);
      g_autofree char *text = NULL;

      if (i % 2 == 0)
        text = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day,
                                g_test_rand_int_range (0, 24), g_test_rand_int_range (0, 60),
                                g_test_rand_int_range (0, 60), g_test_rand_int_range (0, 1000));
      else
        text = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day,
                                g_test_rand_int_range (0, 24), g_test_rand_int_range (0, 60),
                                g_test_rand_int_range (0, 60));
      g_assert_cmpint (_fc_connector_parse_time_ms (text), ==, reference_ms (text));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (scan_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fc/json-scan/mirror/%s", scan_cases[i].name);

      g_autofree char *skip_path = g_strdup_printf ("/fc/json-scan/skip-root/%s",
                                                    scan_cases[i].name);
      g_autofree char *field_path = g_strdup_printf ("/fc/json-scan/read-field/%s",
                                                     scan_cases[i].name);
      g_autofree char *scalar_path = g_strdup_printf ("/fc/json-scan/read-scalar/%s",
                                                      scan_cases[i].name);

      g_test_add_data_func (path, &scan_cases[i], test_scan_mirror);
      g_test_add_data_func (skip_path, &scan_cases[i], test_scan_skip_root);
      g_test_add_data_func (field_path, &scan_cases[i], test_scan_read_field);
      g_test_add_data_func (scalar_path, &scan_cases[i], test_scan_read_scalar);
    }
  g_test_add_func ("/fc/json-scan/skip", test_scan_skip);
  g_test_add_func ("/fc/json-scan/depth", test_scan_depth);
  g_test_add_func ("/fc/json-scan/pages/hubspot", test_pages_hubspot);
  g_test_add_func ("/fc/json-scan/pages/pipedrive", test_pages_pipedrive);
  g_test_add_func ("/fc/json-scan/times", test_times);

  return g_test_run ();
}
