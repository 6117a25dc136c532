/* fc-pipedrive-connector-private.h: what the Pipedrive connector's files share
 *
 * Copyright 2026 The FluxCascade authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fc-connector-private.h"
#include "fc-pipedrive-connector.h"

G_BEGIN_DECLS

G_DECLARE_FINAL_TYPE (FcPipedriveConnector, fc_pipedrive_connector, FC, PIPEDRIVE_CONNECTOR,
                      FcConnector)

typedef struct
{
  const char         *name;          /* "persons": the object type and the path segment */
  const char         *entity;        /* "person", as webhooks name it */
  const char         *fields_path;   /* "/api/v2/personFields" */
  const char         *title;         /* the name written on create: "name" or "title" */
  const char         *address;       /* "postal_address", "address" or NULL */
  gboolean            has_contacts;  /* emails[] and phones[] */
  const char * const *search_fields; /* what /search can look in */
} FcPipedriveType;

const FcPipedriveType *_fc_pipedrive_find_type           (const char            *name);
const FcPipedriveType *_fc_pipedrive_find_type_by_entity (const char            *entity);

/* fc-pipedrive-connector.c */

typedef void (*JobStep) (GTask *task);

/* The state of one operation. Each first makes sure the field catalogue is there (custom
 * fields by label), then runs its own steps. */
typedef struct
{
  const FcPipedriveType *type;
  GListModel            *fields;
  char                  *what;
  JobStep                step;        /* once the catalogue is there */
  JobStep                after_fetch; /* once job->ids are fetched */

  /* list_changed */
  gint64                 since_ms;
  char                  *page_token;

  /* read_records, find_records, and the current records before a PATCH */
  GStrv                  ids;
  guint                  next_id;
  GHashTable            *objects;   /* id -> JsonObject as Pipedrive sent it */
  char                  *field;
  char                  *value;

  /* writes */
  char                  *operation; /* create, update, delete */
  GPtrArray             *records;   /* FcRecord */
  GPtrArray             *results;   /* FcWriteResult */
  gboolean               wrote;
} Job;

FcRateLimiter *_fc_pipedrive_connector_get_limiter (FcPipedriveConnector *self);
/* Sets a new Job as @task's data, loads the field catalogue, then runs @step. */
Job        *_fc_pipedrive_start_job            (FcConnector           *connector,
                                                const char            *object_type,
                                                GTask                 *task,
                                                JobStep                step);
/* Fetches job->ids from job->next_id on, 100 per call, into job->objects; then @done. */
void        _fc_pipedrive_fetch_ids            (GTask                 *task,
                                                JobStep                done);
/* The data of a {success, data, additional_data} answer; a null data counts as empty. */
JsonNode   *_fc_pipedrive_get_data             (JsonNode              *root,
                                                const char            *what,
                                                char                 **out_next_cursor,
                                                GError               **error);

/* fc-pipedrive-writes.c */
void        _fc_pipedrive_create_records       (FcConnector           *connector,
                                                const char            *object_type,
                                                GPtrArray             *records,
                                                GTask                 *task);
void        _fc_pipedrive_update_records       (FcConnector           *connector,
                                                const char            *object_type,
                                                GPtrArray             *records,
                                                GTask                 *task);
void        _fc_pipedrive_delete_records       (FcConnector           *connector,
                                                const char            *object_type,
                                                const char * const    *ids,
                                                GTask                 *task);

/* fc-pipedrive-webhook.c */
GPtrArray  *_fc_pipedrive_parse_webhook        (FcConnector           *connector,
                                                const char            *method,
                                                const char            *url,
                                                SoupMessageHeaders    *headers,
                                                GBytes                *body,
                                                const char            *secret,
                                                GError               **error);

/* fc-pipedrive-record.c */

/* A field catalogue entry from personFields & co., appended to @store (with the flattened
 * entries an address or a contact list adds). */
void        _fc_pipedrive_add_field            (const FcPipedriveType *type,
                                                JsonObject            *field,
                                                GListStore            *store);
/* The record field @name stands for: "custom_fields.<key>" for a custom field's label, @name
 * itself otherwise. (transfer none) */
const char *_fc_pipedrive_resolve_field        (GListModel            *fields,
                                                const char            *name);
/* The v2 object at @scan as a record, or NULL when it is not an object with an id (or the
 * scan failed); the value is read either way. */
FcRecord   *_fc_pipedrive_scan_record          (const FcPipedriveType *type,
                                                FcJsonScan            *scan,
                                                GListModel            *fields);
/* The same of an object already read (fetched by id, or the answer to a write) */
FcRecord   *_fc_pipedrive_record_from_json     (const FcPipedriveType *type,
                                                JsonObject            *object,
                                                GListModel            *fields);

/* fc-pipedrive-connector.c: a listing's answer ({"data": [...], "additional_data":
 * {"next_cursor": ...}}) as records */
typedef struct
{
  const FcPipedriveType *type;
  GListModel            *fields;    /* the catalogue, for custom fields' labels */
  const char            *what;      /* for errors */
  GPtrArray             *records;   /* FcRecord, the objects with an id */
  char                  *next;      /* next_cursor */
} FcPipedriveItems;

void        _fc_pipedrive_items_init           (FcPipedriveItems      *items,
                                                const FcPipedriveType *type,
                                                GListModel            *fields,
                                                const char            *what);
void        _fc_pipedrive_items_clear          (FcPipedriveItems      *items);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FcPipedriveItems, _fc_pipedrive_items_clear)
/* An FcHttpReadFunc into an FcPipedriveItems; BAD_RESPONSE without data, or with data that is
 * neither an array nor null. */
gboolean    _fc_pipedrive_scan_items           (FcJsonScan            *scan,
                                                gpointer               user_data,
                                                GError               **error);
/* TRUE when writing @record needs the record as it is now (to keep the other addresses and
 * numbers, or the other parts of an address). */
gboolean    _fc_pipedrive_needs_current        (const FcPipedriveType *type,
                                                FcRecord              *record);
/* The body of a create (@current NULL) or a PATCH. */
JsonNode   *_fc_pipedrive_body_from_record     (const FcPipedriveType *type,
                                                FcRecord              *record,
                                                JsonObject            *current,
                                                GListModel            *fields);

G_END_DECLS
