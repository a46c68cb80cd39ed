-- The per-account limit of REST requests in flight (TAPESTRY_API_CONCURRENCY), shared by every app process
-- (lib/api/concurrency.ts): one row per slot, held by a request (holder, its process) until it ends, or until
-- expires_at when its process died (a live process renews its leases).
-- UNLOGGED: no WAL, so taking and freeing a slot never waits for a disk flush; after a database crash the table comes
-- back empty, which is right: no request survived the crash.
CREATE UNLOGGED TABLE "api_slot" (
    "account_id" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "holder" TEXT,
    "process_id" TEXT,
    "expires_at" TIMESTAMP(3),

    CONSTRAINT "api_slot_pkey" PRIMARY KEY ("account_id","slot")
);
