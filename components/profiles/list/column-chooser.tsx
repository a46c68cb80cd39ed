"use client";
// Which columns the table shows (standard ones and any property). Kept in the URL like the rest of the view.
import { useState } from "react";
import { columnLabel } from "@/lib/queries/list-columns";
import { DEFAULT_COLUMNS, type ListState, STANDARD_COLUMNS } from "@/lib/queries/list-state";
import styles from "./profile-list.module.css";
import { useListNavigation } from "./use-list-navigation";

export function ColumnChooser({ state, keys }: { state: ListState; keys: { key: string; type: string }[] }) {
  const { go } = useListNavigation();
  const offered = [
    ...STANDARD_COLUMNS,
    ...keys.map((k) => `p:${k.key}`),
    ...state.cols.filter((c) => c.startsWith("p:") && !keys.some((k) => `p:${k.key}` === c)),
  ];
  const [chosen, setChosen] = useState<string[]>(state.cols);
  const toggle = (col: string) => setChosen((now) => (now.includes(col) ? now.filter((c) => c !== col) : [...now, col]));
  return (
    <details className={styles.panel}>
      <summary>Columns</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          go({ ...state, cols: chosen.length ? chosen : [...DEFAULT_COLUMNS] });
        }}
      >
        <fieldset className={styles.columns}>
          <legend className={styles.srOnly}>Columns to show</legend>
          {offered.map((col) => (
            <label key={col}>
              <input type="checkbox" checked={chosen.includes(col)} onChange={() => toggle(col)} /> {columnLabel(col)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className={styles.button}>
          Apply columns
        </button>
      </form>
    </details>
  );
}
