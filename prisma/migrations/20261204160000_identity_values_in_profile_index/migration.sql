-- A search tested per profile (the list's walk along its order, a common prefix's sampled counts) asks whether one of
-- the profile's identity values starts with the text: with the value in the profile's index, the index alone answers
-- (the counts of "maria" at a million profiles: 81 → 52 ms). Built in this migration's transaction: writes of
-- identities wait for it (≈ 2 s at 1.4 million identity values).
DROP INDEX "profile_identity_profile_id_idx";
CREATE INDEX "profile_identity_profile_id_value_idx" ON "profile_identity"("profile_id", "value");
