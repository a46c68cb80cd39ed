import assert from "node:assert/strict";
import { test } from "node:test";
import { canEditProfile, canManageStaff, canViewProfiles, hasRole } from "./roles";

test("roles are ordered viewer < editor < admin", () => {
  assert.equal(hasRole({ role: "viewer" }, "viewer"), true);
  assert.equal(hasRole({ role: "viewer" }, "editor"), false);
  assert.equal(hasRole({ role: "editor" }, "editor"), true);
  assert.equal(hasRole({ role: "editor" }, "admin"), false);
  assert.equal(hasRole({ role: "admin" }, "viewer"), true);
  assert.equal(hasRole({ role: "admin" }, "admin"), true);
});

test("editing needs editor, staff management needs admin", () => {
  assert.equal(canViewProfiles({ role: "viewer" }), true);
  assert.equal(canEditProfile({ role: "viewer" }), false);
  assert.equal(canEditProfile({ role: "editor" }), true);
  assert.equal(canManageStaff({ role: "editor" }), false);
  assert.equal(canManageStaff({ role: "admin" }), true);
});

test("fail closed: unknown roles, missing or inactive staff are denied", () => {
  for (const role of ["", "Admin", "root", "superadmin", null, undefined, 3, ["admin"], { toString: () => "admin" }]) {
    assert.equal(hasRole({ role }, "viewer"), false, `role ${String(role)}`);
  }
  assert.equal(hasRole(null, "viewer"), false);
  assert.equal(hasRole(undefined, "viewer"), false);
  assert.equal(hasRole({ role: "admin", active: false }, "viewer"), false);
  assert.equal(hasRole({ role: "admin" }, "owner" as never), false);
});
