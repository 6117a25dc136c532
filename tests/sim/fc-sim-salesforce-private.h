/* fc-sim-salesforce-private.h: the simulated Salesforce org shared by the fc-sim-salesforce
 * files
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-sim-private.h"

G_BEGIN_DECLS

#define FC_SIM_SF_INSTANCE_MOUNT "salesforce"
#define FC_SIM_SF_LOGIN_MOUNT    "salesforce-login"
#define FC_SIM_SF_TEST_MOUNT     "salesforce-test"
#define FC_SIM_SF_MYDOMAIN_MOUNT "salesforce-mydomain"

/* API versions the instance serves: v31.0 (Summer '14) to v66.0 (Spring '26) */
#define FC_SIM_SF_MIN_VERSION 31
#define FC_SIM_SF_MAX_VERSION 66
#define FC_SIM_SF_MAX_VERSION_TEXT "v" G_STRINGIFY (FC_SIM_SF_MAX_VERSION) ".0"

#define FC_SIM_SF_COLLECTION_MAX 200
#define FC_SIM_SF_RETRIEVE_MAX   2000

typedef enum
{
  FC_SIM_SF_CONTACT,
  FC_SIM_SF_ACCOUNT,
  FC_SIM_SF_OPPORTUNITY,
  FC_SIM_SF_LEAD,
  FC_SIM_SF_N_OBJECTS,
} FcSimSfObjectId;

typedef enum
{
  FC_SIM_SF_TYPE_ID,
  FC_SIM_SF_TYPE_STRING,
  FC_SIM_SF_TYPE_EMAIL,
  FC_SIM_SF_TYPE_PHONE,
  FC_SIM_SF_TYPE_TEXTAREA,
  FC_SIM_SF_TYPE_URL,
  FC_SIM_SF_TYPE_PICKLIST,
  FC_SIM_SF_TYPE_REFERENCE,
  FC_SIM_SF_TYPE_DATETIME,
  FC_SIM_SF_TYPE_DATE,
  FC_SIM_SF_TYPE_BOOLEAN,
  FC_SIM_SF_TYPE_DOUBLE,
  FC_SIM_SF_TYPE_CURRENCY,
  FC_SIM_SF_TYPE_PERCENT,
  FC_SIM_SF_TYPE_INT,
  FC_SIM_SF_TYPE_ADDRESS,
} FcSimSfType;

typedef enum
{
  FC_SIM_SF_NILLABLE    = 1 << 0,
  FC_SIM_SF_CREATEABLE  = 1 << 1,
  FC_SIM_SF_UPDATEABLE  = 1 << 2,
  FC_SIM_SF_CUSTOM      = 1 << 3,
  FC_SIM_SF_EXTERNAL_ID = 1 << 4,
  FC_SIM_SF_UNIQUE      = 1 << 5,
  FC_SIM_SF_DEFAULTED   = 1 << 6,  /* defaultedOnCreate */
  FC_SIM_SF_CALCULATED  = 1 << 7,  /* derived from other fields, never stored */
  FC_SIM_SF_NAME_FIELD  = 1 << 8,
  FC_SIM_SF_ID_LOOKUP   = 1 << 9,
  FC_SIM_SF_RESTRICTED  = 1 << 10, /* restricted picklist */
  FC_SIM_SF_SYSTEM      = 1 << 11, /* Id, IsDeleted, audit fields: kept by the org */
} FcSimSfFieldFlags;

typedef struct
{
  char        *name;
  char        *label;
  FcSimSfType  type;
  guint        length;        /* text types */
  guint        precision;     /* numbers: digits in total */
  guint        scale;         /* numbers: digits after the point */
  guint        flags;         /* FcSimSfFieldFlags */
  char        *reference_to;  /* reference: the target object, e.g. Account or User */
  char        *relationship;  /* reference: relationshipName, e.g. Account or Owner */
  char       **picklist;      /* picklist values, or NULL */
  char        *default_value; /* picklist default, or NULL */
  char        *compound;      /* compoundFieldName, e.g. MailingAddress for MailingCity */
  char        *address_prefix; /* address: the prefix of its parts, e.g. Mailing */
} FcSimSfField;

typedef struct
{
  FcSimSfObjectId  id;
  const char      *name;          /* Contact */
  const char      *label_plural;  /* Contacts */
  const char      *key_prefix;    /* 003 */
  GPtrArray       *fields;        /* FcSimSfField, standard ones first */
  guint            n_standard;
  GHashTable      *by_name;       /* case-folded name -> FcSimSfField */
  FcSimCollection *records;
  gint64           next_seq;
  gint64           schema_ms;     /* last change of the describe result */
} FcSimSfObject;

/* One error of a write, as Salesforce reports it */
typedef struct
{
  char  *code;     /* REQUIRED_FIELD_MISSING */
  char  *message;
  char **fields;
} FcSimSfError;

typedef struct
{
  char    *locator;     /* 01g... */
  gboolean all_rows;    /* queryAll */
  FcSimSfObject *object;
  GPtrArray *fields;    /* FcSimSfField, the SELECT list */
  GArray  *ids;         /* gint64 record sequence numbers, in result order */
  guint    batch_size;
  gint64   used_ms;
} FcSimSfCursor;

typedef struct
{
  FcSimProvider *provider;
  FcSimSfObject *objects[FC_SIM_SF_N_OBJECTS];
  char          *org_id;       /* 18 characters */
  char          *user_id;
  char          *username;
  GHashTable    *code_hosts;   /* authorization code -> login mount it came from */
  GHashTable    *cursors;      /* locator -> FcSimSfCursor */
  gint64         next_cursor_seq;

  guint          daily_max;    /* DailyApiRequests Max */
  GArray        *usage;        /* gint64 times of counted requests, rolling 24 hours */
  gint64         schema_base_ms;
} FcSimSalesforce;

/* fc-sim-salesforce.c */
void           _fc_sim_sf_respond_error      (FcSimRequest     *req,
                                              guint             status,
                                              const char       *code,
                                              const char       *message,
                                              char            **fields);
void           _fc_sim_sf_respond_errors     (FcSimRequest     *req,
                                              guint             status,
                                              GPtrArray        *errors);
JsonObject    *_fc_sim_sf_body_object        (FcSimRequest     *req);
const char    *_fc_sim_sf_version            (FcSimRequest     *req);
FcSimSfObject *_fc_sim_sf_find_object        (FcSimSalesforce  *sf,
                                              const char       *name);
guint          _fc_sim_sf_usage              (FcSimSalesforce  *sf,
                                              gint64            now_ms);

/* fc-sim-salesforce-control.c: the provider hooks of the control API */
char          *_fc_sim_sf_control_create     (FcSimProvider    *provider,
                                              const char       *name,
                                              JsonObject       *body,
                                              FcSimSource       source,
                                              GError          **error);
gboolean       _fc_sim_sf_control_update     (FcSimProvider    *provider,
                                              const char       *name,
                                              const char       *id,
                                              JsonObject       *body,
                                              FcSimSource       source,
                                              GError          **error);
gboolean       _fc_sim_sf_control_delete     (FcSimProvider    *provider,
                                              const char       *name,
                                              const char       *id,
                                              FcSimSource       source,
                                              GError          **error);
JsonNode      *_fc_sim_sf_control_get        (FcSimProvider    *provider,
                                              const char       *name,
                                              const char       *id,
                                              GError          **error);
JsonNode      *_fc_sim_sf_control_list       (FcSimProvider    *provider,
                                              const char       *name,
                                              gboolean          include_deleted);
JsonObject    *_fc_sim_sf_control_generate   (FcSimProvider    *provider,
                                              const char       *name,
                                              guint             index);
JsonNode      *_fc_sim_sf_control_add_field  (FcSimProvider    *provider,
                                              const char       *name,
                                              JsonObject       *body,
                                              GError          **error);

/* fc-sim-salesforce-oauth.c */
char          *_fc_sim_sf_signature          (const char       *client_secret,
                                              const char       *id_url,
                                              const char       *issued_at);
void           _fc_sim_sf_register_oauth_routes (FcSimSalesforce *sf);

/* fc-sim-salesforce-schema.c */
void           _fc_sim_sf_schema_init        (FcSimSalesforce  *sf);
void           _fc_sim_sf_schema_reset       (FcSimSalesforce  *sf);
void           _fc_sim_sf_schema_free        (FcSimSalesforce  *sf);
FcSimSfField  *_fc_sim_sf_find_field         (FcSimSfObject    *object,
                                              const char       *name);
const char    *_fc_sim_sf_type_name          (FcSimSfType       type);
double         _fc_sim_sf_stage_probability  (const char       *stage,
                                              gboolean         *closed,
                                              gboolean         *won);
JsonNode      *_fc_sim_sf_add_custom_field   (FcSimSalesforce  *sf,
                                              FcSimSfObject    *object,
                                              JsonObject       *body,
                                              GError          **error);

/* fc-sim-salesforce-describe.c */
JsonNode      *_fc_sim_sf_field_to_json      (FcSimSfField     *field);
void           _fc_sim_sf_register_schema_routes (FcSimSalesforce *sf);

/* fc-sim-salesforce-values.c: ids, errors, values and records as the API returns them */
char          *_fc_sim_sf_make_id            (const char       *prefix,
                                              gint64            seq);
gboolean       _fc_sim_sf_parse_id           (const char       *text,
                                              char            **id18,
                                              gint64           *seq);
char          *_fc_sim_sf_format_datetime    (gint64            ms);
FcSimSfObject *_fc_sim_sf_object_of_id       (FcSimSalesforce  *sf,
                                              const char       *id);
FcSimRecord   *_fc_sim_sf_lookup             (FcSimSfObject    *object,
                                              const char       *id);
char          *_fc_sim_sf_record_id          (FcSimSfObject    *object,
                                              FcSimRecord      *record);
JsonNode      *_fc_sim_sf_get_value          (FcSimSalesforce  *sf,
                                              FcSimSfObject    *object,
                                              FcSimRecord      *record,
                                              FcSimSfField     *field);
JsonNode      *_fc_sim_sf_record_to_json     (FcSimSalesforce  *sf,
                                              FcSimSfObject    *object,
                                              FcSimRecord      *record,
                                              GPtrArray        *fields,
                                              const char       *version);
GPtrArray     *_fc_sim_sf_parse_field_list   (FcSimSfObject    *object,
                                              const char       *list,
                                              char            **unknown);
FcSimSfError  *_fc_sim_sf_error_new          (const char       *code,
                                              char            **fields,
                                              const char       *format,
                                              ...) G_GNUC_PRINTF (3, 4);
void           _fc_sim_sf_error_free         (FcSimSfError     *error);

/* fc-sim-salesforce-writes.c */
JsonObject    *_fc_sim_sf_prepare            (FcSimSalesforce  *sf,
                                              FcSimSfObject    *object,
                                              FcSimRecord      *record,
                                              JsonObject       *body,
                                              GHashTable       *batch_unique,
                                              FcSimSfError    **error);
FcSimRecord   *_fc_sim_sf_apply              (FcSimSalesforce  *sf,
                                              FcSimSfObject    *object,
                                              FcSimRecord      *record,
                                              JsonObject       *changes);
void           _fc_sim_sf_delete             (FcSimSalesforce  *sf,
                                              FcSimSfObject    *object,
                                              FcSimRecord      *record);
GPtrArray     *_fc_sim_sf_find_by_field      (FcSimSfObject    *object,
                                              FcSimSfField     *field,
                                              const char       *value);

/* fc-sim-salesforce-records.c and fc-sim-salesforce-collections.c */
void           _fc_sim_sf_register_record_routes     (FcSimSalesforce *sf);
void           _fc_sim_sf_register_collection_routes (FcSimSalesforce *sf);

/* fc-sim-salesforce-query.c */
void           _fc_sim_sf_cursor_free        (gpointer          data);
void           _fc_sim_sf_register_query_routes (FcSimSalesforce *sf);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSimSfError, _fc_sim_sf_error_free)

G_END_DECLS
