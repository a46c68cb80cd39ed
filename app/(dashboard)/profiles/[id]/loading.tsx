// Shown while a profile page loads.
export default function Loading() {
  return (
    <main aria-busy="true">
      <p role="status">Loading the profile…</p>
    </main>
  );
}
