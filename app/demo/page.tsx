import { headers } from "next/headers";
import { demoSettings } from "@/lib/clevertap/sdk/demo-settings";
import styles from "./demo.module.css";
import { DemoShop } from "./demo-shop";

export const dynamic = "force-dynamic";
export const metadata = { title: "Tapestry demo shop" };

export default async function DemoPage() {
  const { accountId, targetDomain } = await demoSettings((await headers()).get("host"));
  return (
    <main className={styles.page}>
      <h1>Tapestry demo shop</h1>
      <p className="muted">
        This page runs the official CleverTap Web SDK (npm <code>clevertap-web-sdk</code>, unmodified) with{" "}
        <code>
          clevertap.init(&apos;{accountId ?? "ACCOUNT_ID"}&apos;, &apos;&apos;, &apos;{targetDomain}&apos;)
        </code>
        . Every click below is an SDK call; watch the anonymous and identified profiles appear in Tapestry. The SDK only speaks HTTPS: if
        nothing arrives, open <a href={`https://${targetDomain}/a`}>https://{targetDomain}/a</a> once and accept the local certificate.
      </p>
      {accountId ? (
        <DemoShop accountId={accountId} targetDomain={targetDomain} />
      ) : (
        <p role="alert">No account yet: start Tapestry with npm start first.</p>
      )}
    </main>
  );
}
