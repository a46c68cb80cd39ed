import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError } from "../api/api-error";
import { deleteLookups } from "./delete-request";

describe("deleteLookups", () => {
  it("matches an identity as an Identity exactly, a guid as a device", () => {
    assert.deepEqual(deleteLookups({ identity: ["a@x.test", 42] }), [
      { kind: "Identity", value: "a@x.test" },
      { kind: "Identity", value: "42" },
    ]);
    assert.deepEqual(deleteLookups({ guid: "g1" }), [{ objectId: "g1" }]);
  });

  it("refuses a value PostgreSQL cannot store as a bad request, not a database error", () => {
    for (const value of ["nul\u0000inside", "half\ud800"])
      assert.throws(
        () => deleteLookups({ identity: value }),
        (error: unknown) => error instanceof ApiError && error.status === 400,
      );
  });
});
