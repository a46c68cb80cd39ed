// A realistic, deterministic demo data set written through the profile engine (applyRecords), so it obeys every
// rule the API does: identified users who logged in on a device, anonymous visitors with page views, anonymous
// devices that later logged in as an existing user (merges), purchases (Charged with Items) and consents that
// are on, off or not set.
import crypto from "node:crypto";
import { faker } from "@faker-js/faker";
import { applyRecords } from "../profiles/apply-records";
import { toWireDate } from "../profiles/dates";
import type { DomainRecord } from "../profiles/records";

export type SeedSize = { identified: number; anonymous: number; merged: number; buyers: number };
export const DEFAULT_SEED_SIZE: SeedSize = { identified: 2500, anonymous: 1500, merged: 400, buyers: 900 };
const BATCH = 500;
const DAY = 86_400_000;

const PAGES = ["/", "/shop", "/shop/shoes", "/shop/jackets", "/sale", "/about", "/blog/spring-lookbook", "/cart", "/help/returns"];
const PRODUCTS = ["Trail Runner", "Rain Jacket", "Wool Socks", "Canvas Tote", "Merino Tee", "Down Vest", "Sun Hat", "Hiking Boots"];
const PLANS = ["free", "plus", "pro"];

/** A guid the way the Web SDK makes them: 32 hex characters, from the seeded faker. */
const guid = () => faker.string.hexadecimal({ length: 32, casing: "lower", prefix: "" });
const consent = () =>
  faker.helpers.weightedArrayElement([
    { weight: 5, value: true },
    { weight: 2, value: false },
    { weight: 3, value: undefined },
  ]);
const pastDate = (days: number, from: Date) => new Date(from.getTime() - faker.number.int({ min: 0, max: days * DAY }));

function pageViews(target: DomainRecord["target"], count: number, around: Date): DomainRecord[] {
  return Array.from({ length: count }, () => {
    const page = faker.helpers.arrayElement(PAGES);
    return {
      kind: "event" as const,
      target,
      name: "Page Viewed",
      data: {
        URL: `https://shop.example${page}`,
        Referrer: faker.helpers.arrayElement(["", "https://www.google.com/", "https://news.example/"]),
      },
      at: pastDate(3, around),
    };
  });
}

async function write(accountId: string, records: DomainRecord[]): Promise<number> {
  let failed = 0;
  for (let start = 0; start < records.length; start += BATCH) {
    const outcomes = await applyRecords({
      accountId,
      records: records.slice(start, start + BATCH),
      context: { source: "import", actor: "demo-seed", requestId: `seed-${crypto.randomUUID()}` },
    });
    failed += outcomes.filter((outcome) => !outcome.ok).length;
  }
  return failed;
}

export type SeedReport = { profiles: number; records: number; rejected: number; ms: number };

export async function seedDemo(options: { accountId: string; size?: SeedSize; now?: Date; seed?: number }): Promise<SeedReport> {
  const started = Date.now();
  const size = options.size ?? DEFAULT_SEED_SIZE;
  const now = options.now ?? new Date();
  faker.seed(options.seed ?? 20261129);
  const people: { identity: string; device: string }[] = [];
  const logins: DomainRecord[] = [];
  const activity: DomainRecord[] = [];

  for (let index = 0; index < size.identified; index++) {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const identity = `user-${String(index + 1).padStart(5, "0")}`;
    const device = guid();
    const seen = pastDate(180, now);
    const data: Record<string, unknown> = {
      Identity: identity,
      Name: `${first} ${last}`,
      Email: faker.internet.email({ firstName: first, lastName: last, provider: "example.com" }).toLowerCase(),
      Gender: faker.helpers.arrayElement(["M", "F", "O", "U"]),
      DOB: toWireDate(Math.floor(faker.date.birthdate({ mode: "age", min: 18, max: 80 }).getTime() / 1000 / 86400) * 86400),
      City: faker.location.city(),
      Plan: faker.helpers.arrayElement(PLANS),
      Points: faker.number.int({ min: 0, max: 5000 }),
      Newsletter: faker.datatype.boolean(),
      Interests: faker.helpers.arrayElements(["running", "hiking", "cycling", "yoga", "travel", "photography"], { min: 1, max: 3 }),
    };
    if (faker.datatype.boolean(0.7)) data.Phone = `+1${faker.string.numeric({ length: 10, allowLeadingZeros: false })}`;
    for (const key of ["MSG-email", "MSG-push", "MSG-sms", "MSG-whatsapp"]) {
      const value = consent();
      if (value !== undefined) data[key] = value;
    }
    people.push({ identity, device });
    // The SDK's onUserLogin: identity keys pushed from a device.
    logins.push({ kind: "profile", target: { by: "device", guid: device }, data, at: seen });
    activity.push(...pageViews({ by: "device", guid: device }, faker.number.int({ min: 1, max: 4 }), seen));
  }

  for (let index = 0; index < size.anonymous; index++) {
    const device = guid();
    activity.push(...pageViews({ by: "device", guid: device }, faker.number.int({ min: 1, max: 5 }), pastDate(60, now)));
  }

  // Anonymous browsing first, then a login on that device as an existing user: the device joins that user.
  const anonymousFirst: DomainRecord[] = [];
  const laterLogins: DomainRecord[] = [];
  for (const person of faker.helpers.arrayElements(people, Math.min(size.merged, people.length))) {
    const device = guid();
    const browsed = pastDate(30, now);
    anonymousFirst.push(...pageViews({ by: "device", guid: device }, faker.number.int({ min: 1, max: 3 }), browsed));
    laterLogins.push({
      kind: "profile",
      target: { by: "device", guid: device },
      data: { Identity: person.identity },
      at: new Date(Math.min(now.getTime(), browsed.getTime() + 3_600_000)),
    });
  }

  const purchases: DomainRecord[] = [];
  for (const person of faker.helpers.arrayElements(people, Math.min(size.buyers, people.length))) {
    for (let order = faker.number.int({ min: 1, max: 3 }); order > 0; order--) {
      const items = Array.from({ length: faker.number.int({ min: 1, max: 3 }) }, () => ({
        Product: faker.helpers.arrayElement(PRODUCTS),
        Quantity: faker.number.int({ min: 1, max: 3 }),
        Price: Number(faker.commerce.price({ min: 9, max: 240 })),
      }));
      const amount = Math.round(items.reduce((sum, item) => sum + item.Price * item.Quantity, 0) * 100) / 100;
      purchases.push({
        kind: "event",
        target: { by: "identity", value: person.identity },
        name: "Charged",
        data: {
          Amount: amount,
          "Payment mode": faker.helpers.arrayElement(["Card", "PayPal", "Gift card"]),
          "Charged ID": faker.string.alphanumeric(10),
          Items: items,
        },
        at: pastDate(90, now),
      });
    }
  }

  const batches = [logins, activity, anonymousFirst, laterLogins, purchases];
  let rejected = 0;
  for (const records of batches) rejected += await write(options.accountId, records);
  return {
    profiles: size.identified + size.anonymous + size.merged,
    records: batches.reduce((sum, records) => sum + records.length, 0),
    rejected,
    ms: Date.now() - started,
  };
}
