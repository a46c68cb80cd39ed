// The list of REST endpoints matches the route files under app/1: every route is listed with the methods it serves.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { describeRestEndpoints, REST_ENDPOINTS } from "./rest-endpoints";

const ROOT = path.resolve("app/1");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith("[...") ? [] : routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** The methods a route file serves: exported handlers that are not methodNotAllowed. */
function servedMethods(source: string): string[] {
  const functions = [...source.matchAll(/export async function (GET|POST|PUT|DELETE|PATCH)\b/g)].map((m) => m[1]);
  const aliases = [...source.matchAll(/export \{([^}]*)\}/g)].flatMap((m) =>
    [...m[1].matchAll(/as (GET|POST|PUT|DELETE|PATCH)\b/g)].map((a) => a[1]),
  );
  return [...functions, ...aliases].sort();
}

describe("REST_ENDPOINTS", () => {
  it("lists every route under app/1 with the methods it serves, and nothing else", () => {
    const routes = Object.fromEntries(
      routeFiles(ROOT).map((file) => [`/1/${path.relative(ROOT, path.dirname(file))}`, servedMethods(fs.readFileSync(file, "utf8"))]),
    );
    const listed = Object.fromEntries(REST_ENDPOINTS.map((e) => [e.path, [...e.methods].sort()]));
    assert.deepEqual(listed, routes);
  });

  it("describes them in one line", () => {
    assert.match(describeRestEndpoints(), /^POST \/1\/upload, GET \/1\/profile\.json, .*GET\|POST \/1\/profiles\.json/);
  });
});
