-- The sign-in limit shared by every app process (issue 10, more than one process): better-auth's database storage
-- for its rate limiter, one row per client address and path, updated with a conditional increment (atomic across
-- processes) and pruned by the library once its window has passed.
CREATE TABLE "staff_rate_limit" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "last_request" BIGINT NOT NULL,

    CONSTRAINT "staff_rate_limit_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "staff_rate_limit_key_key" ON "staff_rate_limit"("key");
CREATE INDEX "staff_rate_limit_last_request_idx" ON "staff_rate_limit"("last_request");
