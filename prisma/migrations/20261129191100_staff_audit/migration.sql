-- Staff audit log (append-only) and its erasable values. See prisma/schema.prisma and lib/audit/.
-- CreateTable
CREATE TABLE "staff_audit" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT,
    "actor_email" TEXT,
    "action" TEXT NOT NULL,
    "profile_id" BIGINT,
    "subject" TEXT,
    "ip_address" TEXT,
    "request_id" TEXT,

    CONSTRAINT "staff_audit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_audit_detail" (
    "audit_id" BIGINT NOT NULL,
    "profile_id" BIGINT,
    "old_value" JSONB,
    "new_value" JSONB,
    "reason" TEXT,

    CONSTRAINT "staff_audit_detail_pkey" PRIMARY KEY ("audit_id")
);

-- CreateIndex
CREATE INDEX "staff_audit_actor_email_id_idx" ON "staff_audit"("actor_email", "id");

-- CreateIndex
CREATE INDEX "staff_audit_profile_id_id_idx" ON "staff_audit"("profile_id", "id");

-- CreateIndex
CREATE INDEX "staff_audit_action_id_idx" ON "staff_audit"("action", "id");

-- CreateIndex
CREATE INDEX "staff_audit_created_at_idx" ON "staff_audit"("created_at");

-- CreateIndex
CREATE INDEX "staff_audit_detail_profile_id_idx" ON "staff_audit_detail"("profile_id");

-- AddForeignKey
ALTER TABLE "staff_audit_detail" ADD CONSTRAINT "staff_audit_detail_audit_id_fkey" FOREIGN KEY ("audit_id") REFERENCES "staff_audit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Append-only in the database: whatever the application does, an audit row cannot be changed or removed. The
-- application connects as the tables' owner (one DATABASE_URL, also used for migrations), so these triggers are the
-- guard; an operator who wants more can run the app as a role holding only SELECT and INSERT here (README).
CREATE FUNCTION "staff_audit_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the staff audit log is append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END
$$;

CREATE TRIGGER "staff_audit_no_update_delete" BEFORE UPDATE OR DELETE ON "staff_audit"
    FOR EACH ROW EXECUTE FUNCTION "staff_audit_refuse_change"();
CREATE TRIGGER "staff_audit_no_truncate" BEFORE TRUNCATE ON "staff_audit"
    FOR EACH STATEMENT EXECUTE FUNCTION "staff_audit_refuse_change"();

-- The values of an entry (old → new, reason) may hold personal data: they go with an erased profile, and only then.
CREATE FUNCTION "staff_audit_detail_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD."profile_id" IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM "profile" WHERE "id" = OLD."profile_id") THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'the staff audit log is append-only (% on %; values go only with an erased profile)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = '42501';
END
$$;

CREATE TRIGGER "staff_audit_detail_no_update_delete" BEFORE UPDATE OR DELETE ON "staff_audit_detail"
    FOR EACH ROW EXECUTE FUNCTION "staff_audit_detail_guard"();
CREATE TRIGGER "staff_audit_detail_no_truncate" BEFORE TRUNCATE ON "staff_audit_detail"
    FOR EACH STATEMENT EXECUTE FUNCTION "staff_audit_refuse_change"();
