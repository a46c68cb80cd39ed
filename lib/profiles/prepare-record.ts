// The checks of a record that need no stored state: its event, its identity values (placeholders refused per key).
// Pure; a broken rule rejects the record whole.
import { type EventProperties, validateEvent } from "../events/validate-event";
import { identityClaims } from "./identity-claims";
import type { DomainRecord } from "./records";
import { refuseJunk } from "./resolve-target";
import { type ChangeContext, type IdentityClaim, RuleViolation } from "./types";

export type Prepared =
  | {
      record: DomainRecord;
      context: ChangeContext;
      /** The identities the record's data asserts, placeholders left out. */
      claims: IdentityClaim[];
      /** Identity keys refused before any state is read (placeholders). */
      refused: RuleViolation[];
      event: { name: string; properties: EventProperties } | null;
      /** Made by the engine to bring a device's place to its profile: applied only when it changes something. */
      locationOnly?: boolean;
    }
  | { record: DomainRecord; error: RuleViolation };
export type Accepted = Extract<Prepared, { claims: IdentityClaim[] }>;

export function prepareRecord(record: DomainRecord, callContext: ChangeContext, junk: ReadonlySet<string>): Prepared {
  const context = record.context ?? callContext;
  try {
    if (record.kind === "event") return { record, context, claims: [], refused: [], event: validateEvent(record.name, record.data) };
    const { claims, refused } = refuseJunk(identityClaims(record.data), junk);
    return { record, context, claims, refused, event: null };
  } catch (error) {
    if (error instanceof RuleViolation) return { record, error };
    throw error;
  }
}

/** Is this record only activity of a device (an event, or a profile record without data, i.e. a ping)? A staff move
 * of the device is not. */
export const isActivity = (p: Accepted): boolean =>
  p.record.target.by === "device" &&
  p.record.target.moveTo === undefined &&
  p.claims.length === 0 &&
  p.refused.length === 0 &&
  (p.record.kind === "event" || Object.keys(p.record.data).length === 0);
