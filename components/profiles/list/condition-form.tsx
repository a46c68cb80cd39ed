"use client";
// Adds a condition of the query engine to the list: behaviour (did / did not / at least / at most N times, in a
// window, with an event property test), purchase count or total (lifetime value), profile type, Age, first-visit
// campaign or consent. The same zod schema as the server checks it before the URL changes.
import { useState } from "react";
import { firstPage, type ListState } from "@/lib/queries/list-state";
import { CONSENT_CHANNELS, type Condition, conditionSchema, EVENT_COUNT_OPS, NUMBER_OPS, PROFILE_TYPES } from "@/lib/queries/query-schema";
import styles from "./profile-list.module.css";
import { useListNavigation } from "./use-list-navigation";

const KINDS = {
  event: "Did an event",
  purchases: "Purchases / lifetime value",
  profileType: "Profile type",
  age: "Age",
  firstVisit: "First-visit campaign",
  consent: "Consent",
} as const;
type Kind = keyof typeof KINDS;
const COUNT_LABELS = {
  did: "did",
  didNot: "did not do",
  atLeast: "at least N times",
  atMost: "at most N times",
  exactly: "exactly N times",
};
const NUMBER_LABELS = { eq: "=", gt: ">", gte: "≥", lt: "<", lte: "≤", between: "between" };
const PROP_OPS = ["", "eq", "gt", "gte", "lt", "lte", "contains"] as const;

type Draft = {
  kind: Kind;
  name: string;
  countOp: (typeof EVENT_COUNT_OPS)[number];
  n: string;
  windowKind: "any" | "last" | "between";
  lastDays: string;
  from: string;
  to: string;
  propKey: string;
  propOp: (typeof PROP_OPS)[number];
  propValue: string;
  measure: "sum" | "count";
  numberOp: (typeof NUMBER_OPS)[number];
  value: string;
  value2: string;
  type: (typeof PROFILE_TYPES)[number];
  field: "source" | "medium" | "campaign";
  textOp: "eq" | "contains" | "set" | "notset";
  text: string;
  channel: (typeof CONSENT_CHANNELS)[number];
  consent: "in" | "out" | "unset";
};

const INITIAL: Draft = {
  kind: "event",
  name: "Charged",
  countOp: "atLeast",
  n: "2",
  windowKind: "last",
  lastDays: "30",
  from: "",
  to: "",
  propKey: "",
  propOp: "",
  propValue: "",
  measure: "sum",
  numberOp: "gt",
  value: "",
  value2: "",
  type: "customer",
  field: "source",
  textOp: "eq",
  text: "",
  channel: "email",
  consent: "in",
};

function toCondition(d: Draft): unknown {
  const when =
    d.windowKind === "last" ? { lastDays: Number(d.lastDays) } : d.windowKind === "between" ? { from: d.from, to: d.to } : undefined;
  const numeric = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));
  const test = { op: d.numberOp, value: numeric(d.value), ...(d.numberOp === "between" ? { value2: numeric(d.value2) } : {}) };
  switch (d.kind) {
    case "event": {
      const where =
        d.propKey && d.propOp
          ? [
              {
                key: d.propKey,
                op: d.propOp,
                value:
                  d.propOp === "contains" || Number.isNaN(Number(d.propValue)) || d.propValue.trim() === ""
                    ? d.propValue
                    : Number(d.propValue),
              },
            ]
          : [];
      return {
        kind: "event",
        name: d.name,
        op: d.countOp,
        ...(d.countOp === "did" || d.countOp === "didNot" ? {} : { n: numeric(d.n) }),
        when,
        where,
      };
    }
    case "purchases":
      return { kind: "purchases", measure: d.measure, when, ...test };
    case "age":
      return { kind: "age", ...test };
    case "profileType":
      return { kind: "profileType", type: d.type };
    case "firstVisit":
      return {
        kind: "firstVisit",
        field: d.field,
        op: d.textOp,
        ...(d.textOp === "eq" || d.textOp === "contains" ? { value: d.text } : {}),
      };
    case "consent":
      return { kind: "consent", channel: d.channel, state: d.consent };
  }
}

export function ConditionForm({ state, events }: { state: ListState; events: string[] }) {
  const { go, pending } = useListNavigation();
  const [d, setD] = useState<Draft>(INITIAL);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });

  const add = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = conditionSchema.safeParse(toCondition(d));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setError(issue ? `${issue.path.join(" ") || "condition"}: ${issue.message}` : "This condition is not valid");
      return;
    }
    setError(null);
    go(firstPage({ ...state, conditions: [...state.conditions, parsed.data as Condition] }));
  };

  const windowFields = (
    <>
      <label className={styles.field}>
        When
        <select value={d.windowKind} onChange={(e) => set({ windowKind: e.target.value as Draft["windowKind"] })}>
          <option value="any">any time</option>
          <option value="last">in the last N days</option>
          <option value="between">between two dates</option>
        </select>
      </label>
      {d.windowKind === "last" && (
        <label className={styles.field}>
          Days
          <input type="number" min={1} value={d.lastDays} onChange={(e) => set({ lastDays: e.target.value })} />
        </label>
      )}
      {d.windowKind === "between" && (
        <>
          <label className={styles.field}>
            From
            <input type="date" value={d.from} onChange={(e) => set({ from: e.target.value })} />
          </label>
          <label className={styles.field}>
            To
            <input type="date" value={d.to} onChange={(e) => set({ to: e.target.value })} />
          </label>
        </>
      )}
    </>
  );
  const numberFields = (label: string) => (
    <>
      <label className={styles.field}>
        {label}
        <select value={d.numberOp} onChange={(e) => set({ numberOp: e.target.value as Draft["numberOp"] })}>
          {NUMBER_OPS.map((op) => (
            <option key={op} value={op}>
              {NUMBER_LABELS[op]}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.field}>
        {d.numberOp === "between" ? "From" : "Value"}
        <input type="number" value={d.value} onChange={(e) => set({ value: e.target.value })} />
      </label>
      {d.numberOp === "between" && (
        <label className={styles.field}>
          To
          <input type="number" value={d.value2} onChange={(e) => set({ value2: e.target.value })} />
        </label>
      )}
    </>
  );

  return (
    <form className={styles.bar} onSubmit={add} aria-label="Add a condition" noValidate>
      <label className={styles.field}>
        Condition on
        <select value={d.kind} onChange={(e) => set({ kind: e.target.value as Kind })}>
          {Object.entries(KINDS).map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {d.kind === "event" && (
        <>
          <label className={styles.field}>
            Event
            <input list="profile-list-events" value={d.name} maxLength={512} onChange={(e) => set({ name: e.target.value })} />
            <datalist id="profile-list-events">
              {events.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </label>
          <label className={styles.field}>
            How often
            <select value={d.countOp} onChange={(e) => set({ countOp: e.target.value as Draft["countOp"] })}>
              {EVENT_COUNT_OPS.map((op) => (
                <option key={op} value={op}>
                  {COUNT_LABELS[op]}
                </option>
              ))}
            </select>
          </label>
          {d.countOp !== "did" && d.countOp !== "didNot" && (
            <label className={styles.field}>
              N
              <input type="number" min={0} value={d.n} onChange={(e) => set({ n: e.target.value })} />
            </label>
          )}
          {windowFields}
          <label className={styles.field}>
            Event property (optional)
            <input value={d.propKey} maxLength={120} placeholder="e.g. Amount" onChange={(e) => set({ propKey: e.target.value })} />
          </label>
          <label className={styles.field}>
            Test
            <select value={d.propOp} onChange={(e) => set({ propOp: e.target.value as Draft["propOp"] })}>
              {PROP_OPS.map((op) => (
                <option key={op} value={op}>
                  {op === "" ? "—" : op === "contains" ? "contains" : NUMBER_LABELS[op as keyof typeof NUMBER_LABELS]}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.field}>
            Property value
            <input value={d.propValue} maxLength={512} onChange={(e) => set({ propValue: e.target.value })} />
          </label>
        </>
      )}
      {d.kind === "purchases" && (
        <>
          <label className={styles.field}>
            Measure
            <select value={d.measure} onChange={(e) => set({ measure: e.target.value as Draft["measure"] })}>
              <option value="sum">total of Charged Amount (LTV)</option>
              <option value="count">number of purchases</option>
            </select>
          </label>
          {numberFields("is")}
          {windowFields}
        </>
      )}
      {d.kind === "age" && numberFields("Age is")}
      {d.kind === "profileType" && (
        <label className={styles.field}>
          Type
          <select value={d.type} onChange={(e) => set({ type: e.target.value as Draft["type"] })}>
            {PROFILE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t[0].toUpperCase() + t.slice(1)}
              </option>
            ))}
          </select>
        </label>
      )}
      {d.kind === "firstVisit" && (
        <>
          <label className={styles.field}>
            Field
            <select value={d.field} onChange={(e) => set({ field: e.target.value as Draft["field"] })}>
              <option value="source">UTM source</option>
              <option value="medium">UTM medium</option>
              <option value="campaign">UTM campaign</option>
            </select>
          </label>
          <label className={styles.field}>
            Test
            <select value={d.textOp} onChange={(e) => set({ textOp: e.target.value as Draft["textOp"] })}>
              <option value="eq">equals</option>
              <option value="contains">contains</option>
              <option value="set">is set</option>
              <option value="notset">is not set</option>
            </select>
          </label>
          {(d.textOp === "eq" || d.textOp === "contains") && (
            <label className={styles.field}>
              Value
              <input value={d.text} maxLength={512} onChange={(e) => set({ text: e.target.value })} />
            </label>
          )}
        </>
      )}
      {d.kind === "consent" && (
        <>
          <label className={styles.field}>
            Channel
            <select value={d.channel} onChange={(e) => set({ channel: e.target.value as Draft["channel"] })}>
              {CONSENT_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  MSG-{c}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.field}>
            State
            <select value={d.consent} onChange={(e) => set({ consent: e.target.value as Draft["consent"] })}>
              <option value="in">opted in</option>
              <option value="out">opted out</option>
              <option value="unset">not set</option>
            </select>
          </label>
        </>
      )}
      <button type="submit" className={styles.button} disabled={pending}>
        Add condition
      </button>
      <p className={styles.error} role="alert">
        {error}
      </p>
    </form>
  );
}
