// The merged timeline of a profile. Every value is rendered as React text (escaped), never as HTML.
import Link from "next/link";
import type { ComponentProps } from "react";
import { formatDate, formatValue } from "@/lib/profiles/format-value";
import { type ChangeDetail, HISTORY_KINDS, type HistoryItem, type HistoryKind, type HistoryPage } from "@/lib/queries/profile-history";
import styles from "./profile.module.css";
import { RevertButton } from "./revert-button";
import { UnmergeButton } from "./unmerge-button";

/** The editing controls of the timeline (editors only): undo a join, revert a change. */
export type HistoryControls = {
  previewUnmerge: ComponentProps<typeof UnmergeButton>["previewAction"];
  unmerge: ComponentProps<typeof UnmergeButton>["unmergeAction"];
  revert: ComponentProps<typeof RevertButton>["action"];
};

const LABEL: Record<HistoryKind, string> = { merge: "Merges", change: "Property changes", event: "Events" };
const show = (value: unknown) =>
  value === null || value === undefined ? "(not set)" : typeof value === "string" ? value : JSON.stringify(value);
/** A changed value by its recorded type (a DOB reads as a day, a date-time to the second in UTC). */
function typed(change: ChangeDetail, side: "old" | "new"): string {
  const [value, type] = side === "old" ? [change.oldValue, change.oldType] : [change.newValue, change.newType];
  return value === null ? "(not set)" : formatValue(value, type, change.key);
}
const when = (at: Date) => formatDate(Math.floor(at.getTime() / 1000));

function href(profileId: number, kinds: HistoryKind[], page: number) {
  const params = new URLSearchParams();
  if (kinds.length !== HISTORY_KINDS.length) params.set("kinds", kinds.join(","));
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return `/profiles/${profileId}${query ? `?${query}` : ""}#history`;
}

/** Which undo a journal line offers: a join, a merge (its own line: no device, no identity) or a link in place. */
function undoable(item: Extract<HistoryItem, { kind: "merge" }>): "join" | "merge" | "link" | null {
  if (item.undone || item.fromProfile) return null;
  if (item.action === "attach-device" && item.previousProfileId) return "join";
  if (item.action === "merge" && !item.deviceGuid && !item.identityValue) return "merge";
  if (item.action === "identify") return "link";
  return null;
}

function Entry({ item, profileId, controls }: { item: HistoryItem; profileId: number; controls?: HistoryControls }) {
  const from = item.merged ? (
    <span className={styles.prov} data-testid="from-merged">
      {" "}
      · from identified profile <Link href={`/profiles/${item.fromProfile}`}>#{item.fromProfile}</Link>, merged here by staff
    </span>
  ) : item.fromProfile ? (
    <span className={styles.prov} data-testid="before-sign-in">
      {" "}
      · before sign-in on this device{item.viaDevice ? ` (${item.viaDevice.slice(0, 12)}…)` : ""} · from anonymous profile{" "}
      <Link href={`/profiles/${item.fromProfile}`}>#{item.fromProfile}</Link>
    </span>
  ) : null;
  if (item.kind === "merge") {
    const what =
      item.action === "merge" ? (
        item.deviceGuid ? (
          <>
            Device <code>{item.deviceGuid}</code> came with the merge of profile{" "}
            <Link href={`/profiles/${item.previousProfileId}`}>#{item.previousProfileId}</Link>
          </>
        ) : item.identityValue ? (
          <>
            {item.identityKind} <code>{item.identityValue}</code> came with the merge of profile{" "}
            <Link href={`/profiles/${item.previousProfileId}`}>#{item.previousProfileId}</Link>
          </>
        ) : (
          <>
            Identified profile <Link href={`/profiles/${item.previousProfileId}`}>#{item.previousProfileId}</Link> merged into this one: its
            devices, identities and events moved here, its properties and consents by the merge rule; it keeps its own change log (shown
            here)
          </>
        )
      ) : item.action === "unmerge" && item.identityValue ? (
        <>
          {item.identityKind} <code>{item.identityValue}</code> came back (unmerge)
          {item.previousProfileId ? (
            <>
              {" "}
              from profile <Link href={`/profiles/${item.previousProfileId}`}>#{item.previousProfileId}</Link>
            </>
          ) : null}
        </>
      ) : item.action === "unlink" ? (
        <>
          Unlinked {item.identityKind} <code>{item.identityValue}</code> (it no longer finds this profile)
        </>
      ) : item.action === "unmerge" || item.action === "move-device" ? (
        <>
          Device <code>{item.deviceGuid}</code> {item.action === "unmerge" ? "came back (unmerge)" : "moved here by staff"}
          {item.previousProfileId ? (
            <>
              {" "}
              from profile <Link href={`/profiles/${item.previousProfileId}`}>#{item.previousProfileId}</Link>
            </>
          ) : null}
        </>
      ) : item.action === "attach-device" ? (
        <>
          Device <code>{item.deviceGuid}</code> joined
          {item.previousProfileId ? (
            <>
              {" "}
              from {item.previousIdentified === true ? "identified" : item.previousIdentified === false ? "anonymous" : ""} profile{" "}
              <Link href={`/profiles/${item.previousProfileId}`}>#{item.previousProfileId}</Link>
              {item.previousIdentified === true ? ", which keeps its data" : ""}
            </>
          ) : (
            " (new device)"
          )}
          {item.identityValue ? (
            <>
              , logged in as {item.identityKind} <code>{item.identityValue}</code>
            </>
          ) : null}
        </>
      ) : (
        <>
          Identified as {item.identityKind} <code>{item.identityValue}</code>
          {item.deviceGuid ? (
            <>
              {" "}
              on device <code>{item.deviceGuid}</code>
            </>
          ) : null}
        </>
      );
    return (
      <>
        <strong>Merge</strong> · {what}{" "}
        <span className={styles.prov}>
          by {item.source}
          {item.actor ? ` (${item.actor})` : ""}
          {item.undone ? " · undone" : ""}
        </span>
        {item.reason && (
          <div>
            Reason: <q>{item.reason}</q>
          </div>
        )}
        {controls && undoable(item) && (
          <UnmergeButton
            profileId={String(profileId)}
            mergeId={item.id.replace("merge-", "")}
            what={undoable(item)!}
            previewAction={controls.previewUnmerge}
            unmergeAction={controls.unmerge}
          />
        )}
      </>
    );
  }
  if (item.kind === "change") {
    return (
      <>
        <strong>Change</strong>{" "}
        <span className={styles.prov}>
          by {item.source}
          {item.actor ? ` (${item.actor})` : ""}
        </span>
        {from}
        {item.reason && (
          <div>
            Reason: <q>{item.reason}</q>
          </div>
        )}
        <ul>
          {item.changes.map((change) => (
            <li key={change.key}>
              <code className={styles.key}>{change.key}</code> {change.operation}: {typed(change, "old")} → {typed(change, "new")}
              {controls && !item.fromProfile && (
                <RevertButton
                  profileId={String(profileId)}
                  changeSetId={item.id.replace("change-", "")}
                  propertyKey={change.key}
                  action={controls.revert}
                />
              )}
            </li>
          ))}
        </ul>
      </>
    );
  }
  const items = Array.isArray(item.properties.Items) ? (item.properties.Items as Record<string, unknown>[]) : null;
  const rest = Object.entries(item.properties).filter(([key]) => key !== "Items");
  return (
    <>
      <strong>Event</strong> <code>{item.name}</code>{" "}
      <span className={styles.prov}>
        via {item.source}
        {item.deviceGuid ? ` · device ${item.deviceGuid}` : ""}
      </span>
      {from}
      {rest.length > 0 && <div className={styles.value}>{rest.map(([key, value]) => `${key}: ${show(value)}`).join(" · ")}</div>}
      {items && (
        <ul aria-label="Items">
          {items.map((entry, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a purchase's items have no id and never change order
            <li key={index}>
              {Object.entries(entry ?? {})
                .map(([key, value]) => `${key}: ${show(value)}`)
                .join(", ")}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function HistoryList({
  profileId,
  kinds,
  history,
  controls,
}: {
  profileId: number;
  kinds: HistoryKind[];
  history: HistoryPage;
  controls?: HistoryControls;
}) {
  return (
    <section aria-labelledby="history" className={styles.section}>
      <h2 id="history">History</h2>
      <nav aria-label="Filter history" className={styles.filters}>
        <Link
          href={href(profileId, [...HISTORY_KINDS], 1)}
          className={`${styles.chip} ${kinds.length === HISTORY_KINDS.length ? styles.chipOn : ""}`}
          aria-current={kinds.length === HISTORY_KINDS.length ? "true" : undefined}
        >
          All
        </Link>
        {HISTORY_KINDS.map((kind) => {
          const only = kinds.length === 1 && kinds[0] === kind;
          return (
            <Link
              key={kind}
              href={href(profileId, [kind], 1)}
              className={`${styles.chip} ${only ? styles.chipOn : ""}`}
              aria-current={only ? "true" : undefined}
            >
              {LABEL[kind]}
            </Link>
          );
        })}
      </nav>
      {history.items.length === 0 ? (
        <p className="muted">{history.page > 1 ? "No more entries." : "Nothing here yet."}</p>
      ) : (
        <ol className={styles.timeline} data-testid="history">
          {history.items.map((item) => (
            <li
              key={item.id}
              className={`${styles.item} ${styles[item.kind]} ${item.fromProfile ? styles.beforeSignIn : ""}`}
              data-kind={item.kind}
            >
              <div className={styles.when}>
                <time dateTime={item.at.toISOString()}>{when(item.at)}</time>
              </div>
              <Entry item={item} profileId={profileId} controls={controls} />
            </li>
          ))}
        </ol>
      )}
      <div className={styles.pager}>
        {history.page > 1 && <Link href={href(profileId, kinds, history.page - 1)}>← Newer</Link>}
        {history.hasNext && <Link href={href(profileId, kinds, history.page + 1)}>Older →</Link>}
      </div>
    </section>
  );
}
