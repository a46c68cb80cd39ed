"use client";
// Search box, the active filters (removable chips) and the form that adds one. Every change starts from page 1.
import { useState } from "react";
import { MAX_KEY_BYTES } from "@/lib/profiles/limits";
import { filterText, OP_LABELS, SYSTEM_FIELD_LABELS } from "@/lib/queries/list-filter-text";
import { FILTER_OPS, type FilterOp, filterSchema, firstPage, type ListState, OPS_WITHOUT_VALUE } from "@/lib/queries/list-state";
import { conditionText } from "@/lib/queries/query-condition-text";
import styles from "./profile-list.module.css";
import { useListNavigation } from "./use-list-navigation";

export function SearchAndFilters({ state, keys }: { state: ListState; keys: { key: string; type: string }[] }) {
  const { go, pending } = useListNavigation();
  const [q, setQ] = useState(state.q);
  const [draft, setDraft] = useState<{ key: string; op: FilterOp; value: string; value2: string }>({
    key: "",
    op: "eq",
    value: "",
    value2: "",
  });
  const [error, setError] = useState<string | null>(null);

  const addFilter = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = filterSchema.safeParse(draft);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "This filter is not valid");
      return;
    }
    setError(null);
    go(firstPage({ ...state, filters: [...state.filters, parsed.data] }));
    setDraft({ ...draft, value: "", value2: "" });
  };
  const needsValue = !OPS_WITHOUT_VALUE.includes(draft.op);
  const type = keys.find((k) => k.key === draft.key)?.type ?? (draft.key.startsWith("$") ? "date" : undefined);
  const inputType = type === "date" && ["gt", "lt", "between", "eq"].includes(draft.op) ? "date" : "text";

  return (
    <div className={styles.list}>
      <search>
        <form
          className={styles.bar}
          onSubmit={(e) => {
            e.preventDefault();
            go(firstPage({ ...state, q: q.trim() }));
          }}
        >
          <label className={styles.field}>
            Search by name, email, identity, phone or device id (prefix)
            <input
              type="search"
              name="q"
              value={q}
              maxLength={200}
              onChange={(e) => setQ(e.target.value)}
              placeholder="e.g. maria, +1415, cust-42"
            />
          </label>
          <button type="submit" className={styles.button} disabled={pending}>
            Search
          </button>
          {state.q && (
            <button
              type="button"
              className={styles.button}
              onClick={() => {
                setQ("");
                go(firstPage({ ...state, q: "" }));
              }}
            >
              Clear search
            </button>
          )}
        </form>
      </search>

      {state.filters.length > 0 && (
        <ul className={styles.chips} aria-label="Active filters">
          {state.filters.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: filters have no id (two may be equal); the URL rebuilds the list
            <li key={`${i}-${f.key}`} className={styles.chip}>
              {filterText(f)}
              <button
                type="button"
                aria-label={`Remove filter ${filterText(f)}`}
                onClick={() => go(firstPage({ ...state, filters: state.filters.filter((_, j) => j !== i) }))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}

      {state.conditions.length > 0 && (
        <ul className={styles.chips} aria-label="Active conditions">
          {state.conditions.map((c, i) => (
            // A condition has no id (two may be equal); the list is rebuilt from the URL on every change.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={`${i}-${c.kind}`} className={styles.chip} data-testid="condition-chip">
              {conditionText(c)}
              <button
                type="button"
                aria-label={`Remove condition ${conditionText(c)}`}
                onClick={() => go(firstPage({ ...state, conditions: state.conditions.filter((_, j) => j !== i) }))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}

      <form className={styles.bar} onSubmit={addFilter} aria-label="Add a filter" noValidate>
        <label className={styles.field}>
          Property
          <input
            list="profile-list-keys"
            value={draft.key}
            maxLength={MAX_KEY_BYTES}
            required
            onChange={(e) => setDraft({ ...draft, key: e.target.value })}
            placeholder="e.g. Plan"
            aria-describedby={error ? "filter-error" : undefined}
          />
          <datalist id="profile-list-keys">
            {Object.entries(SYSTEM_FIELD_LABELS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
            {keys.map((k) => (
              <option key={k.key} value={k.key}>
                {k.type}
              </option>
            ))}
          </datalist>
        </label>
        <label className={styles.field}>
          Condition
          <select value={draft.op} onChange={(e) => setDraft({ ...draft, op: e.target.value as FilterOp })}>
            {FILTER_OPS.map((op) => (
              <option key={op} value={op}>
                {OP_LABELS[op]}
              </option>
            ))}
          </select>
        </label>
        {needsValue && (
          <label className={styles.field}>
            {draft.op === "between" ? "From" : "Value"}
            <input type={inputType} value={draft.value} maxLength={512} onChange={(e) => setDraft({ ...draft, value: e.target.value })} />
          </label>
        )}
        {draft.op === "between" && (
          <label className={styles.field}>
            To
            <input type={inputType} value={draft.value2} maxLength={512} onChange={(e) => setDraft({ ...draft, value2: e.target.value })} />
          </label>
        )}
        <button type="submit" className={styles.button} disabled={pending}>
          Add filter
        </button>
        <p id="filter-error" className={styles.error} role="alert">
          {error}
        </p>
      </form>
    </div>
  );
}
