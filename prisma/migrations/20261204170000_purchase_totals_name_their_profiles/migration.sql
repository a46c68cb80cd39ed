-- A lifetime purchase condition (lifetime value > 500, at least 3 purchases) names its profiles from these indexes:
-- with the profile in the index they are read from the index alone instead of from the table (the tab counts of
-- "lifetime value > 500" at a million profiles read 97,000 rows of profile_purchase, 45 ms of a 74 ms count).
DROP INDEX "profile_purchase_account_id_revenue_idx";
DROP INDEX "profile_purchase_account_id_purchases_idx";
CREATE INDEX "profile_purchase_account_id_revenue_profile_id_idx" ON "profile_purchase"("account_id", "revenue", "profile_id");
CREATE INDEX "profile_purchase_account_id_purchases_profile_id_idx" ON "profile_purchase"("account_id", "purchases", "profile_id");
