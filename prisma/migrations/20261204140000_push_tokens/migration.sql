-- Push tokens of devices (issue 12 §4): CleverTap's device-token upload records and the Web SDK's web-push
-- registration. A token names one app or browser install, so it belongs to one device at a time: registered again
-- for another device it moves there. Deleting a device (an erasure) deletes its tokens; token writes are rare, so
-- the foreign key costs the write paths nothing that matters (unlike the engine's hot tables).
CREATE TABLE "push_token" (
    "account_id" TEXT NOT NULL,
    "token_type" TEXT NOT NULL,
    "token" TEXT COLLATE "C" NOT NULL,
    "device_id" BIGINT NOT NULL,
    "p256dh" TEXT,
    "auth" TEXT,
    "source" TEXT NOT NULL,
    "request_id" TEXT,
    "registered_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "push_token_pkey" PRIMARY KEY ("account_id","token_type","token"),
    CONSTRAINT "push_token_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "device"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "push_token_device_id_idx" ON "push_token"("device_id");
