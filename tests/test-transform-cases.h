/* test-transform-cases.h: the tables test-transform.c runs
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row is one test case. Expected values are written from the rules (E.164 is "+", the
 * country code, then the national number without its trunk prefix; dates in UTC), not copied
 * from the implementation's output.
 */

#pragma once

#include "fc-transform.h"

#define SUCCEEDS (-1)

/* Shorthands for the rows: the values given, then either the values expected or an error. */
#define IN1(a)            1, { a }
#define IN2(a, b)         2, { a, b }
#define IN3(a, b, c)      3, { a, b, c }
#define IN4(a, b, c, d)   4, { a, b, c, d }
#define GIVES(...)        SUCCEEDS, { __VA_ARGS__, NULL }
#define FAILS(code)       FC_TRANSFORM_ERROR_##code, { NULL }

typedef struct {
  const char *name;
  const char *chain;
  guint       n_inputs;
  const char *inputs[4];
  int         error;            /* SUCCEEDS or an FcTransformError */
  const char *outputs[4];       /* NULL-terminated */
  const char *message_part;     /* text the error message must contain, or NULL */
} ApplyCase;

static const ApplyCase apply_cases[] = {
  /* uppercase, lowercase */
  { "upper/ascii", "uppercase", IN1 ("hello World"), GIVES ("HELLO WORLD") },
  { "upper/accents", "uppercase", IN1 ("café crème"), GIVES ("CAFÉ CRÈME") },
  { "upper/german-sharp-s", "uppercase", IN1 ("straße"), GIVES ("STRASSE") },
  { "upper/greek", "uppercase", IN1 ("αβγ"), GIVES ("ΑΒΓ") },
  { "upper/empty", "uppercase", IN1 (""), GIVES ("") },
  { "upper/null", "uppercase", IN1 (NULL), GIVES ("") },
  { "lower/ascii", "lowercase", IN1 ("Hello WORLD"), GIVES ("hello world") },
  { "lower/cyrillic", "lowercase", IN1 ("МОСКВА"), GIVES ("москва") },
  { "lower/email", "lowercase", IN1 ("John.Doe@Example.COM"), GIVES ("john.doe@example.com") },
  { "lower/two-values", "lowercase", IN2 ("A", "B"), GIVES ("a", "b") },
  { "lower/keeps-blanks", "lowercase", IN1 (" X "), GIVES (" x ") },

  /* trim */
  { "trim/spaces", "trim", IN1 ("  a b  "), GIVES ("a b") },
  { "trim/tabs-newlines", "trim", IN1 ("\t\na\r\n"), GIVES ("a") },
  { "trim/no-break-space", "trim", IN1 ("\u00a0value\u00a0"), GIVES ("value") },
  { "trim/ideographic-space", "trim", IN1 ("\u3000東京\u3000"), GIVES ("東京") },
  { "trim/zero-width", "trim", IN1 ("\u200bx\ufeff"), GIVES ("x") },
  { "trim/only-blanks", "trim", IN1 ("   "), GIVES ("") },
  { "trim/inner-kept", "trim", IN1 ("a   b"), GIVES ("a   b") },
  { "trim/nothing", "trim", IN1 ("abc"), GIVES ("abc") },

  /* concatenate */
  { "concat/default", "concatenate", IN2 ("John", "Doe"), GIVES ("John Doe") },
  { "concat/three", "concatenate", IN3 ("a", "b", "c"), GIVES ("a b c") },
  { "concat/one", "concatenate", IN1 ("solo"), GIVES ("solo") },
  { "concat/comma-separator", "concatenate(separator=\", \")",
    IN3 ("Main St 1", "Springfield", "IL"),
    GIVES ("Main St 1, Springfield, IL") },
  { "concat/skips-empty", "concatenate(separator=\", \")", IN3 ("a", "", "c"), GIVES ("a, c") },
  { "concat/skips-null", "concatenate", IN3 (NULL, "b", NULL), GIVES ("b") },
  { "concat/all-empty", "concatenate(separator=-)", IN3 ("", NULL, ""), GIVES ("") },
  { "concat/empty-separator", "concatenate(separator=\"\")", IN2 ("ab", "cd"), GIVES ("abcd") },
  { "concat/unicode-separator", "concatenate(separator=\" · \")", IN2 ("x", "y"),
    GIVES ("x · y") },
  { "concat/then-upper", "concatenate(separator=\", \")|uppercase", IN2 ("doe", "john"),
    GIVES ("DOE, JOHN") },
  { "concat/no-values", "concatenate", 0, { NULL }, FAILS (ARITY) },

  /* split_name */
  { "name/simple", "split_name", IN1 ("John Doe"), GIVES ("John", "Doe") },
  { "name/comma-form", "split_name", IN1 ("Doe, John"), GIVES ("John", "Doe") },
  { "name/comma-form-middle", "split_name", IN1 ("Doe, John Michael"),
    GIVES ("John Michael", "Doe") },
  { "name/middle", "split_name", IN1 ("John Michael Doe"), GIVES ("John Michael", "Doe") },
  { "name/one-word", "split_name", IN1 ("Madonna"), GIVES ("Madonna", "") },
  { "name/extra-spaces", "split_name", IN1 ("  John    Doe  "), GIVES ("John", "Doe") },
  { "name/honorific-mr", "split_name", IN1 ("Mr. John Doe"), GIVES ("John", "Doe") },
  { "name/honorific-no-dot", "split_name", IN1 ("Dr John Doe"), GIVES ("John", "Doe") },
  { "name/honorific-two", "split_name", IN1 ("Prof. Dr. Hans Müller"), GIVES ("Hans", "Müller") },
  { "name/honorific-miss", "split_name", IN1 ("miss Jane Roe"), GIVES ("Jane", "Roe") },
  { "name/honorific-mx", "split_name", IN1 ("Mx. Sam Lee"), GIVES ("Sam", "Lee") },
  { "name/honorific-last-only", "split_name", IN1 ("Mrs. Smith"), GIVES ("", "Smith") },
  { "name/suffix-jr", "split_name", IN1 ("John Doe Jr."), GIVES ("John", "Doe Jr.") },
  { "name/suffix-comma", "split_name", IN1 ("John Doe, Jr."), GIVES ("John", "Doe, Jr.") },
  { "name/suffix-iii", "split_name", IN1 ("John Doe III"), GIVES ("John", "Doe III") },
  { "name/suffix-phd", "split_name", IN1 ("Jane Roe, Ph.D."), GIVES ("Jane", "Roe, Ph.D.") },
  { "name/suffix-two", "split_name", IN1 ("John Doe Jr. MD"), GIVES ("John", "Doe Jr. MD") },
  { "name/suffix-esq", "split_name", IN1 ("Atticus Finch Esq"), GIVES ("Atticus", "Finch Esq") },
  { "name/honorific-and-suffix", "split_name", IN1 ("Dr. Martin Luther King Jr."),
    GIVES ("Martin Luther", "King Jr.") },
  { "name/particle-van", "split_name", IN1 ("Ludwig van Beethoven"),
    GIVES ("Ludwig", "van Beethoven") },
  { "name/particle-two", "split_name", IN1 ("Vincent van der Berg"),
    GIVES ("Vincent", "van der Berg") },
  { "name/particle-de-la", "split_name", IN1 ("Maria de la Cruz"), GIVES ("Maria", "de la Cruz") },
  { "name/particle-capital", "split_name", IN1 ("Robert De Niro"), GIVES ("Robert", "De Niro") },
  { "name/particle-st", "split_name", IN1 ("John St. Clair"), GIVES ("John", "St. Clair") },
  { "name/particle-first-word", "split_name", IN1 ("Van Morrison"), GIVES ("Van", "Morrison") },
  { "name/particle-with-middle", "split_name", IN1 ("Anna Maria da Silva"),
    GIVES ("Anna Maria", "da Silva") },
  { "name/comma-particle", "split_name", IN1 ("van Beethoven, Ludwig"),
    GIVES ("Ludwig", "van Beethoven") },
  { "name/comma-suffix-after", "split_name", IN1 ("Doe, John, Jr."), GIVES ("John", "Doe Jr.") },
  { "name/comma-honorific", "split_name", IN1 ("Doe, Dr. John"), GIVES ("John", "Doe") },
  { "name/suffix-only-after-name", "split_name", IN1 ("John Jr."), GIVES ("John", "Jr.") },
  { "name/stray-comma", "split_name", IN1 (", John Doe"), GIVES ("John", "Doe") },
  { "name/hyphens", "split_name", IN1 ("Jean-Claude Van Damme"),
    GIVES ("Jean-Claude", "Van Damme") },
  { "name/unicode", "split_name", IN1 ("Zoë Ångström"), GIVES ("Zoë", "Ångström") },
  { "name/empty", "split_name", IN1 (""), GIVES ("", "") },
  { "name/blank", "split_name", IN1 ("   "), GIVES ("", "") },
  { "name/then-upper", "split_name|uppercase", IN1 ("John Doe"), GIVES ("JOHN", "DOE") },
  { "name/two-values", "split_name", IN2 ("John", "Doe"), FAILS (ARITY) },

  /* phone_e164: United States */
  { "phone/us-local", "phone_e164(region=US)", IN1 ("(415) 555-2671"), GIVES ("+14155552671") },
  { "phone/us-dots", "phone_e164(region=US)", IN1 ("415.555.2671"), GIVES ("+14155552671") },
  { "phone/us-leading-1", "phone_e164(region=US)", IN1 ("1 415 555 2671"),
    GIVES ("+14155552671") },
  { "phone/us-e164-kept", "phone_e164(region=US)", IN1 ("+14155552671"), GIVES ("+14155552671") },
  { "phone/us-vanity", "phone_e164(region=US)", IN1 ("1-800-FLOWERS"), GIVES ("+18003569377") },
  { "phone/us-lower-region", "phone_e164(region=us)", IN1 ("(201) 555-0123"),
    GIVES ("+12015550123") },
  { "phone/us-international-prefix", "phone_e164(region=US)", IN1 ("011 44 20 7946 0958"),
    GIVES ("+442079460958") },
  { "phone/us-invalid-555", "phone_e164(region=US)", IN1 ("555-0100"), FAILS (INVALID_INPUT),
    "not a valid" },
  { "phone/us-invalid-short", "phone_e164(region=US)", IN1 ("(415) 555-267"),
    FAILS (INVALID_INPUT) },
  { "phone/us-invalid-area", "phone_e164", IN1 ("+1 200 555 0100"), FAILS (INVALID_INPUT) },
  { "phone/us-too-long", "phone_e164(region=US)", IN1 ("1234567890123456789"),
    FAILS (INVALID_INPUT), "too many digits" },
  { "phone/us-extension", "phone_e164(region=US)", IN1 ("+1 415 555 2671 ext. 123"),
    FAILS (INVALID_INPUT), "extension" },
  { "phone/not-a-number", "phone_e164(region=US)", IN1 ("call me"), FAILS (INVALID_INPUT),
    "not a phone number" },
  /* United Kingdom */
  { "phone/gb-no-region", "phone_e164", IN1 ("+44 20 7946 0958"), GIVES ("+442079460958") },
  { "phone/gb-national", "phone_e164(region=GB)", IN1 ("020 7946 0958"),
    GIVES ("+442079460958") },
  { "phone/gb-liverpool", "phone_e164(region=GB)", IN1 ("0151 123 4567"),
    GIVES ("+441511234567") },
  { "phone/gb-mobile", "phone_e164(region=GB)", IN1 ("07400 123456"), GIVES ("+447400123456") },
  { "phone/gb-invalid-drama-mobile", "phone_e164(region=GB)", IN1 ("07700 900123"),
    FAILS (INVALID_INPUT) },
  /* Germany */
  { "phone/de-berlin", "phone_e164(region=DE)", IN1 ("030 901820"), GIVES ("+4930901820") },
  { "phone/de-mobile", "phone_e164(region=DE)", IN1 ("0151 23456789"),
    GIVES ("+4915123456789") },
  { "phone/de-trunk-in-brackets", "phone_e164", IN1 ("+49 (0)30 901820"),
    GIVES ("+4930901820") },
  { "phone/de-invalid", "phone_e164(region=DE)", IN1 ("12345"), FAILS (INVALID_INPUT) },
  /* France */
  { "phone/fr-paris", "phone_e164(region=FR)", IN1 ("01 23 45 67 89"), GIVES ("+33123456789") },
  { "phone/fr-mobile", "phone_e164(region=FR)", IN1 ("06 12 34 56 78"), GIVES ("+33612345678") },
  { "phone/fr-from-abroad", "phone_e164(region=FR)", IN1 ("0049 30 901820"),
    GIVES ("+4930901820") },
  { "phone/fr-invalid-short", "phone_e164(region=FR)", IN1 ("06 12 34 56"),
    FAILS (INVALID_INPUT) },
  /* Australia */
  { "phone/au-sydney", "phone_e164(region=AU)", IN1 ("(02) 9876 5432"), GIVES ("+61298765432") },
  { "phone/au-mobile", "phone_e164(region=AU)", IN1 ("0412 345 678"), GIVES ("+61412345678") },
  { "phone/au-invalid", "phone_e164(region=AU)", IN1 ("02 1234 567"), FAILS (INVALID_INPUT) },
  /* India */
  { "phone/in-mobile", "phone_e164(region=IN)", IN1 ("98765 43210"), GIVES ("+919876543210") },
  { "phone/in-delhi", "phone_e164(region=IN)", IN1 ("011 2345 6789"), GIVES ("+911123456789") },
  { "phone/in-international", "phone_e164", IN1 ("+91 98765 43210"), GIVES ("+919876543210") },
  { "phone/in-invalid", "phone_e164(region=IN)", IN1 ("0123 456"), FAILS (INVALID_INPUT) },
  /* Brazil */
  { "phone/br-mobile", "phone_e164(region=BR)", IN1 ("(11) 98765-4321"),
    GIVES ("+5511987654321") },
  { "phone/br-landline", "phone_e164(region=BR)", IN1 ("(11) 2345-6789"),
    GIVES ("+551123456789") },
  { "phone/br-invalid", "phone_e164(region=BR)", IN1 ("(11) 1234-567"), FAILS (INVALID_INPUT) },
  /* Japan */
  { "phone/jp-tokyo", "phone_e164(region=JP)", IN1 ("03-1234-5678"), GIVES ("+81312345678") },
  { "phone/jp-mobile", "phone_e164(region=JP)", IN1 ("090-1234-5678"),
    GIVES ("+819012345678") },
  { "phone/jp-invalid", "phone_e164(region=JP)", IN1 ("03-1234-567"), FAILS (INVALID_INPUT) },
  /* Without a region, and empty values */
  { "phone/needs-region", "phone_e164", IN1 ("(415) 555-2671"), FAILS (INVALID_INPUT),
    "region" },
  { "phone/bad-country-code", "phone_e164", IN1 ("+999 123"), FAILS (INVALID_INPUT) },
  { "phone/other-country-with-region", "phone_e164(region=GB)", IN1 ("+1-415-555-2671"),
    GIVES ("+14155552671") },
  { "phone/empty", "phone_e164(region=US)", IN1 (""), GIVES ("") },
  { "phone/null", "phone_e164", IN1 (NULL), GIVES ("") },
  { "phone/trim-first", "trim|phone_e164(region=DE)", IN1 ("  030 901820\u00a0"),
    GIVES ("+4930901820") },

  /* date_iso: ISO 8601 */
  { "date/iso-date", "date_iso", IN1 ("2024-03-05"), GIVES ("2024-03-05") },
  { "date/iso-utc", "date_iso", IN1 ("2024-03-05T14:30:00Z"), GIVES ("2024-03-05T14:30:00Z") },
  { "date/iso-offset", "date_iso", IN1 ("2024-03-05T14:30:00+01:00"),
    GIVES ("2024-03-05T13:30:00Z") },
  { "date/iso-negative-offset", "date_iso", IN1 ("2024-03-05T22:30:00-05:00"),
    GIVES ("2024-03-06T03:30:00Z") },
  { "date/iso-offset-no-colon", "date_iso", IN1 ("2024-03-05T14:30:00+0530"),
    GIVES ("2024-03-05T09:00:00Z") },
  { "date/iso-millis", "date_iso", IN1 ("2024-03-05T14:30:00.123Z"),
    GIVES ("2024-03-05T14:30:00.123Z") },
  { "date/iso-zero-fraction", "date_iso", IN1 ("2024-03-05T14:30:00.000Z"),
    GIVES ("2024-03-05T14:30:00Z") },
  { "date/iso-micros", "date_iso", IN1 ("2024-03-05T14:30:00.123456+00:00"),
    GIVES ("2024-03-05T14:30:00.123456Z") },
  { "date/iso-nanos", "date_iso", IN1 ("2024-03-05T14:30:00.1234567891Z"),
    GIVES ("2024-03-05T14:30:00.123456Z") },
  { "date/iso-space", "date_iso", IN1 ("2024-03-05 14:30:00"), GIVES ("2024-03-05T14:30:00Z") },
  { "date/iso-lower-t-z", "date_iso", IN1 ("2024-03-05t14:30:00z"),
    GIVES ("2024-03-05T14:30:00Z") },
  { "date/iso-no-seconds", "date_iso", IN1 ("2024-03-05T14:30Z"), GIVES ("2024-03-05T14:30:00Z") },
  { "date/iso-basic", "date_iso", IN1 ("20240305T143000Z"), GIVES ("2024-03-05T14:30:00Z") },
  { "date/iso-basic-date", "date_iso", IN1 ("20240305"), GIVES ("2024-03-05") },
  { "date/iso-leap-day", "date_iso", IN1 ("2024-02-29"), GIVES ("2024-02-29") },
  { "date/iso-blanks", "date_iso", IN1 (" 2024-03-05 "), GIVES ("2024-03-05") },
  /* epoch */
  { "date/epoch-seconds", "date_iso", IN1 ("1709649000"), GIVES ("2024-03-05T14:30:00Z") },
  { "date/epoch-millis", "date_iso", IN1 ("1709649000000"), GIVES ("2024-03-05T14:30:00Z") },
  { "date/epoch-millis-fraction", "date_iso", IN1 ("1709649000250"),
    GIVES ("2024-03-05T14:30:00.250Z") },
  { "date/epoch-hubspot-midnight", "date_iso", IN1 ("1709596800000"),
    GIVES ("2024-03-05T00:00:00Z") },
  { "date/epoch-bad-length", "date_iso", IN1 ("17096490"), FAILS (INVALID_INPUT) },
  { "date/epoch-eleven-digits", "date_iso", IN1 ("17096490001"), FAILS (INVALID_INPUT),
    "13 digits" },
  /* RFC 2822 */
  { "date/rfc2822", "date_iso", IN1 ("Tue, 05 Mar 2024 14:30:00 +0100"),
    GIVES ("2024-03-05T13:30:00Z") },
  { "date/rfc2822-gmt", "date_iso", IN1 ("Tue, 5 Mar 2024 14:30:00 GMT"),
    GIVES ("2024-03-05T14:30:00Z") },
  { "date/rfc2822-est", "date_iso", IN1 ("05 Mar 2024 09:30 EST"),
    GIVES ("2024-03-05T14:30:00Z") },
  { "date/rfc2822-no-weekday", "date_iso", IN1 ("5 Mar 2024 14:30:00 -0800"),
    GIVES ("2024-03-05T22:30:00Z") },
  { "date/rfc2822-full-names", "date_iso", IN1 ("Tuesday, 5 March 2024"), GIVES ("2024-03-05") },
  { "date/rfc2822-not-a-month", "date_iso", IN1 ("5 Mayday 2024"), FAILS (INVALID_INPUT) },
  { "date/rfc2822-wrong-weekday", "date_iso", IN1 ("Mon, 05 Mar 2024 14:30:00 +0000"),
    FAILS (INVALID_INPUT), "weekday" },
  { "date/rfc2822-bad-zone", "date_iso", IN1 ("Tue, 05 Mar 2024 14:30:00 +2400"),
    FAILS (INVALID_INPUT) },
  { "date/rfc2822-bad-month", "date_iso", IN1 ("05 Foo 2024 14:30:00 +0000"),
    FAILS (INVALID_INPUT) },
  { "date/rfc2822-impossible", "date_iso", IN1 ("31 Apr 2024 10:00:00 +0000"),
    FAILS (INVALID_INPUT), "not a real date" },
  /* numeric, with and without an order */
  { "date/dmy-slash", "date_iso(order=dmy)", IN1 ("05/03/2024"), GIVES ("2024-03-05") },
  { "date/dmy-dots-short", "date_iso(order=dmy)", IN1 ("5.3.2024"), GIVES ("2024-03-05") },
  { "date/dmy-dash", "date_iso(order=dmy)", IN1 ("05-03-2024"), GIVES ("2024-03-05") },
  { "date/mdy-dash", "date_iso(order=mdy)", IN1 ("03-05-2024"), GIVES ("2024-03-05") },
  { "date/mdy-slash", "date_iso(order=MDY)", IN1 ("12/31/2023"), GIVES ("2023-12-31") },
  { "date/dmy-time", "date_iso(order=dmy)", IN1 ("05/03/2024 14:30"),
    GIVES ("2024-03-05T14:30:00Z") },
  { "date/ymd-slash", "date_iso", IN1 ("2024/03/05"), GIVES ("2024-03-05") },
  { "date/ymd-short", "date_iso", IN1 ("2024-3-5"), GIVES ("2024-03-05") },
  { "date/numeric-no-order", "date_iso", IN1 ("05/03/2024"), FAILS (INVALID_INPUT), "order" },
  { "date/numeric-no-order-clear-day", "date_iso", IN1 ("25/03/2024"), FAILS (INVALID_INPUT) },
  { "date/mixed-separators", "date_iso(order=dmy)", IN1 ("05/03.2024"), FAILS (INVALID_INPUT) },
  { "date/mdy-impossible", "date_iso(order=mdy)", IN1 ("13/05/2024"), FAILS (INVALID_INPUT) },
  { "date/dmy-from-format", "date_iso(format=dmy)", IN1 ("31/12/2023"), GIVES ("2023-12-31") },
  /* impossible and unreadable */
  { "date/feb-30", "date_iso", IN1 ("2024-02-30"), FAILS (INVALID_INPUT), "not a real date" },
  { "date/feb-29-non-leap", "date_iso", IN1 ("2023-02-29"), FAILS (INVALID_INPUT) },
  { "date/month-13", "date_iso", IN1 ("2024-13-01"), FAILS (INVALID_INPUT) },
  { "date/hour-25", "date_iso", IN1 ("2024-03-05T25:00:00Z"), FAILS (INVALID_INPUT) },
  { "date/impossible-with-time", "date_iso", IN1 ("2024-04-31T10:00:00Z"),
    FAILS (INVALID_INPUT) },
  { "date/words", "date_iso", IN1 ("next tuesday"), FAILS (INVALID_INPUT), "known form" },
  { "date/year-month", "date_iso", IN1 ("2024-03"), FAILS (INVALID_INPUT) },
  { "date/empty", "date_iso", IN1 (""), GIVES ("") },

  /* chains of several steps */
  { "chain/identity", "", IN2 ("a", NULL), GIVES ("a", "") },
  { "chain/trim-lower", "trim|lowercase", IN1 ("  Foo@Example.com "),
    GIVES ("foo@example.com") },
  { "chain/name-concat", "split_name|concatenate(separator=\", \")", IN1 ("Dr. John Doe"),
    GIVES ("John, Doe") },
  { "chain/too-many-values", "trim|split_name", IN2 ("a", "b"), FAILS (ARITY), "split_name" },
  { "chain/error-names-step", "trim|phone_e164(region=US)", IN1 ("12"), FAILS (INVALID_INPUT),
    "phone_e164" },
};

typedef struct {
  const char *name;
  const char *chain;
  guint       n_outputs;
  const char *outputs[4];
  guint       n_inputs;         /* 0: apply_reverse(), else apply_reverse_full() */
  int         error;
  const char *inputs[4];        /* what the reverse gives, NULL-terminated */
  const char *message_part;
} ReverseCase;

#define TO(n) n

static const ReverseCase reverse_cases[] = {
  { "trim", "trim", IN1 (" a "), 0, GIVES (" a ") },
  { "upper", "uppercase", IN1 ("A"), 0, FAILS (NO_REVERSE), "uppercase" },
  { "lower-in-chain", "trim|lowercase", IN1 ("a"), 0, FAILS (NO_REVERSE), "Step 2" },
  { "phone-e164", "phone_e164(region=US)", IN1 ("+14155552671"), 0, GIVES ("+14155552671") },
  { "phone-reformatted", "phone_e164(region=US)", IN1 ("(415) 555-2671"), 0,
    GIVES ("+14155552671") },
  { "phone-invalid", "phone_e164(region=US)", IN1 ("555-0100"), 0, FAILS (INVALID_INPUT) },
  { "phone-empty", "phone_e164(region=US)", IN1 (""), 0, GIVES ("") },
  { "date-iso", "date_iso", IN1 ("2024-03-05T14:30:00Z"), 0, GIVES ("2024-03-05T14:30:00Z") },
  { "date-epoch-ms", "date_iso(format=epoch_ms)", IN1 ("2024-03-05T14:30:00Z"), 0,
    GIVES ("1709649000000") },
  { "date-epoch-ms-of-date", "date_iso(format=epoch_ms)", IN1 ("2024-03-05"), 0,
    GIVES ("1709596800000") },
  { "date-epoch-s", "date_iso(format=epoch_s)", IN1 ("2024-03-05T14:30:00.900Z"), 0,
    GIVES ("1709649000") },
  { "date-rfc2822", "date_iso(format=rfc2822)", IN1 ("2024-03-05T14:30:00Z"), 0,
    GIVES ("Tue, 05 Mar 2024 14:30:00 +0000") },
  { "date-dmy", "date_iso(format=dmy)", IN1 ("2024-03-05"), 0, GIVES ("05/03/2024") },
  { "date-mdy-time", "date_iso(format=mdy)", IN1 ("2024-03-05T14:30:00Z"), 0,
    GIVES ("03/05/2024 14:30:00") },
  { "date-date", "date_iso(format=date)", IN1 ("2024-03-05T23:30:00Z"), 0, GIVES ("2024-03-05") },
  { "date-invalid", "date_iso", IN1 ("yesterday"), 0, FAILS (INVALID_INPUT) },
  { "split-name", "split_name", IN2 ("John Michael", "Doe"), 0, GIVES ("John Michael Doe") },
  { "split-name-first-only", "split_name", IN2 ("Madonna", ""), 0, GIVES ("Madonna") },
  { "split-name-last-only", "split_name", IN2 (NULL, "Smith"), 0, GIVES ("Smith") },
  { "split-name-both-empty", "split_name", IN2 ("", ""), 0, GIVES ("") },
  { "split-name-one-value", "split_name", IN1 ("John"), 0, FAILS (ARITY) },
  { "concat-two", "concatenate", IN1 ("John Doe"), TO (2), GIVES ("John", "Doe") },
  { "concat-three", "concatenate(separator=\", \")", IN1 ("a, b, c"), TO (3),
    GIVES ("a", "b", "c") },
  { "concat-one", "concatenate", IN1 ("a b c"), TO (1), GIVES ("a b c") },
  { "concat-empty-value", "concatenate", IN1 (""), TO (2), GIVES ("", "") },
  { "concat-too-many-parts", "concatenate", IN1 ("John Michael Doe"), TO (2),
    FAILS (AMBIGUOUS) },
  { "concat-too-few-parts", "concatenate(separator=\", \")", IN1 ("a"), TO (2),
    FAILS (AMBIGUOUS) },
  { "concat-empty-part", "concatenate(separator=\";\")", IN1 ("a;;b"), TO (3),
    FAILS (AMBIGUOUS), "empty" },
  { "concat-count-unknown", "concatenate", IN1 ("John Doe"), 0, FAILS (AMBIGUOUS) },
  { "concat-empty-separator", "concatenate(separator=\"\")", IN1 ("ab"), TO (2),
    FAILS (NO_REVERSE), "separator" },
  { "chain-trim-phone", "trim|phone_e164(region=DE)", IN1 ("+4930901820"), 0,
    GIVES ("+4930901820") },
  { "chain-name-concat", "split_name|concatenate(separator=\"|\")", IN1 ("John|Doe"), TO (1),
    GIVES ("John Doe") },
  { "identity", "", IN2 ("x", NULL), 0, GIVES ("x", "") },
};

/* Apply, then reverse: the reverse gives @expected (the input, normalised), and applying again
 * gives the same outputs. */
typedef struct {
  const char *name;
  const char *chain;
  guint       n_inputs;
  const char *inputs[4];
  int         unused;
  const char *expected[4];
} RoundTripCase;

#define BACK(...) 0, { __VA_ARGS__, NULL }

static const RoundTripCase round_trip_cases[] = {
  { "trim", "trim", IN1 ("  spaced  "), BACK ("spaced") },
  { "phone-us", "phone_e164(region=US)", IN1 ("(415) 555-2671"), BACK ("+14155552671") },
  { "phone-gb", "phone_e164", IN1 ("+44 20 7946 0958"), BACK ("+442079460958") },
  { "phone-de", "phone_e164(region=de)", IN1 ("030 901820"), BACK ("+4930901820") },
  { "phone-jp", "phone_e164(region=JP)", IN1 ("090-1234-5678"), BACK ("+819012345678") },
  { "phone-br", "phone_e164(region=BR)", IN1 ("(11) 98765-4321"), BACK ("+5511987654321") },
  { "date-iso-date", "date_iso", IN1 ("2024-03-05"), BACK ("2024-03-05") },
  { "date-iso-offset", "date_iso", IN1 ("2024-03-05T14:30:00+01:00"),
    BACK ("2024-03-05T13:30:00Z") },
  { "date-epoch-ms", "date_iso(format=epoch_ms)", IN1 ("1709649000123"),
    BACK ("1709649000123") },
  { "date-epoch-s", "date_iso(format=epoch_s)", IN1 ("1709649000"), BACK ("1709649000") },
  { "date-rfc2822", "date_iso(format=rfc2822)", IN1 ("Tue, 05 Mar 2024 14:30:00 +0100"),
    BACK ("Tue, 05 Mar 2024 13:30:00 +0000") },
  { "date-dmy", "date_iso(order=dmy,format=dmy)", IN1 ("5.3.2024"), BACK ("05/03/2024") },
  { "date-mdy", "date_iso(format=mdy)", IN1 ("12/31/2023"), BACK ("12/31/2023") },
  { "date-as-date", "date_iso(format=date)", IN1 ("2024-03-05"), BACK ("2024-03-05") },
  { "name-simple", "split_name", IN1 ("John Doe"), BACK ("John Doe") },
  { "name-middle", "split_name", IN1 ("John Michael Doe"), BACK ("John Michael Doe") },
  { "name-comma", "split_name", IN1 ("Doe, John"), BACK ("John Doe") },
  { "name-honorific", "split_name", IN1 ("Dr. Jane Roe"), BACK ("Jane Roe") },
  { "name-suffix", "split_name", IN1 ("John Doe Jr."), BACK ("John Doe Jr.") },
  { "name-particle", "split_name", IN1 ("Ludwig van Beethoven"), BACK ("Ludwig van Beethoven") },
  { "name-one-word", "split_name", IN1 ("Cher"), BACK ("Cher") },
  { "concat-two", "concatenate", IN2 ("John", "Doe"), BACK ("John", "Doe") },
  { "concat-address", "concatenate(separator=\", \")", IN3 ("1 Main St", "Springfield", "IL"),
    BACK ("1 Main St", "Springfield", "IL") },
  { "chain-trim-phone", "trim|phone_e164(region=FR)", IN1 (" 06 12 34 56 78 "),
    BACK ("+33612345678") },
  { "chain-trim-date", "trim|date_iso(format=epoch_ms)", IN1 (" 1709596800000 "),
    BACK ("1709596800000") },
};

typedef struct {
  const char *name;
  const char *chain;
  const char *a;
  const char *b;
  gboolean    equal;
} EqualCase;

static const EqualCase equal_cases[] = {
  { "identity-same", "", "abc", "abc", TRUE },
  { "identity-blank-differs", "", " a", "a", FALSE },
  { "identity-null-empty", "", NULL, "", TRUE },
  { "identity-case-differs", "", "A", "a", FALSE },
  { "trim-blank", "trim", " a", "a", TRUE },
  { "trim-nbsp", "trim", "a\u00a0", "a", TRUE },
  { "trim-inner-differs", "trim", "a b", "a  b", FALSE },
  { "trim-empty-vs-blank", "trim", "", "   ", TRUE },
  { "trim-different", "trim", "a", "b", FALSE },
  { "upper-case-insensitive", "uppercase", "abc", "ABC", TRUE },
  { "lower-case-insensitive", "trim|lowercase", " ABC ", "abc", TRUE },
  { "lower-different", "lowercase", "abc", "abd", FALSE },
  { "nfc", "trim", "caf\u00e9", "cafe\u0301", TRUE },
  { "phone-formats", "phone_e164(region=US)", "+14155552671", "(415) 555-2671", TRUE },
  { "phone-dots", "phone_e164(region=US)", "415.555.2671", "+1 415 555 2671", TRUE },
  { "phone-different", "phone_e164(region=US)", "+14155552671", "+14155552672", FALSE },
  { "phone-no-region-international", "phone_e164", "+44 20 7946 0958", "+442079460958", TRUE },
  { "phone-invalid-same-digits", "phone_e164(region=US)", "555-0100", "555 0100", TRUE },
  { "phone-unparseable-trimmed", "phone_e164(region=US)", " n/a", "n/a ", TRUE },
  { "phone-unparseable-differs", "phone_e164(region=US)", "n/a", "none", FALSE },
  { "phone-empty-vs-number", "phone_e164(region=US)", "", "+14155552671", FALSE },
  { "date-offset-instant", "date_iso", "2024-03-05T14:30:00+01:00", "2024-03-05T13:30:00Z", TRUE },
  { "date-epoch-ms", "date_iso", "1709649000000", "2024-03-05T14:30:00Z", TRUE },
  { "date-epoch-s-vs-ms", "date_iso", "1709649000", "1709649000000", TRUE },
  { "date-date-vs-midnight", "date_iso", "2024-03-05", "2024-03-05T00:00:00Z", TRUE },
  { "date-date-vs-noon", "date_iso", "2024-03-05", "2024-03-05T12:00:00Z", FALSE },
  { "date-fraction-differs", "date_iso", "2024-03-05T14:30:00.001Z", "2024-03-05T14:30:00Z",
    FALSE },
  { "date-zero-fraction", "date_iso", "2024-03-05T14:30:00.000Z", "2024-03-05T14:30:00Z", TRUE },
  { "date-rfc2822", "date_iso", "Tue, 05 Mar 2024 14:30:00 +0100", "2024-03-05T13:30:00Z", TRUE },
  { "date-dmy", "date_iso(order=dmy)", "05/03/2024", "2024-03-05", TRUE },
  { "date-other-day", "date_iso", "2024-03-05", "2024-03-06", FALSE },
  { "date-unparseable", "date_iso", "soon", " soon", TRUE },
  { "name-collapsed", "split_name", "John  Michael", "John Michael", TRUE },
  { "name-different", "split_name", "John", "Jon", FALSE },
  { "concat-exact", "concatenate", "a b", "a  b", FALSE },
  { "concat-then-trim", "concatenate|trim", "a b ", "a b", TRUE },
};

typedef struct {
  const char *name;
  const char *spec;
  int         error;
  const char *canonical;        /* to_string of the parsed chain */
  guint       n_steps;
  const char *message_part;
} ParseCase;

#define PARSES(canonical, n)    SUCCEEDS, canonical, n, NULL
#define REFUSED(code, part)     FC_TRANSFORM_ERROR_##code, NULL, 0, part

static const ParseCase parse_cases[] = {
  { "null-like-empty", "", PARSES ("", 0) },
  { "blank", "   ", PARSES ("", 0) },
  { "one", "trim", PARSES ("trim", 1) },
  { "two", "trim|lowercase", PARSES ("trim|lowercase", 2) },
  { "blanks-around", "  trim  |  lowercase ", PARSES ("trim|lowercase", 2) },
  { "argument", "phone_e164(region=US)", PARSES ("phone_e164(region=US)", 1) },
  { "argument-blanks", "phone_e164 ( region = us )", PARSES ("phone_e164(region=US)", 1) },
  { "argument-quoted", "phone_e164(region=\"GB\")", PARSES ("phone_e164(region=GB)", 1) },
  { "empty-parentheses", "trim()", PARSES ("trim", 1) },
  { "quoted-comma", "concatenate(separator=\", \")|uppercase",
    PARSES ("concatenate(separator=\", \")|uppercase", 2) },
  { "quoted-escapes", "concatenate(separator=\"\\\"|\\\\\")",
    PARSES ("concatenate(separator=\"\\\"|\\\\\")", 1) },
  { "quoted-paren-pipe", "concatenate(separator=\") | (\")",
    PARSES ("concatenate(separator=\") | (\")", 1) },
  { "quoted-empty", "concatenate(separator=\"\")", PARSES ("concatenate(separator=\"\")", 1) },
  { "plain-dash", "concatenate(separator=-)", PARSES ("concatenate(separator=-)", 1) },
  { "argument-order", "date_iso(format=epoch_ms, order=dmy)",
    PARSES ("date_iso(order=dmy,format=epoch_ms)", 1) },
  { "argument-case", "date_iso(order=DMY)", PARSES ("date_iso(order=dmy)", 1) },
  { "unknown-name", "trim|shout", REFUSED (UNKNOWN, "shout") },
  { "unknown-name-lists-known", "Uppercase", REFUSED (UNKNOWN, "uppercase") },
  { "empty-step", "trim||lowercase", REFUSED (SYNTAX, "character 6") },
  { "trailing-pipe", "trim|", REFUSED (SYNTAX, "transform name") },
  { "leading-pipe", "|trim", REFUSED (SYNTAX, "character 1") },
  { "missing-paren", "phone_e164(region=US", REFUSED (SYNTAX, "character 21") },
  { "missing-equals", "phone_e164(region)", REFUSED (SYNTAX, "“=”") },
  { "unclosed-quote", "concatenate(separator=\"abc)", REFUSED (SYNTAX, "not closed") },
  { "bad-escape", "concatenate(separator=\"\\n\")", REFUSED (SYNTAX, "escape") },
  { "junk-after-name", "trim lowercase", REFUSED (SYNTAX, "“l”") },
  { "junk-after-args", "trim() x",
    REFUSED (SYNTAX, "“|” before the next transform at character 8") },
  { "quote-inside-plain", "concatenate(separator=a\"b)", REFUSED (SYNTAX, "double quotes") },
  { "unknown-key", "phone_e164(country=US)", REFUSED (BAD_ARGUMENT, "region") },
  { "unknown-key-named", "concatenate(sep=\",\")", REFUSED (BAD_ARGUMENT, "“sep”") },
  { "key-on-argless", "trim(x=1)", REFUSED (BAD_ARGUMENT, "no arguments") },
  { "duplicate-key", "phone_e164(region=US,region=GB)", REFUSED (BAD_ARGUMENT, "twice") },
  { "unknown-region", "phone_e164(region=XX)", REFUSED (BAD_ARGUMENT, "XX") },
  { "empty-region", "phone_e164(region=)", REFUSED (BAD_ARGUMENT, "region") },
  { "bad-order", "date_iso(order=ymd)", REFUSED (BAD_ARGUMENT, "dmy, mdy") },
  { "bad-format", "date_iso(format=unix)", REFUSED (BAD_ARGUMENT, "epoch_ms") },
  { "format-order-disagree", "date_iso(order=dmy,format=mdy)",
    REFUSED (BAD_ARGUMENT, "disagree") },
  { "not-utf8", "trim|\xff", REFUSED (SYNTAX, "UTF-8") },
};

typedef struct {
  const char *name;
  const char *chain;
  guint       n_inputs;
  guint       n_outputs;
  int         error;
  const char *message_part;
} ArityCase;

#define ARITY_OK        SUCCEEDS, NULL
#define ARITY_BAD(part) FC_TRANSFORM_ERROR_ARITY, part

static const ArityCase arity_cases[] = {
  { "identity-1-1", "", 1, 1, ARITY_OK },
  { "identity-2-2", "", 2, 2, ARITY_OK },
  { "identity-1-2", "", 1, 2, ARITY_BAD ("1 value gives 1, but the pair needs 2") },
  { "trim-1-1", "trim", 1, 1, ARITY_OK },
  { "trim-elementwise", "trim", 3, 3, ARITY_OK },
  { "split-1-2", "split_name", 1, 2, ARITY_OK },
  { "split-1-1", "split_name", 1, 1, ARITY_BAD ("turn 1 value into 2, but the pair needs 1") },
  { "split-2-in", "split_name", 2, 2, ARITY_BAD ("Step 1 (split_name)") },
  { "split-then-upper", "split_name|uppercase", 1, 2, ARITY_OK },
  { "concat-3-1", "concatenate", 3, 1, ARITY_OK },
  { "concat-1-1", "concatenate", 1, 1, ARITY_OK },
  { "concat-0", "concatenate", 0, 1, ARITY_BAD ("no value") },
  { "concat-3-2", "concatenate", 3, 2, ARITY_BAD ("pair needs 2") },
  { "split-concat", "split_name|concatenate", 1, 1, ARITY_OK },
  { "concat-split", "concatenate|split_name", 2, 2, ARITY_OK },
  { "trim-then-split-bad", "trim|split_name", 2, 4, ARITY_BAD ("Step 2 (split_name)") },
  { "phone-2-2", "phone_e164(region=US)", 2, 2, ARITY_OK },
};

typedef struct {
  const char *name;
  const char *chain;
  int         error;
  const char *message_part;
} ReversibleCase;

static const ReversibleCase reversible_cases[] = {
  { "identity", "", SUCCEEDS, NULL },
  { "trim", "trim", SUCCEEDS, NULL },
  { "phone", "phone_e164(region=US)", SUCCEEDS, NULL },
  { "date", "date_iso(format=epoch_ms)", SUCCEEDS, NULL },
  { "split-name", "split_name", SUCCEEDS, NULL },
  { "concat", "concatenate(separator=\", \")", SUCCEEDS, NULL },
  { "concat-empty-separator", "concatenate(separator=\"\")", FC_TRANSFORM_ERROR_NO_REVERSE,
    "separator" },
  { "uppercase", "uppercase", FC_TRANSFORM_ERROR_NO_REVERSE, "Step 1 (uppercase)" },
  { "lowercase-second", "trim|lowercase", FC_TRANSFORM_ERROR_NO_REVERSE, "Step 2 (lowercase)" },
};
