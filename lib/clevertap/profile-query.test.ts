// GET /1/profile.json's query: exactly one lookup key, raw "+" kept, and text PostgreSQL cannot compare refused as a 400
// (the fuzz suite found objectId=nul%00inside answering 500).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError } from "../api/api-error";
import { profileLookupFromUrl } from "./profile-query";

describe("profile.json query", () => {
  it("reads one lookup and keeps a raw plus", () => {
    assert.deepEqual(profileLookupFromUrl("http://x/1/profile.json?email=a+b@x.io"), { email: "a+b@x.io" });
    assert.deepEqual(profileLookupFromUrl("http://x/1/profile.json?objectId=g1"), { objectId: "g1" });
  });

  it("refuses a NUL in the value as a bad request, not a database error", () => {
    for (const key of ["objectId", "identity", "email"]) {
      assert.throws(
        () => profileLookupFromUrl(`http://x/1/profile.json?${key}=nul%00inside`),
        (error: unknown) => error instanceof ApiError && error.status === 400 && /NUL/.test(error.message),
      );
    }
  });

  it("refuses broken URL encoding and zero or two lookups", () => {
    for (const query of ["objectId=%ED%A0%80", "", "identity=a&email=b@x.io"]) {
      assert.throws(
        () => profileLookupFromUrl(`http://x/1/profile.json?${query}`),
        (error: unknown) => error instanceof ApiError && error.status === 400,
      );
    }
  });
});
