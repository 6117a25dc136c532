/* fc-phone-shim.cc: libphonenumber behind the C functions of fc-phone-shim.h
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cstdlib>
#include <cstring>
#include <set>
#include <string>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "fc-phone-shim.h"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

/* Region codes are upper case in libphonenumber; users write "us" as often as "US". */
std::string
normalize_region (const char *region)
{
  std::string result;

  if (region == nullptr)
    return result;

  for (const char *p = region; *p != '\0'; p++)
    {
      char c = *p;

      if (c >= 'a' && c <= 'z')
        c = static_cast<char> (c - 'a' + 'A');
      result.push_back (c);
    }

  return result;
}

const std::set<std::string> &
get_supported_regions (void)
{
  /* Initialised once; C++ makes the initialisation of a local static thread-safe. */
  static const std::set<std::string> regions = [] {
    std::set<std::string> set;

    PhoneNumberUtil::GetInstance ()->GetSupportedRegions (&set);
    return set;
  }();

  return regions;
}

bool
region_is_known (const std::string &region)
{
  return !region.empty () && get_supported_regions ().count (region) > 0;
}

/* TRUE when the text names its own country with a plus sign, ASCII or full-width. */
bool
text_has_plus (const char *text)
{
  return std::strchr (text, '+') != nullptr || std::strstr (text, "\xef\xbc\x8b") != nullptr;
}

int
status_from_parse_error (PhoneNumberUtil::ErrorType error,
                         bool                       have_region,
                         const char                *text)
{
  switch (error)
    {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      if (!have_region && !text_has_plus (text))
        return FC_PHONE_ERROR_NEEDS_REGION;
      return FC_PHONE_ERROR_NOT_VALID;
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
      return FC_PHONE_ERROR_TOO_SHORT;
    case PhoneNumberUtil::TOO_LONG_NSN:
      return FC_PHONE_ERROR_TOO_LONG;
    case PhoneNumberUtil::NOT_A_NUMBER:
    case PhoneNumberUtil::NO_PARSING_ERROR:
    default:
      return FC_PHONE_ERROR_NOT_A_NUMBER;
    }
}

char *
to_e164 (const char *text,
         const char *region,
         bool        require_valid,
         int        *out_status)
{
  const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance ();
  std::string region_code = normalize_region (region);
  bool have_region = !region_code.empty ();
  PhoneNumber number;
  PhoneNumberUtil::ErrorType parse_error;
  std::string formatted;

  if (have_region && !region_is_known (region_code))
    {
      *out_status = FC_PHONE_ERROR_UNKNOWN_REGION;
      return nullptr;
    }

  /* "ZZ" is libphonenumber's unknown region: only numbers with a +country code parse. */
  parse_error = util->Parse (text, have_region ? region_code : "ZZ", &number);
  if (parse_error != PhoneNumberUtil::NO_PARSING_ERROR)
    {
      *out_status = status_from_parse_error (parse_error, have_region, text);
      return nullptr;
    }

  if (require_valid && !util->IsValidNumber (number))
    {
      *out_status = FC_PHONE_ERROR_NOT_VALID;
      return nullptr;
    }

  if (number.has_extension () && !number.extension ().empty ())
    {
      *out_status = FC_PHONE_ERROR_HAS_EXTENSION;
      return nullptr;
    }

  util->Format (number, PhoneNumberUtil::E164, &formatted);
  *out_status = FC_PHONE_OK;
  return strdup (formatted.c_str ());
}

}  // namespace

extern "C" char *
fc_phone_to_e164 (const char *text,
                  const char *region,
                  int         require_valid,
                  int        *out_status)
{
  int status = FC_PHONE_ERROR_NOT_A_NUMBER;
  char *result = nullptr;

  if (text != nullptr)
    {
      /* No exception may cross into C frames. */
      try
        {
          result = to_e164 (text, region, require_valid != 0, &status);
        }
      catch (...)
        {
          result = nullptr;
          status = FC_PHONE_ERROR_NOT_A_NUMBER;
        }
    }

  if (out_status != nullptr)
    *out_status = status;

  return result;
}

extern "C" int
fc_phone_region_is_known (const char *region)
{
  try
    {
      return region_is_known (normalize_region (region)) ? 1 : 0;
    }
  catch (...)
    {
      return 0;
    }
}
