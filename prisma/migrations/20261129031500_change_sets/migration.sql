-- The change log is written as one row per record and profile (a change set holding each key's old → new),
-- not one row per key: a 1000-record upload with ~9 properties each wrote 9000 rows and spent most of its
-- database time there. `profile_change` becomes a view with one row per changed key, so readers see
-- the same columns as before.
DROP TABLE "profile_change";

CREATE TABLE "profile_change_set" (
    "id" BIGSERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "changes" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "actor" TEXT,
    "reason" TEXT,
    "request_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "profile_change_set_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "profile_change_set_profile_id_id_idx" ON "profile_change_set"("profile_id", "id");

-- One row per changed key; id orders changes the way they happened.
CREATE VIEW "profile_change" AS
SELECT s.id * 1000 + c.ord         AS id,
       s.id                        AS change_set_id,
       s.account_id,
       s.profile_id,
       c.change ->> 'key'                           AS key,
       NULLIF(c.change -> 'oldValue', 'null'::jsonb) AS old_value,
       NULLIF(c.change -> 'newValue', 'null'::jsonb) AS new_value,
       c.change ->> 'oldType'                       AS old_type,
       c.change ->> 'newType'                       AS new_type,
       c.change ->> 'operation'                     AS operation,
       s.source,
       s.actor,
       s.reason,
       s.request_id,
       s.created_at
  FROM "profile_change_set" s
 CROSS JOIN LATERAL jsonb_array_elements(s.changes) WITH ORDINALITY AS c(change, ord);
