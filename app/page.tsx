import { overview } from "@/lib/queries/overview";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const stats = await overview();
  return (
    <main>
      <h1>Tapestry</h1>
      <p className="muted">Self-hosted, CleverTap-compatible user profiles. Account <code>{stats.account_id ?? "—"}</code></p>
      <section className="cards" aria-label="Totals">
        <div className="card"><strong>{stats.profiles}</strong>profiles</div>
        <div className="card"><strong>{stats.identified}</strong>identified</div>
        <div className="card"><strong>{stats.profiles - stats.identified}</strong>anonymous</div>
        <div className="card"><strong>{stats.devices}</strong>devices</div>
        <div className="card"><strong>{stats.events}</strong>events</div>
      </section>
      <h2>Send data</h2>
      <pre>{`curl -X POST http://HOST:PORT/1/upload \\
  -H "X-CleverTap-Account-Id: ${stats.account_id ?? "ACCOUNT_ID"}" -H "X-CleverTap-Passcode: PASSCODE" \\
  -H "Content-Type: application/json" \\
  -d '{"d":[{"type":"profile","identity":"u1","profileData":{"Name":"Ada","Score":{"$incr":1}}}]}'`}</pre>
    </main>
  );
}
