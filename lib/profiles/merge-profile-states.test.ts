import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mergeProfileStates } from "./merge-profile-states";
import { restoreChanges } from "./restore-changes";
import type { ProfileState } from "./types";

const state = (properties: ProfileState["properties"], types: ProfileState["types"] = {}): ProfileState => ({ properties, types });

describe("the merge rule", () => {
  it("keeps the survivor's value where both have one, copies what only the other has, lists every conflict, leaves consents out", () => {
    const merged = mergeProfileStates(
      state({ Plan: "pro", Score: 3, Tags: ["a"] }, { Plan: "string", Score: "integer", Tags: "list" }),
      state(
        { Plan: "free", Score: 3, Tags: ["b"], Born: 86400, "MSG-email": false },
        { Plan: "string", Score: "integer", Tags: "list", Born: "date", "MSG-email": "boolean" },
      ),
    );
    assert.deepEqual(merged.state, {
      properties: { Plan: "pro", Score: 3, Tags: ["a"], Born: 86400 },
      types: { Plan: "string", Score: "integer", Tags: "list", Born: "date" },
    });
    assert.deepEqual(
      merged.conflicts.map((c) => [c.key, c.winner]),
      [
        ["Plan", "survivor"],
        ["Tags", "survivor"],
      ],
    );
    assert.deepEqual(merged.copied, ["Born"]);
    assert.deepEqual(merged.changes, [{ key: "Born", operation: "set", oldValue: null, oldType: null, newValue: 86400, newType: "date" }]);
  });
});

describe("restoring a change set", () => {
  it("gives back the values before it where they still stand, and keeps a value changed since", () => {
    const before = state({ Plan: "pro", Tier: "a" }, { Plan: "string", Tier: "string" });
    const merged = mergeProfileStates(before, state({ Plan: "x", Tier: "b", New: 1, Other: true }, { New: "integer", Other: "boolean" }));
    const later = state({ ...merged.state.properties, Other: false }, merged.state.types);
    const restored = restoreChanges(later, merged.changes);
    assert.deepEqual(restored.keptSince, ["Other"]);
    assert.deepEqual(restored.state.properties, { Plan: "pro", Tier: "a", Other: false });
    assert.deepEqual(
      restored.changes.map((c) => [c.key, c.operation]),
      [["New", "delete"]],
    );
  });
});
