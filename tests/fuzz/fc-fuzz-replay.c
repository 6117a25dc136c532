/* fc-fuzz-replay.c: runs a fuzz target's LLVMFuzzerTestOneInput over files, without libFuzzer
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The libFuzzer builds need clang (-Dfuzzing=true). Every other build links each target with
 * this main () instead and runs it over its seed corpus as a test of the 'fuzz-replay' suite:
 * the seeds, among them every input a fuzzer once crashed on, go through the parser on every
 * test run, under the sanitizers when the build has them. Arguments: files or folders (each
 * file of a folder, in name order).
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
replay_file (const char *path,
             guint      *count)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  (*count)++;
  return TRUE;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
replay_folder (const char *path,
               guint      *count)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  const char *name;

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    if (g_file_test (g_ptr_array_index (names, i), G_FILE_TEST_IS_REGULAR) &&
        !replay_file (g_ptr_array_index (names, i), count))
      return FALSE;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint count = 0;

  if (argc < 2)
    {
      g_printerr ("usage: %s FILE-OR-FOLDER...\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    if (!(g_file_test (argv[i], G_FILE_TEST_IS_DIR) ? replay_folder (argv[i], &count)
                                                    : replay_file (argv[i], &count)))
      return 1;
  if (count == 0)
    {
      g_printerr ("no input to replay in the arguments\n");
      return 1;
    }
  printf ("%u inputs replayed\n", count);
  return 0;
}
