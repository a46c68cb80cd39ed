-- The subscribe API's history (POST /1/subscribe): channel values unsubscribed or resubscribed. See schema.prisma.
-- CreateTable
CREATE TABLE "channel_subscription_change" (
    "id" BIGSERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "actor" TEXT,
    "request_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_subscription_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "channel_subscription_change_account_id_channel_value_id_idx" ON "channel_subscription_change"("account_id", "channel", "value", "id");
