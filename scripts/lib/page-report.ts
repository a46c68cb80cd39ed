// bench:page's tables: per view p50 / p95 of rows visible and rows + counts visible with their ratios to the first
// page, and the breakdown of one view's navigations on one time axis (browser marks, server request, each SQL
// statement the server ran while answering it).
import type { Sample } from "./page-timing";

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const median = (values: number[]) => percentile(values, 50);

/** The page's document request (prefetches of links carry _rsc). */
const isDocument = (url: string) => url.split("?")[0] === "/profiles" && !url.includes("_rsc=");

/** What a statement is, for the breakdown. */
function statementKind(text: string): string {
  if (text.startsWith("EXPLAIN")) return "count: EXPLAIN estimate";
  if (text.includes("relpages")) return "count: table size";
  if (/AS identified|count\(\*\)/.test(text) && !text.includes("sort_key")) return "tab counts";
  if (text.includes("jsonb_each_text(p.property_types)")) return "property keys (filter form, columns)";
  if (text.includes("WITH RECURSIVE names")) return "event names (condition form)";
  if (text.includes("AS sort_key FROM profile p")) return "page rows";
  if (/staff_session|staff_user/.test(text)) return "session / staff (auth)";
  return text.replace(/\s+/g, " ").slice(0, 36);
}

export type ViewResult = { name: string; url: string; samples: Sample[] };

export function summaryTable(views: ViewResult[], goal: number): string[] {
  const [first] = views;
  const base = { rows: first.samples.map((s) => s.rows), counts: first.samples.map((s) => s.counts) };
  const cell = (v: number[]) => `${(median(v) / 1000).toFixed(2)} / ${(percentile(v, 95) / 1000).toFixed(2)}`.padStart(14);
  const ratio = (v: number[], b: number[]) =>
    `${(median(v) / median(b)).toFixed(2)} / ${(percentile(v, 95) / percentile(b, 95)).toFixed(2)}`;
  const lines = [`${"view".padEnd(36)}${"rows".padStart(14)}${"+ counts".padStart(14)}  ${"ratio rows".padStart(13)}  ratio + counts`];
  for (const view of views) {
    const rows = view.samples.map((s) => s.rows);
    const counts = view.samples.map((s) => s.counts);
    const worst = Math.max(median(rows) / median(base.rows), median(counts) / median(base.counts));
    const verdict = worst <= goal ? "ok" : "MISSED";
    const ratios = `${ratio(rows, base.rows).padStart(13)}  ${ratio(counts, base.counts).padEnd(14)}`;
    lines.push(`${view.name.padEnd(36)}${cell(rows)}${cell(counts)}  ${ratios}  ${verdict}`);
  }
  lines.push(`(p50 / p95 seconds from navigation start; ratios of p50 / p95 to the first page's in this run; goal ≤ ${goal})`);
  return lines;
}

export function breakdown(view: ViewResult): string[] {
  const { samples } = view;
  const fmt = (n: number) => n.toFixed(0).padStart(6);
  const stat = (label: string, values: number[]) => `    ${label.padEnd(48)}${fmt(median(values))}${fmt(percentile(values, 95))}`;
  const documents = samples.map((s) => s.trace.requests.find((r) => isDocument(r.url)));
  const server = (pick: (r: NonNullable<(typeof documents)[number]>) => number | null) =>
    samples.map((s, i) => {
      const at = documents[i] ? pick(documents[i]) : null;
      return at ? at - s.navStart : Number.NaN;
    });
  const lines = [
    `  ${view.name} — ${view.url}`.slice(0, 140),
    stat(
      "server: request arrives",
      server((r) => r.start),
    ),
    stat(
      "server: first byte written",
      server((r) => r.firstByte),
    ),
    stat(
      "browser: first byte",
      samples.map((s) => s.ttfb),
    ),
    stat(
      "browser: rows visible",
      samples.map((s) => s.rows),
    ),
    stat(
      "browser: rows + tab counts visible",
      samples.map((s) => s.counts),
    ),
    stat(
      "server: response ended",
      server((r) => r.end),
    ),
    stat(
      "browser: hydrated",
      samples.map((s) => s.hydrated),
    ),
    stat(
      "browser: load event",
      samples.map((s) => s.load),
    ),
  ];
  // The statements that started while the document request was open: per kind, how many per navigation, their
  // p50 / p95 duration and their median start.
  const kinds = new Map<string, { ms: number[]; start: number[]; perNavigation: number[] }>();
  samples.forEach((s, i) => {
    const request = documents[i];
    if (!request) return;
    const seen = new Map<string, number>();
    for (const q of s.trace.statements.filter((q) => q.start >= request.start && q.start <= request.end)) {
      const kind = statementKind(q.text);
      const k = kinds.get(kind) ?? { ms: [], start: [], perNavigation: [] };
      k.ms.push(q.ms);
      k.start.push(q.start - s.navStart);
      kinds.set(kind, k);
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
    }
    for (const [kind, n] of seen) kinds.get(kind)?.perNavigation.push(n);
  });
  for (const [kind, k] of kinds) {
    const label = `SQL ${kind} ×${median(k.perNavigation)} (from ${median(k.start).toFixed(0)})`;
    lines.push(`    ${label.padEnd(48)}${fmt(median(k.ms))}${fmt(percentile(k.ms, 95))}`);
  }
  const others = samples.map((s) => s.trace.requests.filter((r) => !isDocument(r.url)));
  const names = new Set(others.flat().map((r) => r.url.replace(/\?.*_rsc=.*$/, " (prefetch)")));
  if (names.size)
    lines.push(`    + ${median(others.map((o) => o.length))} other requests per navigation: ${[...names].slice(0, 4).join(", ")}, …`);
  return lines;
}
