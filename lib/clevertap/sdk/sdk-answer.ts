// What /a answers, in the SDK's two transports. The guid is the only server value placed inside JavaScript: it is
// checked to be 32 lowercase hex (plus the ":OO" opt-out marker) so nothing else can ever be emitted.
export type SdkAnswer = {
  guid: string;
  session: number;
  /** true for onUserLogin calls (`isOUL`): the SDK then adopts the guid even when it has one. */
  resume: boolean;
  rn: number;
  /** Privacy calls: true = opted out (guid ends in ":OO"), false = opted back in; null otherwise. */
  optOut: boolean | null;
};

const SAFE_GUID = /^[0-9a-f]{32}(:OO)?$/;

function checked(answer: SdkAnswer): SdkAnswer {
  if (!SAFE_GUID.test(answer.guid)) throw new Error("refusing to emit a guid that is not 32 lowercase hex");
  if (!Number.isSafeInteger(answer.session) || !Number.isSafeInteger(answer.rn)) throw new Error("session and rn must be integers");
  return answer;
}

/** JSONP: `$WZRK_WR.s('<guid>',<sid>,<resume>,<rn>[,<optOut>]);` */
export function jsonpBody(answer: SdkAnswer): string {
  const { guid, session, resume, rn, optOut } = checked(answer);
  const optOutArgument = optOut === null ? "" : `,${optOut}`;
  return `$WZRK_WR.s('${guid}',${session},${resume},${rn}${optOutArgument});`;
}

/** Fetch mode: `{"meta":{"g","sid","rf","rn"[,"optOut"]}}`. */
export function fetchBody(answer: SdkAnswer): string {
  const { guid, session, resume, rn, optOut } = checked(answer);
  return JSON.stringify({ meta: { g: guid, sid: session, rf: resume, rn, ...(optOut === null ? {} : { optOut }) } });
}
