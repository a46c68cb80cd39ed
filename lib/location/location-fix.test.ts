import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProfileState } from "../profiles/types";
import { locationData, readCoordinates } from "./location-fix";

const state = (properties: ProfileState["properties"]): ProfileState => ({ properties, types: {} });
const lisbon = { country: "Portugal", region: "Lisbon", city: "Lisbon" };

describe("locationData", () => {
  it("writes every key of a first place", () => {
    assert.deepEqual(locationData(state({}), { place: lisbon }), { Country: "Portugal", Region: "Lisbon", City: "Lisbon" });
  });

  it("writes nothing when the place is already the profile's", () => {
    assert.deepEqual(locationData(state({ Country: "Portugal", Region: "Lisbon", City: "Lisbon" }), { place: lisbon }), {});
  });

  it("takes a place whole: a City the new place does not know is deleted", () => {
    const data = locationData(state({ Country: "Portugal", Region: "Lisbon", City: "Lisbon" }), {
      place: { country: "Spain", region: null, city: null },
    });
    assert.deepEqual(data, { Country: "Spain", Region: { $delete: true }, City: { $delete: true } });
  });

  it("never touches a key staff pinned", () => {
    const data = locationData(
      state({ Country: "Portugal", City: "Porto" }),
      { place: { country: "Spain", region: "Madrid", city: "Madrid" } },
      new Set(["City"]),
    );
    assert.deepEqual(data, { Country: "Spain", Region: "Madrid" });
  });

  it("writes the coordinates that changed", () => {
    assert.deepEqual(locationData(state({ Latitude: 1, Longitude: 2 }), { coordinates: { latitude: 1, longitude: 3 } }), { Longitude: 3 });
  });
});

describe("readCoordinates", () => {
  it("reads getLocation's af", () =>
    assert.deepEqual(readCoordinates({ Latitude: 38.72, Longitude: -9.14 }), { latitude: 38.72, longitude: -9.14 }));
  it("ignores anything else", () => {
    for (const af of [
      undefined,
      null,
      [],
      { Latitude: "38", Longitude: 1 },
      { Latitude: 91, Longitude: 0 },
      { Latitude: 0, Longitude: 181 },
      { Latitude: Number.NaN, Longitude: 0 },
    ])
      assert.equal(readCoordinates(af), undefined, JSON.stringify(af));
  });
});
