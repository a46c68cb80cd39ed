import assert from "node:assert/strict";
import { test } from "node:test";
import { deletePropertySchema, editConsentSchema, editPropertySchema, toFormValue, toProfileData } from "./edit-property-schema";

const target = { profileId: "7", expectedVersion: "3", seenChangeSetId: "0" };

test("each type accepts what fits it and names the problem otherwise", () => {
  const check = (type: string, value: string) => editPropertySchema.safeParse({ ...target, key: "K", type, value });
  assert.equal(check("integer", "42").success, true);
  assert.equal(check("integer", "4.2").success, false);
  assert.equal(check("float", "4.25").success, true);
  assert.equal(check("float", "abc").success, false);
  assert.equal(check("boolean", "true").success, true);
  assert.equal(check("boolean", "yes").success, false);
  assert.equal(check("date", "2024-02-29").success, true);
  assert.equal(check("date", "2023-02-29").success, false);
  assert.equal(check("list", "a\nb").success, true);
  assert.equal(check("list", " \n ").success, false);
  assert.equal(check("string", "").success, false);
  assert.equal(check("object", "x").success, false);
  const bad = check("integer", "x");
  assert.equal(bad.success, false);
  assert.deepEqual(
    bad.error?.issues.map((issue) => [issue.path.join("."), issue.message]),
    [["value", "Enter a whole number."]],
  );
});

test("edits become the API's profile data", () => {
  assert.deepEqual(toProfileData({ key: "Points", type: "integer", value: " 42 " }), { Points: 42 });
  assert.deepEqual(toProfileData({ key: "VIP", type: "boolean", value: "false" }), { VIP: false });
  assert.deepEqual(toProfileData({ key: "Since", type: "date", value: "2024-01-02" }), { Since: "$D_1704153600" });
  assert.deepEqual(toProfileData({ key: "Tags", type: "list", value: "a\n b \n\nc" }), { Tags: { $set: ["a", "b", "c"] } });
  assert.equal(toFormValue("date", 1704153600, "DOB"), "2024-01-02");
  assert.equal(toFormValue("list", ["a", "b"]), "a\nb");
});

test("a consent change needs a known key, on/off and a reason", () => {
  assert.equal(editConsentSchema.safeParse({ ...target, key: "MSG-sms", value: "off", reason: "asked us" }).success, true);
  assert.equal(editConsentSchema.safeParse({ ...target, key: "MSG-sms", value: "off", reason: " " }).success, false);
  assert.equal(editConsentSchema.safeParse({ ...target, key: "MSG-fax", value: "off", reason: "asked us" }).success, false);
  assert.equal(editConsentSchema.safeParse({ ...target, key: "MSG-sms", value: "maybe", reason: "asked us" }).success, false);
});

test("a consent can be set back to not set, with a reason", () => {
  assert.equal(editConsentSchema.safeParse({ ...target, key: "MSG-email", value: "unset", reason: "asked us" }).success, true);
  assert.equal(editConsentSchema.safeParse({ ...target, key: "MSG-email", value: "unset", reason: "" }).success, false);
});

test("setting or deleting an MSG-* key as a property needs a reason too; other keys do not", () => {
  const set = { ...target, key: "MSG-whatsapp", type: "boolean", value: "true" };
  const noReason = editPropertySchema.safeParse(set);
  assert.equal(noReason.success, false);
  assert.deepEqual(
    noReason.error?.issues.map((issue) => issue.path.join(".")),
    ["reason"],
  );
  assert.equal(editPropertySchema.safeParse({ ...set, reason: "opted in at the desk" }).success, true);
  assert.equal(editPropertySchema.safeParse({ ...set, key: " MSG-whatsapp ", reason: "" }).success, false);
  assert.equal(editPropertySchema.safeParse({ ...set, key: "Plan", type: "string", value: "pro" }).success, true);
  assert.equal(deletePropertySchema.safeParse({ ...target, key: "MSG-push" }).success, false);
  assert.equal(deletePropertySchema.safeParse({ ...target, key: "MSG-push", reason: "asked us" }).success, true);
  assert.equal(deletePropertySchema.safeParse({ ...target, key: "Plan" }).success, true);
});

test("a date-time keeps its time to the second (UTC); a calendar-date key (DOB) stays a day", () => {
  const check = (key: string, value: string) => editPropertySchema.safeParse({ ...target, key, type: "date", value });
  // 2026-11-04 13:05:09 UTC
  assert.deepEqual(toProfileData({ key: "Last Order", type: "date", value: "2026-11-04T13:05:09" }), { "Last Order": "$D_1793797509" });
  assert.deepEqual(toProfileData({ key: "Last Order", type: "date", value: "2026-11-04T13:05" }), { "Last Order": "$D_1793797500" });
  assert.deepEqual(toProfileData({ key: "Last Order", type: "date", value: "2026-11-04T14:05:09+01:00" }), {
    "Last Order": "$D_1793797509",
  });
  assert.equal(toFormValue("date", 1793797509, "Last Order"), "2026-11-04T13:05:09");
  assert.equal(toFormValue("date", 1793797509), "2026-11-04T13:05:09");
  assert.equal(check("Last Order", "2026-11-04T25:00:00").success, false);
  assert.deepEqual(
    check("Last Order", "2026-11-04T25:00:00").error?.issues.map((issue) => issue.message),
    ["Enter a real date and time (UTC) as YYYY-MM-DD hh:mm:ss."],
  );
  // DOB is a day: a time is refused rather than silently dropped.
  assert.deepEqual(toProfileData({ key: "DOB", type: "date", value: "2006-08-10" }), { DOB: "$D_1155168000" });
  assert.equal(check("DOB", "2006-08-10T10:00:00").success, false);
  assert.equal(toFormValue("date", 1155168000, "DOB"), "2006-08-10");
});
