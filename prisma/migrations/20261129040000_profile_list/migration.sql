-- The profile list (/profiles) at a million profiles: keyset orderings, equality filters on any property,
-- prefix search on name / phone / identity / email / guid, and saved segments.

-- Keyset pagination on (sort value, id) for the system orderings.
CREATE INDEX "profile_account_id_last_seen_id_idx" ON "profile"("account_id", "last_seen", "id");
CREATE INDEX "profile_account_id_first_seen_id_idx" ON "profile"("account_id", "first_seen", "id");
CREATE INDEX "profile_account_id_id_idx" ON "profile"("account_id", "id");

-- Equality / true / false / list-membership filters on any property: `properties @> '{"Key": value}'`.
CREATE INDEX "profile_properties_idx" ON "profile" USING GIN ("properties" jsonb_path_ops);

-- Search by prefix (LIKE 'abc%'): name case-insensitively, phone as stored (E.164).
CREATE INDEX "profile_list_name_prefix_idx" ON "profile"("account_id", lower("properties" ->> 'Name') text_pattern_ops);
CREATE INDEX "profile_list_phone_prefix_idx" ON "profile"("account_id", ("properties" ->> 'Phone') text_pattern_ops);
-- Identity and Email (lower-cased) as stored in profile_identity; device guids.
CREATE INDEX "profile_identity_value_prefix_idx" ON "profile_identity"("account_id", "value" COLLATE "C");
CREATE INDEX "device_guid_prefix_idx" ON "device"("account_id", "guid" COLLATE "C");

-- A named set of list filters (the list's URL state without paging), per account.
CREATE TABLE "saved_segment" (
    "id" BIGSERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saved_segment_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "saved_segment_account_id_name_key" ON "saved_segment"("account_id", "name");

ALTER TABLE "saved_segment" ADD CONSTRAINT "saved_segment_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
