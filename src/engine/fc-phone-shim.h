/* fc-phone-shim.h: a plain C interface to the few libphonenumber calls the engine needs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The implementation is one C++ file (fc-phone-shim.cc) built into its own static library, so
 * that only it needs the C++ headers. Every function is safe to call from any thread: the
 * libphonenumber singleton is immutable once created.
 */

#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  FC_PHONE_OK = 0,
  FC_PHONE_ERROR_NEEDS_REGION,    /* a national number and no region to read it in */
  FC_PHONE_ERROR_UNKNOWN_REGION,  /* the region is not an ISO 3166 code libphonenumber knows */
  FC_PHONE_ERROR_NOT_A_NUMBER,    /* the text does not look like a phone number at all */
  FC_PHONE_ERROR_TOO_SHORT,       /* too few digits to be a number */
  FC_PHONE_ERROR_TOO_LONG,        /* too many digits to be a number */
  FC_PHONE_ERROR_NOT_VALID,       /* parsed, but no valid number of its region has that form */
  FC_PHONE_ERROR_HAS_EXTENSION,   /* valid, but has an extension that E.164 cannot carry */
} FcPhoneStatus;

/* Parses @text as a phone number, reading national numbers as numbers of @region (an ISO 3166
 * alpha-2 code, any case; NULL or "" when the text must carry its own +country code).
 *
 * With @require_valid non-zero the number must be valid (IsValidNumber); without it any number
 * libphonenumber can parse is formatted. A number with an extension is refused either way:
 * E.164 has no room for it, and dropping it would lose data.
 *
 * Returns the number in E.164 form ("+14155552671") in memory from malloc(), which the caller
 * frees with free() (or g_free(), which is the same allocator), or NULL with *@out_status set
 * to why. @out_status may be NULL; on success it is set to FC_PHONE_OK. */
char *fc_phone_to_e164 (const char *text,
                        const char *region,
                        int         require_valid,
                        int        *out_status);

/* Returns non-zero when @region (any case) is a region libphonenumber has metadata for. */
int   fc_phone_region_is_known (const char *region);

#ifdef __cplusplus
}
#endif
