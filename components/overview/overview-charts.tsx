"use client";
// The overview's charts (recharts), drawn from the data the server page loaded. Clicking a bar opens the profile
// list for that day; every chart's title links to the list for the whole range.
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type Day = { day: string };
const shortDay = (day: string) => day.slice(5);
const percent = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)} %`);

function useDayLink(hrefs: Record<string, string>) {
  const router = useRouter();
  return (entry: unknown) => {
    const day = (entry as { payload?: { day?: string } })?.payload?.day;
    if (day && hrefs[day]) router.push(hrefs[day]);
  };
}

export function NewProfilesChart(props: { data: (Day & { anonymous: number; identified: number })[]; hrefs: Record<string, string> }) {
  const open = useDayLink(props.hrefs);
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={props.data} margin={{ left: -16, right: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} fontSize={12} />
        <YAxis allowDecimals={false} fontSize={12} />
        <Tooltip />
        <Legend />
        <Bar isAnimationActive={false} dataKey="identified" name="Identified" stackId="p" fill="#1f883d" cursor="pointer" onClick={open} />
        <Bar isAnimationActive={false} dataKey="anonymous" name="Anonymous" stackId="p" fill="#8c959f" cursor="pointer" onClick={open} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function RateChart(props: { data: (Day & { identificationRate: number | null })[] }) {
  return (
    <ResponsiveContainer width="100%" height={200}>
      <LineChart data={props.data} margin={{ left: -16, right: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} fontSize={12} />
        <YAxis domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} fontSize={12} />
        <Tooltip formatter={(v) => percent(typeof v === "number" ? v : null)} />
        <Line
          isAnimationActive={false}
          type="monotone"
          dataKey="identificationRate"
          name="Identified"
          stroke="#1f883d"
          dot={false}
          connectNulls
        />
      </LineChart>
    </ResponsiveContainer>
  );
}

export function PurchasesChart(props: { data: (Day & { customers: number; revenue: number })[]; hrefs: Record<string, string> }) {
  const open = useDayLink(props.hrefs);
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={props.data} margin={{ left: -8, right: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} fontSize={12} />
        <YAxis yAxisId="c" allowDecimals={false} fontSize={12} />
        <YAxis yAxisId="r" orientation="right" fontSize={12} />
        <Tooltip />
        <Legend />
        <Bar isAnimationActive={false} yAxisId="c" dataKey="customers" name="Customers" fill="#0969da" cursor="pointer" onClick={open} />
        <Bar isAnimationActive={false} yAxisId="r" dataKey="revenue" name="Revenue" fill="#bf8700" cursor="pointer" onClick={open} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function EventsPerDayChart(props: { data: (Day & { count: number })[] }) {
  return (
    <ResponsiveContainer width="100%" height={200}>
      <LineChart data={props.data} margin={{ left: -8, right: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} fontSize={12} />
        <YAxis allowDecimals={false} fontSize={12} />
        <Tooltip />
        <Line isAnimationActive={false} type="monotone" dataKey="count" name="Events" stroke="#8250df" dot={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Horizontal bars, each a link (`href`) to the profiles it counts. */
function LinkedBars(props: { data: { label: string; count: number; href: string }[]; name: string; fill: string }) {
  const router = useRouter();
  return (
    <ResponsiveContainer width="100%" height={Math.max(120, props.data.length * 30 + 30)}>
      <BarChart data={props.data} layout="vertical" margin={{ left: 24, right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} fontSize={12} />
        <YAxis type="category" dataKey="label" width={130} fontSize={12} />
        <Tooltip />
        <Bar
          isAnimationActive={false}
          dataKey="count"
          name={props.name}
          fill={props.fill}
          cursor="pointer"
          onClick={(entry: unknown) => {
            const href = (entry as { payload?: { href?: string } })?.payload?.href;
            if (href) router.push(href);
          }}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function TopEventsChart(props: { data: { name: string; count: number; href: string }[] }) {
  return <LinkedBars data={props.data.map((e) => ({ label: e.name, count: e.count, href: e.href }))} name="Events" fill="#8250df" />;
}

export function TopCountriesChart(props: { data: { country: string; count: number; href: string }[] }) {
  return (
    <LinkedBars data={props.data.map((c) => ({ label: c.country, count: c.count, href: c.href }))} name="Active profiles" fill="#0969da" />
  );
}

export function ConsentChart(props: { data: { channel: string; optedIn: number; optedOut: number; unset: number }[] }) {
  return (
    <ResponsiveContainer width="100%" height={200}>
      <BarChart data={props.data} layout="vertical" stackOffset="expand" margin={{ left: 8, right: 16 }}>
        <XAxis type="number" tickFormatter={(v: number) => `${Math.round(v * 100)}%`} fontSize={12} />
        <YAxis type="category" dataKey="channel" width={80} fontSize={12} />
        <Tooltip />
        <Legend />
        <Bar isAnimationActive={false} dataKey="optedIn" name="Opted in" stackId="c" fill="#1f883d" />
        <Bar isAnimationActive={false} dataKey="optedOut" name="Opted out" stackId="c" fill="#cf222e" />
        <Bar isAnimationActive={false} dataKey="unset" name="Not set" stackId="c" fill="#d1d9e0" />
      </BarChart>
    </ResponsiveContainer>
  );
}
