import { defineConfig } from "@playwright/test";

// Run through `npm test`, which starts the database and the server and sets TAPESTRY_TEST_URL.
export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  // No retries: a test that fails once is a failure to look at (the last "flake" was a real defect of the form).
  retries: 0,
  // Several suites may share two cores: a sign-in or a staff creation (a scrypt hash) can take seconds.
  expect: { timeout: 15_000 },
  workers: 2,
  reporter: [["list"], ["json"]],
  use: {
    baseURL: process.env.TAPESTRY_TEST_URL ?? "http://127.0.0.1:3210",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
    ignoreHTTPSErrors: true,
  },
  projects: [
    { name: "api", testMatch: /(api|authz|process)\/.*\.spec\.ts/ },
    { name: "browser", testMatch: /ui\/.*\.spec\.ts/, use: { browserName: "chromium" } },
    // Property-based fuzz (fast-check): a short pass in npm test, a long one with npm run fuzz (FUZZ_SEED, FUZZ_RUNS).
    // In npm test it runs after the others, so that its large inputs do not slow their timed steps.
    { name: "fuzz", testMatch: /fuzz\/.*\.spec\.ts/, ...(process.env.FUZZ_ALONE ? {} : { dependencies: ["api", "browser"] }) },
  ],
});
