import assert from "node:assert/strict";
import test from "node:test";
import { scrubAnswer } from "./scrub-idempotency-answers";

const answer = {
  status: "partial",
  processed: 3,
  unprocessed: [
    {
      status: "fail",
      code: 514,
      error: 'Gender "robot" is not M, F, O or U',
      record: { identity: "Eve@Example.com", profileData: { Gender: "robot" } },
    },
    { status: "fail", code: 523, error: "Missing identity", record: { profileData: { Name: "Somebody else" } } },
  ],
};

test("a refused record naming the person (any case, nested) loses its echo and message; codes and counts stay", () => {
  const scrubbed = scrubAnswer(answer, new Set(["eve@example.com"]));
  assert.equal(scrubbed?.processed, 3);
  assert.equal(scrubbed?.unprocessed[0].record, null);
  assert.equal(scrubbed?.unprocessed[0].code, 514);
  assert.match(scrubbed?.unprocessed[0].error ?? "", /erased/);
  assert.deepEqual(scrubbed?.unprocessed[1], answer.unprocessed[1]);
});

test("an answer naming nobody erased is left alone; a value only inside another word does not match", () => {
  assert.equal(scrubAnswer(answer, new Set(["ada@example.com"])), null);
  assert.equal(scrubAnswer(answer, new Set(["some"])), null);
});
