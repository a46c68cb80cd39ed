-- Identity you can trust (issue 13).
--
-- 1. The anonymous profile left behind when its device joins a known user is marked as joined, with the profile its
--    device went to: it leaves the Anonymous tab by default, and is exported and erased with that profile. Only
--    joined profiles carry a value, so the index is partial: an insert of a new profile adds no entry to it.
ALTER TABLE "profile" ADD COLUMN "joined_to_profile_id" BIGINT;
CREATE INDEX "profile_joined_to_profile_id_idx" ON "profile" ("joined_to_profile_id") WHERE "joined_to_profile_id" IS NOT NULL;

-- 2. The merge journal says whether the profile a device left was identified at that time: a profile's history shows
--    the rows of anonymous profiles whose device joined it, never those of an identified one.
ALTER TABLE "profile_merge" ADD COLUMN "previous_identified" BOOLEAN;

-- Rows written before this migration: the previous profile's state now is the best knowledge of its state then.
UPDATE "profile_merge" m SET "previous_identified" = p."identified"
  FROM "profile" p WHERE p."id" = m."previous_profile_id";

-- Anonymous profiles whose last device joined another profile are the orphans of those joins.
UPDATE "profile" p SET "joined_to_profile_id" = j."profile_id"
  FROM (SELECT DISTINCT ON ("previous_profile_id") "previous_profile_id", "profile_id"
          FROM "profile_merge"
         WHERE "action" = 'attach-device' AND "previous_profile_id" IS NOT NULL AND "undone_at" IS NULL
         ORDER BY "previous_profile_id", "id" DESC) j
 WHERE p."id" = j."previous_profile_id" AND NOT p."identified"
   AND NOT EXISTS (SELECT 1 FROM "device" d WHERE d."profile_id" = p."id");
