// / — the overview: totals for a date range (in the URL), new profiles split anonymous / identified, the
// identification rate, customers and revenue, opt-in per consent channel, top events, top countries and events per day. Every
// figure and chart leads to the profile list filtered the same way.
import Link from "next/link";
import { requireStaff } from "@/app/_server/require-staff";
import styles from "@/components/overview/overview.module.css";
import {
  ConsentChart,
  EventsPerDayChart,
  NewProfilesChart,
  PurchasesChart,
  RateChart,
  TopCountriesChart,
  TopEventsChart,
} from "@/components/overview/overview-charts";
import { dashboardAccountId } from "@/lib/accounts/dashboard-account";
import { loadOverview } from "@/lib/overview/load-overview";
import { overviewLinks } from "@/lib/overview/overview-links";
import { parseOverviewRange } from "@/lib/overview/overview-range";
import { canViewProfiles } from "@/lib/permissions/roles";

export const metadata = { title: "Overview · Tapestry" };

const number = (n: number) => n.toLocaleString("en");
const money = (n: number) => n.toLocaleString("en", { maximumFractionDigits: 2 });
const percent = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)} %` : "—");
const presetDays = [7, 30, 90];

export default async function OverviewPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff(canViewProfiles);
  const range = parseOverviewRange(await props.searchParams);
  const accountId = await dashboardAccountId();
  if (!accountId) return <main className={styles.overview}>No account yet.</main>;
  const data = await loadOverview({ accountId, range });
  const links = overviewLinks(range.from, range.to);
  const today = new Date().toISOString().slice(0, 10);
  const daysBack = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - (n - 1) * 86_400_000).toISOString().slice(0, 10);
  const byDay = (link: (day: string) => string) => Object.fromEntries(range.days.map((day) => [day, link(day)]));
  const { totals, types } = data;
  const estimate = (c: { n: number; estimated: boolean }) => `${c.estimated ? "≈" : ""}${number(c.n)}`;

  return (
    <main className={styles.overview}>
      <div className={styles.head}>
        <div>
          <h1>Overview</h1>
          <p className={styles.note}>
            {range.from} to {range.to} (UTC, {range.days.length} days)
          </p>
        </div>
        <form className={styles.range} method="get" aria-label="Date range">
          {presetDays.map((n) => (
            <Link key={n} className={styles.preset} href={`/?from=${daysBack(n)}&to=${today}`}>
              Last {n} days
            </Link>
          ))}
          <label>
            From
            <input type="date" name="from" defaultValue={range.from} />
          </label>
          <label>
            To
            <input type="date" name="to" defaultValue={range.to} />
          </label>
          <button type="submit">Show</button>
        </form>
      </div>

      <dl className={styles.totals} data-testid="overview-totals">
        <div className={styles.total}>
          <dt>New profiles</dt>
          <dd>
            <Link href={links.newProfiles()}>{number(totals.newProfiles)}</Link>
          </dd>
        </div>
        <div className={styles.total}>
          <dt>Identified of new</dt>
          <dd>
            <Link href={links.identified()}>{percent(totals.newIdentified, totals.newProfiles)}</Link>
          </dd>
        </div>
        <div className={styles.total}>
          <dt>Active profiles</dt>
          <dd>
            <Link href={links.active()}>{estimate({ n: totals.activeProfiles, estimated: data.activeEstimated })}</Link>
          </dd>
        </div>
        <div className={styles.total}>
          <dt>Customers (bought)</dt>
          <dd>
            <Link href={links.customers()} data-testid="overview-customers">
              {number(totals.customers)}
            </Link>
          </dd>
        </div>
        <div className={styles.total}>
          <dt>Revenue ({number(totals.purchases)} purchases)</dt>
          <dd>
            <Link href={links.customers()}>{money(totals.revenue)}</Link>
          </dd>
        </div>
        <div className={styles.total}>
          <dt>Events</dt>
          <dd>{number(totals.events)}</dd>
        </div>
      </dl>

      <section className={styles.chart} aria-labelledby="types">
        <h2 id="types">Profile types (all time)</h2>
        <div className={styles.badges}>
          <Link href={links.profileType("customer")}>Customers: {number(types.customers)}</Link>
          <span aria-hidden="true">·</span>
          <Link href={links.profileType("identified")}>Identified: {estimate(types.identified)}</Link>
          <span aria-hidden="true">·</span>
          <Link href={links.profileType("anonymous")}>Anonymous: {estimate(types.anonymous)}</Link>
        </div>
      </section>

      <div className={styles.grid}>
        <section className={styles.chart} aria-labelledby="new-profiles">
          <h2 id="new-profiles">
            <Link href={links.newProfiles()}>New profiles per day</Link>
          </h2>
          <NewProfilesChart data={data.newProfiles} hrefs={byDay(links.newProfiles)} />
        </section>
        <section className={styles.chart} aria-labelledby="identification">
          <h2 id="identification">
            <Link href={links.identified()}>Identification rate of new profiles</Link>
          </h2>
          <RateChart data={data.newProfiles} />
        </section>
        <section className={styles.chart} aria-labelledby="purchases">
          <h2 id="purchases">
            <Link href={links.customers()}>Customers and revenue per day</Link>
          </h2>
          <PurchasesChart data={data.purchases} hrefs={byDay(links.customers)} />
        </section>
        <section className={styles.chart} aria-labelledby="consent">
          <h2 id="consent">Opt-in per consent channel (active profiles)</h2>
          <ConsentChart data={data.consent} />
          {data.activeEstimated ? (
            <p className={styles.note} data-testid="overview-sampled">
              ≈ active profiles, their consents and countries are estimated from a sample of the profile table.
            </p>
          ) : null}
          <p className={styles.note}>
            {data.consent.map((c, i) => (
              <span key={c.channel}>
                {i > 0 ? " · " : ""}
                <Link href={links.consent(c.channel)}>
                  {c.channel} {percent(c.optedIn, c.optedIn + c.optedOut + c.unset)}
                </Link>
              </span>
            ))}
          </p>
        </section>
        <section className={styles.chart} aria-labelledby="top-events">
          <h2 id="top-events">Top events</h2>
          {data.topEvents.length === 0 ? (
            <p className={styles.note}>No events in this range.</p>
          ) : (
            <TopEventsChart data={data.topEvents.map((e) => ({ ...e, href: links.event(e.name) }))} />
          )}
        </section>
        <section className={styles.chart} aria-labelledby="top-countries" data-testid="overview-countries">
          <h2 id="top-countries">Top countries (active profiles)</h2>
          {data.topCountries.length === 0 ? (
            <p className={styles.note}>No located profiles active in this range.</p>
          ) : (
            <>
              <TopCountriesChart data={data.topCountries.map((c) => ({ ...c, href: links.country(c.country) }))} />
              <p className={styles.note}>
                {data.topCountries.map((c, i) => (
                  <span key={c.country}>
                    {i > 0 ? " · " : ""}
                    <Link href={links.country(c.country)}>
                      {c.country} {number(c.count)}
                    </Link>
                  </span>
                ))}
              </p>
            </>
          )}
        </section>
        <section className={styles.chart} aria-labelledby="events-per-day">
          <h2 id="events-per-day">
            <Link href={links.active()}>Events per day</Link>
          </h2>
          <EventsPerDayChart data={data.eventsPerDay} />
        </section>
      </div>
    </main>
  );
}
