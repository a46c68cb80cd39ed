// Shown while a dashboard page under /profiles renders for the first time.
export default function Loading() {
  return (
    <main aria-busy="true">
      <p role="status">Loading…</p>
    </main>
  );
}
