-- The GIN index on properties (the list's equality filters) leaves out the keys that hold one value per person and
-- have an index of their own: Identity, Email, FBID, GPID (the identity key) and Name, Phone (their prefix indexes).
-- Each such value was a new key of the GIN index, the dearest part of a profile's insert (measured: the index cost
-- about twice as much per profile with them). lib/queries/list-sql.ts repeats this expression exactly; an equality
-- filter on a key left out goes through that key's own index.
DROP INDEX "profile_properties_idx";
CREATE INDEX "profile_properties_idx" ON "profile" USING GIN (("properties" - '{Identity,Email,FBID,GPID,Name,Phone}'::text[]) jsonb_path_ops);

-- The planner's row estimates for the new expression (the list's tab counts) come from ANALYZE: gather them now.
ANALYZE "profile";
