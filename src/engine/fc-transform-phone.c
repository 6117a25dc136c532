/* fc-transform-phone.c: phone_e164, phone numbers in E.164 form through libphonenumber
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fc-transform"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "fc-phone-shim.h"
#include "fc-transform-private.h"

static const char * const phone_arguments[] = { "region", NULL };
static const char * const phone_argument_descriptions[] = {
  N_("Country (ISO 3166 two-letter code, such as US or DE) of numbers written without a "
     "+country code"),
  NULL,
};

/* The region must be one libphonenumber knows; it is kept in upper case. */
static gboolean
check_phone_args (FcTransformStep  *step,
                  GError          **error)
{
  const char *region = _fc_transform_step_get_arg (step, "region");

  if (region == NULL)
    return TRUE;

  if (!fc_phone_region_is_known (region))
    {
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_BAD_ARGUMENT,
                   _("Unknown region “%s” for transform “phone_e164”: expected a two-letter "
                     "country code such as US, GB or DE"),
                   region);
      return FALSE;
    }

  _fc_transform_step_take_arg (step, "region", g_ascii_strup (region, -1));
  return TRUE;
}

static void
set_phone_error (const char  *value,
                 const char  *region,
                 int          status,
                 GError     **error)
{
  switch (status)
    {
    case FC_PHONE_ERROR_NEEDS_REGION:
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                   _("“%s” has no +country code and no region is set; add the argument "
                     "region (such as region=US) to say which country it belongs to"),
                   value);
      break;
    case FC_PHONE_ERROR_TOO_SHORT:
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                   _("“%s” has too few digits to be a phone number"), value);
      break;
    case FC_PHONE_ERROR_TOO_LONG:
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                   _("“%s” has too many digits to be a phone number"), value);
      break;
    case FC_PHONE_ERROR_NOT_VALID:
      if (region != NULL)
        g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                     _("“%s” is not a valid phone number (region %s)"), value, region);
      else
        g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                     _("“%s” is not a valid phone number"), value);
      break;
    case FC_PHONE_ERROR_HAS_EXTENSION:
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                   _("“%s” has an extension, which an E.164 number cannot hold"), value);
      break;
    case FC_PHONE_ERROR_UNKNOWN_REGION:
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_BAD_ARGUMENT,
                   _("Unknown region “%s”"), region);
      break;
    case FC_PHONE_ERROR_NOT_A_NUMBER:
    default:
      g_set_error (error, FC_TRANSFORM_ERROR, FC_TRANSFORM_ERROR_INVALID_INPUT,
                   _("“%s” is not a phone number"), value);
      break;
    }
}

/* Returns the valid number @value in E.164 form, in GLib memory. */
static char *
convert_to_e164 (const FcTransformStep  *step,
                 const char             *value,
                 GError                **error)
{
  const char *region = _fc_transform_step_get_arg (step, "region");
  int status = FC_PHONE_OK;
  char *e164 = fc_phone_to_e164 (value, region, TRUE, &status);
  char *result;

  if (e164 == NULL)
    {
      set_phone_error (value, region, status, error);
      return NULL;
    }

  /* The shim allocates with malloc(); hand out memory the callers free with g_free(). */
  result = g_strdup (e164);
  free (e164);
  return result;
}

static GStrv
apply_phone (const FcTransformStep  *step,
             const char * const     *values,
             guint                   n_values,
             GError                **error)
{
  char *e164 = convert_to_e164 (step, values[0], error);
  GStrv result;

  if (e164 == NULL)
    return NULL;

  result = g_new0 (char *, 2);
  result[0] = e164;
  return result;
}

/* The other side holds an E.164 number (or a reformatted form of it): the reverse checks it and
 * gives it back in E.164 form, which every region reads the same way. */
static GStrv
reverse_phone (const FcTransformStep  *step,
               const char * const     *values,
               guint                   n_values,
               guint                   n_wanted,
               GError                **error)
{
  return apply_phone (step, values, n_values, error);
}

/* Numbers compare as parsed numbers, valid or not; text that does not parse compares as it is,
 * without surrounding blanks. */
static char *
normalize_phone (const FcTransformStep *step,
                 const char            *value)
{
  const char *region = _fc_transform_step_get_arg (step, "region");
  char *e164 = fc_phone_to_e164 (value, region, FALSE, NULL);
  char *result;

  if (e164 == NULL)
    return _fc_transform_strip (value);

  result = g_strdup (e164);
  free (e164);
  return result;
}

const FcTransformInfo _fc_transform_info_phone_e164 = {
  .name = "phone_e164",
  .description = N_("Writes a phone number in international E.164 form (+14155552671), "
                    "refusing numbers that are not valid"),
  .n_inputs = 1,
  .n_outputs = 1,
  .argument_names = phone_arguments,
  .argument_descriptions = phone_argument_descriptions,
  .check_args = check_phone_args,
  .apply = apply_phone,
  .reverse = reverse_phone,
  .normalize = normalize_phone,
};
