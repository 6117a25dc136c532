-- fluxcascade-v1.sql: a database as the first release of FluxCascade wrote it (schema version 1)
--
-- Copyright 2026 The FluxCascade authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- tests/data/fluxcascade-v1.db is built from this file and kept in the repository, so that the
-- migration test opens a real old file rather than one the current code made:
--
--   rm -f fluxcascade-v1.db && sqlite3 fluxcascade-v1.db < fluxcascade-v1.sql
--
-- The schema part is migration 1 of src/engine/fc-store-schema.c, statement for statement
-- (test-store checks that they agree). Version 1 had no delete policy, no real-time or schedule
-- settings, and did not forbid two mappings of the same name; the data below has such a pair
-- ("Deals to jobs" and "deals to jobs"), which migration 2 must make unique.
--
-- Times are milliseconds since the Unix epoch, UTC.

PRAGMA foreign_keys = ON;
BEGIN;

CREATE TABLE connections (  id TEXT PRIMARY KEY NOT NULL,  provider TEXT NOT NULL,  status TEXT NOT NULL DEFAULT 'active',  account_name TEXT,  account_id TEXT,  api_base_url TEXT,  auth_base_url TEXT,  created_at INTEGER NOT NULL,  updated_at INTEGER NOT NULL);
CREATE INDEX connections_account ON connections (provider, account_id);
CREATE TABLE mappings (  id TEXT PRIMARY KEY NOT NULL,  name TEXT NOT NULL,  source_connection_id TEXT NOT NULL REFERENCES connections (id),  source_object TEXT NOT NULL,  target_connection_id TEXT NOT NULL REFERENCES connections (id),  target_object TEXT NOT NULL,  direction TEXT NOT NULL DEFAULT 'source_to_target',  match_rule TEXT NOT NULL DEFAULT '[]',  conflict_strategy TEXT NOT NULL DEFAULT 'newest_wins',  active INTEGER NOT NULL DEFAULT 1,  created_at INTEGER NOT NULL,  updated_at INTEGER NOT NULL);
CREATE INDEX mappings_source_connection ON mappings (source_connection_id);
CREATE INDEX mappings_target_connection ON mappings (target_connection_id);
CREATE TABLE field_pairs (  mapping_id TEXT NOT NULL REFERENCES mappings (id) ON DELETE CASCADE,  position INTEGER NOT NULL,  source_fields TEXT NOT NULL,  target_fields TEXT NOT NULL,  transform TEXT,  direction TEXT NOT NULL DEFAULT 'bidirectional',  required INTEGER NOT NULL DEFAULT 0,  PRIMARY KEY (mapping_id, position));

-- Two accounts: a HubSpot portal (2026-01-05 09:00:00 UTC) and a Jobber account
-- (2026-01-05 09:05:00 UTC), the latter pointed at a local simulator.
INSERT INTO connections VALUES
  ('con_5f0c2a9e41d84c7f9b1e6a3d2c8b7f10', 'hubspot', 'active', 'Acme Plumbing', '48213377',
   NULL, NULL, 1767603600000, 1767603600000),
  ('con_9a7e3b1c5d2f4e6a8b0c1d2e3f4a5b6c', 'jobber', 'expired', 'Acme Field Ops',
   'Z2lkOi8vSm9iYmVyL0FjY291bnQvNzc0', 'http://127.0.0.1:8931', 'http://127.0.0.1:8931',
   1767603900000, 1767690000000);

INSERT INTO mappings VALUES
  ('map_0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a', 'Contacts to clients',
   'con_5f0c2a9e41d84c7f9b1e6a3d2c8b7f10', 'contacts',
   'con_9a7e3b1c5d2f4e6a8b0c1d2e3f4a5b6c', 'clients',
   'bidirectional', '[]', 'source_wins', 1, 1767604200000, 1767690600000),
  ('map_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d', 'Deals to jobs',
   'con_5f0c2a9e41d84c7f9b1e6a3d2c8b7f10', 'deals',
   'con_9a7e3b1c5d2f4e6a8b0c1d2e3f4a5b6c', 'jobs',
   'source_to_target', '["dealname=title"]', 'newest_wins', 0, 1767604500000, 1767604500000),
  ('map_2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e', 'deals to jobs',
   'con_5f0c2a9e41d84c7f9b1e6a3d2c8b7f10', 'deals',
   'con_9a7e3b1c5d2f4e6a8b0c1d2e3f4a5b6c', 'quotes',
   'source_to_target', '[]', 'newest_wins', 1, 1767604800000, 1767604800000);

INSERT INTO field_pairs VALUES
  ('map_0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a', 0, '["email"]', '["email"]', 'trim|lowercase',
   'bidirectional', 1),
  ('map_0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a', 1, '["firstname","lastname"]',
   '["firstName","lastName"]', NULL, 'bidirectional', 0),
  ('map_0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a', 2, '["phone"]', '["phone"]',
   'phone_e164(region=US)', 'source_only', 0),
  ('map_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d', 0, '["dealname"]', '["title"]', NULL,
   'bidirectional', 1),
  ('map_2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e', 0, '["dealname"]', '["title"]', 'uppercase',
   'bidirectional', 0);

PRAGMA user_version = 1;
COMMIT;
