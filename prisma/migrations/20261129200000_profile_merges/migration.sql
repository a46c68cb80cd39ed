-- Explicit merges of two identified profiles, and their lossless unmerge (issue 13).
--
-- 1. A staff merge or unmerge requires a reason; the journal keeps it with the rows it writes.
ALTER TABLE "profile_merge" ADD COLUMN "reason" TEXT;

-- 2. The events a merge moved to the surviving profile, by the journal row of the merge: its unmerge moves exactly
--    these back (events recorded after the merge stay where they were made). No foreign keys, as on the engine's
--    other tables (migration 20261129080000_lean_ingest); erasure deletes the rows with the journal's.
CREATE TABLE "merged_event" (
    "merge_id" BIGINT NOT NULL,
    "event_id" BIGINT NOT NULL,

    CONSTRAINT "merged_event_pkey" PRIMARY KEY ("merge_id","event_id")
);

-- The profile page's history names the profile a merged event came from (looked up per event of a page).
CREATE INDEX "merged_event_event_id_idx" ON "merged_event"("event_id");
