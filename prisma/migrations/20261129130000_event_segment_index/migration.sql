-- Segments on behaviour (did E at least N times, lifetime value) and the overview read events by account, name and
-- time and need only the profile id: with profile_id in the key, "who did E in this window" is an index-only scan.
-- It replaces the (account_id, name, ts) index, whose every use it serves.
DROP INDEX "event_account_id_name_ts_idx";

CREATE INDEX "event_account_id_name_ts_profile_id_idx" ON "event"("account_id", "name", "ts", "profile_id");

ANALYZE "event";
