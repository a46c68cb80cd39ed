-- Exactly once for the Web SDK (issue 10). The official SDK keeps every call in a backup queue until its answer
-- arrives and fires that queue again after a new guid or a login answer, 3 s after each page load and on the next
-- visit: a call still in flight (a slow answer, a page left early) reaches the server twice. Each call's key, a hash
-- of the account, the device and the call's own stamp (i, sn, rn and the payload), is claimed in the same transaction
-- as the call's writes; a call whose key is already claimed writes nothing. Keys are pruned after 7 days (BRIN: the
-- rows arrive in time order, so the pruning scan stays small for a few pages of index).
CREATE TABLE "request_key" (
    "key" BYTEA NOT NULL,
    "claimed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "request_key_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "request_key_claimed_at_idx" ON "request_key" USING BRIN ("claimed_at");
