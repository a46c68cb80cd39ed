-- Idempotency-Key of POST /1/upload (lib/clevertap/upload-once.ts): the first answer to a key, written in the same
-- transaction as the request's records, so that a crash leaves both or neither. A key lives 24 hours (pruned by
-- created_at). The answer is JSON text, not jsonb: it echoes refused records, whose text jsonb may not hold (NUL).
CREATE TABLE "idempotency_key" (
    "account_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "answer" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("account_id","key")
);

CREATE INDEX "idempotency_key_created_at_idx" ON "idempotency_key"("created_at");
