-- The overview's new profiles per day, split identified / anonymous, read the (account, first_seen) index and then
-- every new profile's row for its identified flag (≈ 85,000 rows for a month at a million profiles). With the flag
-- as the index's last column the count is an index-only scan; the list's keyset on (first_seen, id) is served as
-- before. Same number of indexes on profile, one byte more per entry.
DROP INDEX "profile_account_id_first_seen_id_idx";

CREATE INDEX "profile_account_id_first_seen_id_identified_idx" ON "profile"("account_id", "first_seen", "id", "identified");
