"use client";
// The demo shop's controls. Each one is a plain call of the official SDK; nothing here talks to Tapestry directly.
import { type FormEvent, useEffect, useRef, useState } from "react";
import { type CleverTapSdk, loadCleverTap } from "./clevertap-global";
import styles from "./demo.module.css";

const PRODUCTS = [
  { id: "tea", name: "Green tea", price: 4.5, category: "Drinks" },
  { id: "mug", name: "Stoneware mug", price: 12, category: "Kitchen" },
  { id: "book", name: "Field notebook", price: 7.25, category: "Stationery" },
];

type Values = Record<string, string>;
const valuesOf = (event: FormEvent<HTMLFormElement>): Values => {
  event.preventDefault();
  return Object.fromEntries([...new FormData(event.currentTarget).entries()].map(([k, v]) => [k, String(v).trim()]));
};
const listOf = (text: string) =>
  text
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
const compact = (object: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(object).filter(([, v]) => v !== "" && v !== undefined));

function Field({
  label,
  name,
  type = "text",
  defaultValue,
  ...rest
}: {
  label: string;
  name: string;
  type?: string;
  defaultValue?: string;
  step?: string;
  min?: string;
}) {
  return (
    <label className={styles.field}>
      {label}
      <input name={name} type={type} defaultValue={defaultValue} {...rest} />
    </label>
  );
}

function FlagSelect({ name }: { name: string }) {
  return (
    <label className={styles.field}>
      {name}
      <select name={name} defaultValue="">
        <option value="">unchanged</option>
        <option value="true">true (subscribed)</option>
        <option value="false">false (opted out)</option>
      </select>
    </label>
  );
}

export function DemoShop({ accountId, targetDomain }: { accountId: string; targetDomain: string }) {
  const sdk = useRef<CleverTapSdk | null>(null);
  const [status, setStatus] = useState("loading the SDK…");
  const [guid, setGuid] = useState<string | null>(null);
  const [log, setLog] = useState<{ id: number; line: string }[]>([]);
  const sent = useRef(0);
  const [cart, setCart] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    loadCleverTap(accountId, targetDomain).then(
      (loaded) => {
        sdk.current = loaded;
        if (live) setStatus("ready");
      },
      (error: Error) => live && setStatus(error.message),
    );
    const timer = setInterval(() => setGuid(sdk.current?.getCleverTapID() ?? null), 500);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [accountId, targetDomain]);

  const call = (what: string, run: (ct: CleverTapSdk) => void) => {
    const line = sdk.current ? what : `not ready: ${what}`;
    if (sdk.current) run(sdk.current);
    setLog((l) => [{ id: ++sent.current, line }, ...l].slice(0, 50));
  };

  const login = (e: FormEvent<HTMLFormElement>) => {
    const v = valuesOf(e);
    const site = compact({ Identity: v.Identity, Email: v.Email, Name: v.Name });
    call(`onUserLogin ${JSON.stringify(site)}`, (ct) => ct.onUserLogin.push({ Site: site }));
  };
  const push = (e: FormEvent<HTMLFormElement>) => {
    const v = valuesOf(e);
    const site: Record<string, unknown> = compact({ Name: v.Name, Phone: v.Phone, Gender: v.Gender });
    if (v.DOB) site.DOB = new Date(`${v.DOB}T00:00:00Z`);
    if (v.key && v.value !== "") site[v.key] = v.value !== "" && !Number.isNaN(Number(v.value)) ? Number(v.value) : v.value;
    for (const flag of ["MSG-email", "MSG-push", "MSG-sms", "MSG-whatsapp"]) if (v[flag]) site[flag] = v[flag] === "true";
    call(`profile.push ${JSON.stringify(site)}`, (ct) => ct.profile.push({ Site: site }));
  };
  const counter = (direction: "increment" | "decrement") => (e: FormEvent<HTMLFormElement>) => {
    const v = valuesOf(e);
    const by = Number(v.by);
    call(`${direction} ${v.key} by ${by}`, (ct) =>
      direction === "increment" ? ct.handleIncrementValue(v.key, by) : ct.handleDecrementValue(v.key, by),
    );
  };
  const multi = (e: FormEvent<HTMLFormElement>) => {
    const v = valuesOf(e);
    const op = (e.nativeEvent as SubmitEvent).submitter?.getAttribute("value") ?? "add";
    const values = listOf(v.values);
    call(`${op} ${v.key} ${JSON.stringify(values)}`, (ct) =>
      op === "remove"
        ? ct.removeMultiValuesForKey(v.key, values)
        : op === "set"
          ? ct.setMultiValuesForKey(v.key, values)
          : ct.addMultiValuesForKey(v.key, values),
    );
  };
  const customEvent = (e: FormEvent<HTMLFormElement>) => {
    const v = valuesOf(e);
    const data = compact({ [v.key]: v.value });
    call(`event ${v.name} ${JSON.stringify(data)}`, (ct) => ct.event.push(v.name, data));
  };
  const checkout = () => {
    const items = cart.map((id) => PRODUCTS.find((p) => p.id === id)!);
    const data = {
      Amount: items.reduce((sum, p) => sum + p.price, 0),
      "Charged ID": `order-${Date.now()}`,
      "Payment mode": "Card",
      Items: items.map((p) => ({ "Product name": p.name, Category: p.category, Price: p.price, Quantity: 1 })),
    };
    call(`event Charged ${JSON.stringify(data)}`, (ct) => ct.event.push("Charged", data));
    setCart([]);
  };

  return (
    <>
      <section className={styles.panel} aria-label="SDK status">
        <p className={styles.status}>
          SDK: <span data-testid="sdk-status">{status}</span> · target https://{targetDomain}/a · CleverTap ID:{" "}
          <span data-testid="guid">{guid ?? "(none yet)"}</span>
        </p>
      </section>
      <div className={styles.grid}>
        <section className={styles.panel} aria-labelledby="shop-h">
          <h2 id="shop-h">Shop</h2>
          <ul className={styles.products}>
            {PRODUCTS.map((p) => (
              <li key={p.id}>
                <span>
                  {p.name} · {p.price.toFixed(2)}
                </span>
                <span className={styles.row}>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() =>
                      call(`event Product Viewed ${p.name}`, (ct) =>
                        ct.event.push("Product Viewed", { "Product name": p.name, Category: p.category, Price: p.price }),
                      )
                    }
                  >
                    View
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      setCart((c) => [...c, p.id]);
                      call(`event Added To Cart ${p.name}`, (ct) =>
                        ct.event.push("Added To Cart", { "Product name": p.name, Price: p.price }),
                      );
                    }}
                  >
                    Add to cart
                  </button>
                </span>
              </li>
            ))}
          </ul>
          <p>Cart: {cart.length} item(s)</p>
          <button type="button" disabled={cart.length === 0} onClick={checkout}>
            Buy (Charged)
          </button>
        </section>

        <section className={styles.panel} aria-labelledby="login-h">
          <h2 id="login-h">Log in (onUserLogin)</h2>
          <form onSubmit={login}>
            <Field label="Identity" name="Identity" />
            <Field label="Email" name="Email" type="email" />
            <Field label="Name" name="Name" />
            <button type="submit">Log in</button>
          </form>
        </section>

        <section className={styles.panel} aria-labelledby="push-h">
          <h2 id="push-h">Push profile properties</h2>
          <form onSubmit={push}>
            <Field label="Name" name="Name" />
            <Field label="Phone (+country code)" name="Phone" type="tel" />
            <label className={styles.field}>
              Gender
              <select name="Gender" defaultValue="">
                <option value="">unchanged</option>
                <option value="M">M</option>
                <option value="F">F</option>
                <option value="O">O</option>
                <option value="U">U</option>
              </select>
            </label>
            <Field label="Date of birth" name="DOB" type="date" />
            <Field label="Custom property name" name="key" />
            <Field label="Custom property value" name="value" />
            {["MSG-email", "MSG-push", "MSG-sms", "MSG-whatsapp"].map((flag) => (
              <FlagSelect key={flag} name={flag} />
            ))}
            <button type="submit">Push</button>
          </form>
        </section>

        <section className={styles.panel} aria-labelledby="count-h">
          <h2 id="count-h">Increment / decrement</h2>
          <p className="muted">The SDK only sends these for a property this browser has pushed before.</p>
          <form onSubmit={counter("increment")} aria-label="Increment">
            <Field label="Property to increment" name="key" defaultValue="Score" />
            <Field label="Increment by" name="by" type="number" min="1" step="any" defaultValue="1" />
            <button type="submit">Increment</button>
          </form>
          <form onSubmit={counter("decrement")} aria-label="Decrement">
            <Field label="Property to decrement" name="key" defaultValue="Score" />
            <Field label="Decrement by" name="by" type="number" min="1" step="any" defaultValue="1" />
            <button type="submit">Decrement</button>
          </form>
        </section>

        <section className={styles.panel} aria-labelledby="multi-h">
          <h2 id="multi-h">List (multi-value) properties</h2>
          <form onSubmit={multi}>
            <Field label="List property" name="key" defaultValue="Interests" />
            <Field label="Values (comma separated)" name="values" />
            <div className={styles.row}>
              <button type="submit" value="add">
                Add values
              </button>
              <button type="submit" value="remove" className="secondary">
                Remove values
              </button>
              <button type="submit" value="set" className="secondary">
                Replace list
              </button>
            </div>
          </form>
        </section>

        <section className={styles.panel} aria-labelledby="event-h">
          <h2 id="event-h">Custom event</h2>
          <form onSubmit={customEvent}>
            <Field label="Event name" name="name" defaultValue="Newsletter Signup" />
            <Field label="Event property name" name="key" defaultValue="Source" />
            <Field label="Event property value" name="value" defaultValue="demo" />
            <button type="submit">Send event</button>
          </form>
        </section>

        <section className={styles.panel} aria-labelledby="clear-h">
          <h2 id="clear-h">This browser</h2>
          <div className={styles.row}>
            <button type="button" onClick={() => call("clear()", (ct) => ct.clear())}>
              Clear (new anonymous visitor)
            </button>
            <button type="button" className="secondary" onClick={() => call("privacy opt-out", (ct) => ct.privacy.push({ optOut: true }))}>
              Opt out of tracking
            </button>
          </div>
        </section>

        <section className={styles.panel} aria-labelledby="log-h">
          <h2 id="log-h">What was sent</h2>
          <ol className={styles.log} aria-live="polite">
            {log.map((entry) => (
              <li key={entry.id}>{entry.line}</li>
            ))}
          </ol>
        </section>
      </div>
    </>
  );
}
