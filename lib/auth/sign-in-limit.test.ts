// The sign-in limit holds across app processes: attempts made by two separate Node processes, each with its own auth
// instance over the one database, count together (better-auth's database storage for its rate limiter; its memory
// storage would give each process a limit of its own).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";

const hasDatabase = Boolean(process.env.DATABASE_URL);
const LIMIT = 3;

/** Runs `attempts` failed sign-ins from `address` in a process of its own; returns their HTTP statuses. */
async function attemptsInAProcess(address: string, attempts: number): Promise<number[]> {
  const script = `
    const { betterAuth } = await import("better-auth");
    const { authOptions } = await import(${JSON.stringify(path.resolve("lib/auth/auth.ts"))});
    const { CLIENT_ADDRESS_HEADER } = await import(${JSON.stringify(path.resolve("lib/http/client-address.ts"))});
    const options = authOptions();
    const rules = { "/sign-in/email": { window: 60, max: ${LIMIT} } };
    const auth = betterAuth({ ...options, rateLimit: { ...options.rateLimit, customRules: rules } });
    const statuses = [];
    for (let n = 0; n < ${attempts}; n++) {
      const response = await auth.handler(new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: "http://127.0.0.1:3000",
          [CLIENT_ADDRESS_HEADER]: ${JSON.stringify(address)},
        },
        body: JSON.stringify({ email: "nobody-" + crypto.randomUUID() + "@example.com", password: "not-the-password" }),
      }));
      statuses.push(response.status);
    }
    console.log(JSON.stringify(statuses));
    process.exit(0);
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: process.env,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!) as number[];
}

describe("the sign-in limit across processes", { skip: !hasDatabase && "needs DATABASE_URL (npm test)" }, () => {
  it("attempts through two processes count together", async () => {
    const address = `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
    assert.deepEqual(await attemptsInAProcess(address, LIMIT), [401, 401, 401]);
    assert.deepEqual(await attemptsInAProcess(address, 2), [429, 429]);
  });
});
