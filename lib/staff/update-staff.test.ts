// Against the real database (npm test provides it): two admins demoting or deactivating each other at the same
// moment must leave one admin. The rule counts every active admin, so the other ones are set aside meanwhile.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import { closePools, pool } from "../db/pool";
import { changeStaffRole, StaffRuleError, setStaffActive } from "./update-staff";

const createAdmin = async () => {
  const id = crypto.randomUUID();
  await pool().query("INSERT INTO staff_user (id, name, email, role, active) VALUES ($1, 'Race admin', $2, 'admin', true)", [
    id,
    `${id}@race.test`,
  ]);
  return id;
};
const activeAdmins = async (ids: string[]) =>
  (await pool().query("SELECT id FROM staff_user WHERE role = 'admin' AND active AND id = ANY($1)", [ids])).rowCount;

describe("the last active admin under concurrency", () => {
  let setAside: string[] = [];
  before(async () => {
    const { rows } = await pool().query<{ id: string }>(
      "UPDATE staff_user SET active = false WHERE role = 'admin' AND active RETURNING id",
    );
    setAside = rows.map((row) => row.id);
  });
  after(async () => {
    await pool().query("UPDATE staff_user SET active = true WHERE id = ANY($1)", [setAside]);
    await closePools();
  });

  it("two admins demoting each other at once: one succeeds, one is refused, one admin remains", async () => {
    for (let round = 0; round < 8; round++) {
      const [a, b] = [await createAdmin(), await createAdmin()];
      const results = await Promise.allSettled([changeStaffRole(a, "viewer"), changeStaffRole(b, "editor")]);
      assert.equal(await activeAdmins([a, b]), 1, `round ${round}`);
      assert.equal(results.filter((r) => r.status === "rejected" && r.reason instanceof StaffRuleError).length, 1);
      await pool().query("UPDATE staff_user SET active = false WHERE id = ANY($1)", [[a, b]]);
    }
  });

  it("two admins deactivating each other at once leave one active admin", async () => {
    for (let round = 0; round < 8; round++) {
      const [a, b] = [await createAdmin(), await createAdmin()];
      await Promise.allSettled([setStaffActive(a, false), setStaffActive(b, false)]);
      assert.equal(await activeAdmins([a, b]), 1, `round ${round}`);
      await pool().query("UPDATE staff_user SET active = false WHERE id = ANY($1)", [[a, b]]);
    }
  });
});
