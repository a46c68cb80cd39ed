-- Sort indexes made on demand (issue 12 §6): the first time the profile list sorts by a custom property that has no
-- declared index (TAPESTRY_INDEXED_PROPERTIES), the app builds one in the background (CREATE INDEX CONCURRENTLY)
-- and records it here: which key, its index, when it was asked for, built and last used. The number is bounded
-- (TAPESTRY_SORT_INDEX_LIMIT): every index on profile costs each profile write. lib/queries/list-sort-indexes.ts.
CREATE TABLE "property_sort_index" (
    "key" TEXT NOT NULL,
    "index_name" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "requested_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ready_at" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "error" TEXT,

    CONSTRAINT "property_sort_index_pkey" PRIMARY KEY ("key")
);
