// The sign-in limit holds across app processes: two auth instances (two processes' worth of in-memory state) over
// one database share one count per client address (better-auth's database storage for its rate limiter).
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, describe, it } from "node:test";
import { betterAuth } from "better-auth";
import { closePools } from "../db/pool";
import { CLIENT_ADDRESS_HEADER } from "../http/client-address";
import { authOptions } from "./auth";

const hasDatabase = Boolean(process.env.DATABASE_URL);
const LIMIT = 3;

/** An auth instance as one app process has it, with a small sign-in limit so the test stays short. */
function processAuth() {
  const options = authOptions();
  return betterAuth({ ...options, rateLimit: { ...options.rateLimit, customRules: { "/sign-in/email": { window: 60, max: LIMIT } } } });
}

describe("the sign-in limit across processes", { skip: !hasDatabase && "needs DATABASE_URL (npm test)" }, () => {
  after(() => closePools());

  it("attempts through two processes count together", async () => {
    const processes = [processAuth(), processAuth()];
    const address = `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LIMIT + 2; attempt++) {
      const response = await processes[attempt % 2].handler(
        new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000", [CLIENT_ADDRESS_HEADER]: address },
          body: JSON.stringify({ email: `nobody-${crypto.randomUUID()}@example.com`, password: "not-the-password" }),
        }),
      );
      statuses.push(response.status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
  });
});
