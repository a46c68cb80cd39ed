-- Change sets are only ever read by profile (a profile's history, its provenance, "what changed since I looked"):
-- (profile_id, id) becomes the primary key and replaces both the id key and the (profile_id, id) index, one index
-- entry fewer per accepted record. id stays unique: it comes from its sequence.
ALTER TABLE "profile_change_set" DROP CONSTRAINT "profile_change_set_pkey";
DROP INDEX "profile_change_set_profile_id_id_idx";
ALTER TABLE "profile_change_set" ADD CONSTRAINT "profile_change_set_pkey" PRIMARY KEY ("profile_id", "id");
