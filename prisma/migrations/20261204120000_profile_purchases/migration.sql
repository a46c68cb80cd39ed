-- Per-profile purchase totals (issue 12 §6): how many Charged events a profile has and the sum of their numeric
-- Amount (its lifetime value), so "lifetime value > 500" and the Customer type read one narrow row per buyer
-- instead of every Charged event's properties. A row exists only while the profile has a Charged event.
--
-- Kept by statement-level triggers on event, in the transaction of the statement that writes the events: every
-- path that inserts, moves (merge, unmerge) or deletes events (erasure, a profile's cascade) keeps the totals
-- right without a second rule in the code. Numeric sums are exact, so a move or a delete subtracts exactly what
-- was added. Rows are upserted in profile order, so two statements touching the same buyers cannot deadlock.
-- No foreign key, as on the engine's other tables (migration 20261129080000_lean_ingest).
CREATE TABLE "profile_purchase" (
    "profile_id" BIGINT NOT NULL,
    "account_id" TEXT NOT NULL,
    "purchases" BIGINT NOT NULL,
    "revenue" NUMERIC NOT NULL,

    CONSTRAINT "profile_purchase_pkey" PRIMARY KEY ("profile_id")
);

CREATE INDEX "profile_purchase_account_id_revenue_idx" ON "profile_purchase"("account_id", "revenue");
CREATE INDEX "profile_purchase_account_id_purchases_idx" ON "profile_purchase"("account_id", "purchases");

-- An event's Amount counts when it is a JSON number (the query engine's rule, query-sql.ts numericOf): a Charged
-- event with another Amount is a purchase of no value.
CREATE FUNCTION "profile_purchase_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO profile_purchase AS pp (profile_id, account_id, purchases, revenue)
  SELECT profile_id, min(account_id), count(*),
         coalesce(sum(CASE WHEN jsonb_typeof(properties -> 'Amount') = 'number' THEN (properties -> 'Amount')::numeric END), 0)
    FROM new_rows WHERE name = 'Charged' GROUP BY profile_id ORDER BY profile_id
  ON CONFLICT (profile_id) DO UPDATE SET purchases = pp.purchases + excluded.purchases, revenue = pp.revenue + excluded.revenue;
  RETURN NULL;
END $$;

CREATE FUNCTION "profile_purchase_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE profile_purchase pp SET purchases = pp.purchases - gone.n, revenue = pp.revenue - gone.amount
    FROM (SELECT profile_id, count(*) AS n,
                 coalesce(sum(CASE WHEN jsonb_typeof(properties -> 'Amount') = 'number' THEN (properties -> 'Amount')::numeric END), 0) AS amount
            FROM old_rows WHERE name = 'Charged' GROUP BY profile_id ORDER BY profile_id) gone
   WHERE pp.profile_id = gone.profile_id;
  -- A separate statement: one statement's parts cannot see each other's changes to a row.
  DELETE FROM profile_purchase
   WHERE profile_id IN (SELECT profile_id FROM old_rows WHERE name = 'Charged') AND purchases <= 0;
  RETURN NULL;
END $$;

-- A merge or unmerge moves events between profiles (UPDATE of profile_id): the old owner loses them, the new gains.
CREATE FUNCTION "profile_purchase_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO profile_purchase AS pp (profile_id, account_id, purchases, revenue)
  SELECT profile_id, min(account_id), sum(n), coalesce(sum(amount), 0)
    FROM (SELECT profile_id, account_id, 1 AS n,
                 CASE WHEN jsonb_typeof(properties -> 'Amount') = 'number' THEN (properties -> 'Amount')::numeric END AS amount
            FROM new_rows WHERE name = 'Charged'
          UNION ALL
          SELECT profile_id, account_id, -1,
                 -(CASE WHEN jsonb_typeof(properties -> 'Amount') = 'number' THEN (properties -> 'Amount')::numeric END)
            FROM old_rows WHERE name = 'Charged') moved
   GROUP BY profile_id HAVING sum(n) <> 0 OR coalesce(sum(amount), 0) <> 0 ORDER BY profile_id
  ON CONFLICT (profile_id) DO UPDATE SET purchases = pp.purchases + excluded.purchases, revenue = pp.revenue + excluded.revenue;
  DELETE FROM profile_purchase
   WHERE profile_id IN (SELECT profile_id FROM old_rows WHERE name = 'Charged') AND purchases <= 0;
  RETURN NULL;
END $$;

CREATE TRIGGER "profile_purchase_insert" AFTER INSERT ON "event"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "profile_purchase_on_insert"();
CREATE TRIGGER "profile_purchase_delete" AFTER DELETE ON "event"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "profile_purchase_on_delete"();
CREATE TRIGGER "profile_purchase_update" AFTER UPDATE ON "event"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "profile_purchase_on_update"();

-- Existing events: the totals as the triggers would have kept them.
INSERT INTO "profile_purchase" (profile_id, account_id, purchases, revenue)
SELECT profile_id, min(account_id), count(*),
       coalesce(sum(CASE WHEN jsonb_typeof(properties -> 'Amount') = 'number' THEN (properties -> 'Amount')::numeric END), 0)
  FROM "event" WHERE name = 'Charged' GROUP BY profile_id;
