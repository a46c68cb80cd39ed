-- Two aggregates of the event table, kept by its statement-level triggers (issue 12 §6).
--
-- 1. Per-profile purchase totals: how many Charged events a profile has and the sum of their numeric
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

-- 2. Daily rollups for the overview: per account, closed (UTC) day and event name, the events, the distinct
--    profiles (a day's Customers for Charged) and the revenue (Charged's numeric Amount). Made lazily by the
--    overview (lib/overview/event-days.ts) for days before today, and trusted only while the day has its
--    event_day_done row. Any statement that inserts, moves or deletes events of a closed day deletes that row
--    (late uploads, merges, erasure), so the day is rolled up again from the events. The two sides meet on an
--    advisory lock per (account, day): writers take it shared, the roll-up exclusively (and only if free, else it
--    answers from the events without storing), so a roll-up never stores a day a writer is changing under it.
CREATE TABLE "event_day" (
    "account_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "name" TEXT NOT NULL,
    "events" BIGINT NOT NULL,
    "profiles" BIGINT NOT NULL,
    "revenue" NUMERIC NOT NULL,

    CONSTRAINT "event_day_pkey" PRIMARY KEY ("account_id","day","name")
);

CREATE TABLE "event_day_done" (
    "account_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "rolled_up_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_day_done_pkey" PRIMARY KEY ("account_id","day")
);

-- Forgets the rollups of the closed days among some events' (account, day) pairs, under each day's shared lock
-- (the key is the text "<account> <YYYY-MM-DD>", as lib/overview/event-days.ts computes it).
CREATE FUNCTION "event_day_forget"(accounts TEXT[], days DATE[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  r RECORD;
BEGIN
  FOR r IN SELECT DISTINCT a, d FROM unnest(accounts, days) AS u(a, d) ORDER BY a, d LOOP
    PERFORM pg_advisory_xact_lock_shared(hashtextextended(r.a || ' ' || to_char(r.d, 'YYYY-MM-DD'), 0));
    DELETE FROM event_day_done WHERE account_id = r.a AND day = r.d;
  END LOOP;
END $$;

-- An event's Amount counts when it is a JSON number (the query engine's rule, query-sql.ts numericOf): a Charged
-- event with another Amount is a purchase of no value.
CREATE FUNCTION "event_aggregates_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO profile_purchase AS pp (profile_id, account_id, purchases, revenue)
  SELECT profile_id, min(account_id), count(*),
         coalesce(sum(CASE WHEN jsonb_typeof(properties -> 'Amount') = 'number' THEN (properties -> 'Amount')::numeric END), 0)
    FROM new_rows WHERE name = 'Charged' GROUP BY profile_id ORDER BY profile_id
  ON CONFLICT (profile_id) DO UPDATE SET purchases = pp.purchases + excluded.purchases, revenue = pp.revenue + excluded.revenue;
  -- Live traffic is stamped today: only a late event (an upload of the past) reaches a closed day.
  IF EXISTS (SELECT 1 FROM new_rows WHERE ts < (now() AT TIME ZONE 'UTC')::date) THEN
    PERFORM event_day_forget(array_agg(account_id), array_agg(ts::date))
       FROM new_rows WHERE ts < (now() AT TIME ZONE 'UTC')::date;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "event_aggregates_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE profile_purchase pp SET purchases = pp.purchases - gone.n, revenue = pp.revenue - gone.amount
    FROM (SELECT profile_id, count(*) AS n,
                 coalesce(sum(CASE WHEN jsonb_typeof(properties -> 'Amount') = 'number' THEN (properties -> 'Amount')::numeric END), 0) AS amount
            FROM old_rows WHERE name = 'Charged' GROUP BY profile_id ORDER BY profile_id) gone
   WHERE pp.profile_id = gone.profile_id;
  -- A separate statement: one statement's parts cannot see each other's changes to a row.
  DELETE FROM profile_purchase
   WHERE profile_id IN (SELECT profile_id FROM old_rows WHERE name = 'Charged') AND purchases <= 0;
  PERFORM event_day_forget(array_agg(account_id), array_agg(ts::date))
     FROM old_rows WHERE ts < (now() AT TIME ZONE 'UTC')::date;
  RETURN NULL;
END $$;

-- A merge or unmerge moves events between profiles (UPDATE of profile_id): the old owner loses them, the new gains.
CREATE FUNCTION "event_aggregates_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
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
  -- A day's distinct profiles change when its events change hands.
  PERFORM event_day_forget(array_agg(account_id), array_agg(ts::date))
     FROM old_rows WHERE ts < (now() AT TIME ZONE 'UTC')::date;
  RETURN NULL;
END $$;

CREATE TRIGGER "event_aggregates_insert" AFTER INSERT ON "event"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "event_aggregates_on_insert"();
CREATE TRIGGER "event_aggregates_delete" AFTER DELETE ON "event"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "event_aggregates_on_delete"();
CREATE TRIGGER "event_aggregates_update" AFTER UPDATE ON "event"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "event_aggregates_on_update"();

-- Existing events: the totals as the triggers would have kept them.
INSERT INTO "profile_purchase" (profile_id, account_id, purchases, revenue)
SELECT profile_id, min(account_id), count(*),
       coalesce(sum(CASE WHEN jsonb_typeof(properties -> 'Amount') = 'number' THEN (properties -> 'Amount')::numeric END), 0)
  FROM "event" WHERE name = 'Charged' GROUP BY profile_id;
