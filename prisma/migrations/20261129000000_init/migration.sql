-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL,
    "passcode_hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "profile" (
    "id" BIGSERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "identified" BOOLEAN NOT NULL DEFAULT false,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "property_types" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 0,
    "first_seen" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "profile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "profile_identity" (
    "id" BIGSERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "profile_identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device" (
    "id" BIGSERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "guid" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "platform" TEXT NOT NULL DEFAULT 'Web',
    "opted_out" BOOLEAN NOT NULL DEFAULT false,
    "first_seen" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event" (
    "id" BIGSERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "device_guid" TEXT,
    "name" TEXT NOT NULL,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "ts" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "request_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "profile_change" (
    "id" BIGSERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "key" TEXT NOT NULL,
    "old_value" JSONB,
    "new_value" JSONB,
    "old_type" TEXT,
    "new_type" TEXT,
    "operation" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "actor" TEXT,
    "request_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "profile_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "profile_merge" (
    "id" BIGSERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "previous_profile_id" BIGINT,
    "device_guid" TEXT,
    "action" TEXT NOT NULL,
    "identity_kind" TEXT,
    "identity_value" TEXT,
    "source" TEXT NOT NULL,
    "actor" TEXT,
    "request_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undone_at" TIMESTAMP(3),

    CONSTRAINT "profile_merge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "profile_deletion" (
    "id" BIGSERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "source" TEXT NOT NULL,
    "actor" TEXT,
    "request_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "profile_deletion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "profile_account_id_identified_id_idx" ON "profile"("account_id", "identified", "id");

-- CreateIndex
CREATE INDEX "profile_identity_profile_id_idx" ON "profile_identity"("profile_id");

-- CreateIndex
CREATE UNIQUE INDEX "profile_identity_account_id_kind_value_key" ON "profile_identity"("account_id", "kind", "value");

-- CreateIndex
CREATE INDEX "device_profile_id_idx" ON "device"("profile_id");

-- CreateIndex
CREATE UNIQUE INDEX "device_account_id_guid_key" ON "device"("account_id", "guid");

-- CreateIndex
CREATE INDEX "event_profile_id_ts_idx" ON "event"("profile_id", "ts");

-- CreateIndex
CREATE INDEX "event_account_id_name_ts_idx" ON "event"("account_id", "name", "ts");

-- CreateIndex
CREATE INDEX "profile_change_profile_id_key_id_idx" ON "profile_change"("profile_id", "key", "id");

-- CreateIndex
CREATE INDEX "profile_change_profile_id_id_idx" ON "profile_change"("profile_id", "id");

-- CreateIndex
CREATE INDEX "profile_merge_profile_id_id_idx" ON "profile_merge"("profile_id", "id");

-- CreateIndex
CREATE INDEX "profile_merge_previous_profile_id_idx" ON "profile_merge"("previous_profile_id");

-- AddForeignKey
ALTER TABLE "profile" ADD CONSTRAINT "profile_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "profile_identity" ADD CONSTRAINT "profile_identity_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device" ADD CONSTRAINT "device_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "profile_change" ADD CONSTRAINT "profile_change_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

