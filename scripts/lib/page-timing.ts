// One timed navigation of bench:page in Chromium: marks taken inside the page (ms since navigation start) when the
// rows and when the three tab counts are visible, when React has hydrated, plus the browser's navigation timing and
// the server's trace of the same navigation (page-trace.ts).
import type { ChildProcess } from "node:child_process";
import type { Page } from "@playwright/test";
import type { Trace } from "./page-trace";

/** Runs in the page before its own scripts. Rows: a table row (or the empty view's note) in the visible DOM —
 * streamed content waits in a hidden element until React moves it into place. Counts: all three tab counts.
 * Hydrated: the search box carries React's props. A string, not a function: tsx's transform would add helpers
 * (__name) that do not exist in the page. */
export const MARKS_SCRIPT = `(() => {
  const marks = { rows: null, counts: null, hydrated: null };
  window.__bench = marks;
  const shown = (el) => el != null && el.closest("[hidden]") === null;
  const countShown = (tab) => shown(document.querySelector('[data-testid="count-' + tab + '"]'));
  const observer = new MutationObserver(() => {
    if (marks.rows === null) {
      const empty = [...document.querySelectorAll("main p")].find((p) => p.textContent.startsWith("No profiles match"));
      if (shown(document.querySelector("main tbody tr")) || shown(empty)) marks.rows = performance.now();
    }
    if (marks.counts === null && ["all", "identified", "anonymous"].every(countShown)) marks.counts = performance.now();
    if (marks.rows !== null && marks.counts !== null) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
  const hydration = setInterval(() => {
    const box = document.querySelector('input[type="search"]');
    if (box && Object.keys(box).some((k) => k.startsWith("__reactProps"))) {
      marks.hydrated = performance.now();
      clearInterval(hydration);
    }
  }, 2);
})();`;

export type Sample = {
  /** ms from navigation start */
  rows: number;
  counts: number;
  hydrated: number;
  ttfb: number;
  load: number;
  /** the navigation's start, ms since the epoch (to place the server's trace on the same axis) */
  navStart: number;
  trace: Trace;
};

type Marks = { rows: number | null; counts: number | null; hydrated: number | null };

/** The server child's trace since the last call (which clears it). */
export function takeTrace(child: ChildProcess): Promise<Trace> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if (message && typeof message === "object" && "trace" in message) {
        child.off("message", onMessage);
        resolve((message as { trace: Trace }).trace);
      }
    };
    child.on("message", onMessage);
    child.send("trace");
  });
}

/** A full navigation to url, until rows, counts, hydration and the load event are all done. */
export async function timeNavigation(page: Page, url: string, server: ChildProcess): Promise<Sample> {
  await takeTrace(server); // drop what earlier navigations left
  await page.goto(url, { waitUntil: "load", timeout: 120_000 });
  const done = () => {
    const m = (window as unknown as { __bench: Marks }).__bench;
    return m.rows !== null && m.counts !== null && m.hydrated !== null;
  };
  await page.waitForFunction(done, null, { timeout: 120_000 }).catch(async (error: unknown) => {
    const marks = await page.evaluate(() => JSON.stringify((window as unknown as { __bench: Marks }).__bench));
    throw new Error(`${url}: marks ${marks}; ${String(error)}`);
  });
  const measured = await page.evaluate(() => {
    const m = (window as unknown as { __bench: { rows: number; counts: number; hydrated: number } }).__bench;
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    // Rows + counts: both shown (an empty view's note is parsed after the counts).
    const counts = Math.max(m.rows, m.counts);
    return { ...m, counts, ttfb: nav.responseStart, load: nav.loadEventEnd, navStart: performance.timeOrigin };
  });
  // The prefetches the page started after hydration finish before the next navigation.
  await page.waitForTimeout(50);
  return { ...measured, trace: await takeTrace(server) };
}
