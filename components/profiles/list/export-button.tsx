"use client";
// Downloads the current filter as CSV. The response is streamed; while it arrives the button shows the rows
// received against the expected count, then hands the file to the browser.
import { useRef, useState } from "react";
import styles from "./profile-list.module.css";

export function ExportButton({ query, expected }: { query: string; expected: number | null }) {
  const [progress, setProgress] = useState<{ rows: number; bytes: number } | null>(null);
  const [message, setMessage] = useState<string>("");
  const abort = useRef<AbortController | null>(null);

  const run = async () => {
    abort.current = new AbortController();
    setMessage("");
    setProgress({ rows: 0, bytes: 0 });
    try {
      const response = await fetch(`/profiles/export${query ? `?${query}` : ""}`, { signal: abort.current.signal });
      if (!response.ok || !response.body) throw new Error((await response.text()) || `export failed (${response.status})`);
      const reader = response.body.getReader();
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let rows = -1; // the header line is not a profile
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value as Uint8Array<ArrayBuffer>);
        bytes += value.byteLength;
        for (const byte of value) if (byte === 10) rows += 1;
        setProgress({ rows: Math.max(0, rows), bytes });
      }
      const url = URL.createObjectURL(new Blob(parts, { type: "text/csv" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `profiles-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMessage(`Exported ${Math.max(0, rows).toLocaleString("en")} profiles (${Math.round(bytes / 1024).toLocaleString("en")} KB).`);
    } catch (error) {
      setMessage((error as Error).name === "AbortError" ? "Export cancelled." : `Export failed: ${(error as Error).message.slice(0, 200)}`);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  return (
    <div className={styles.bar}>
      {progress ? (
        <>
          <label className={styles.field}>
            Exporting…
            <progress max={expected ?? undefined} value={expected ? Math.min(progress.rows, expected) : undefined} />
          </label>
          <span role="status">
            {progress.rows.toLocaleString("en")}
            {expected ? ` of ${expected.toLocaleString("en")}` : ""} rows
          </span>
          <button type="button" className={styles.button} onClick={() => abort.current?.abort()}>
            Cancel export
          </button>
        </>
      ) : (
        <button type="button" className={styles.button} onClick={run}>
          Export CSV
        </button>
      )}
      <span role="status" className={styles.status}>
        {message}
      </span>
    </div>
  );
}
