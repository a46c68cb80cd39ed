// "The client address of this request", one rule for every feature that needs it (sign-in rate limit, logs, budgets).
// X-Forwarded-For is written by whoever sends the request: it is believed only when the connection comes from a
// proxy listed in TAPESTRY_TRUSTED_PROXIES, and then only up to the first address that is not such a proxy (a proxy
// appends the address it saw; anything to the left of that may have been made up by the client).
import net from "node:net";

/** The header Tapestry's server sets on every request it hands on (any value a client sent is replaced). */
export const CLIENT_ADDRESS_HEADER = "x-tapestry-client-address";

/** Parses "10.0.0.1, 10.1.0.0/16, ::1" into a list net.BlockList can check; throws on a malformed entry. */
export function parseTrustedProxies(text: string): net.BlockList {
  const list = new net.BlockList();
  for (const entry of text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [address, prefix] = entry.split("/");
    const type = net.isIPv4(address) ? "ipv4" : net.isIPv6(address) ? "ipv6" : null;
    const bits = prefix === undefined ? null : Number(prefix);
    if (!type || (bits !== null && !(Number.isInteger(bits) && bits >= 0 && bits <= (type === "ipv4" ? 32 : 128))) || prefix === "")
      throw new Error(`'${entry}' is not an IP address or a CIDR range`);
    if (bits === null) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

/** An IPv4 address as Node reports it on a dual-stack socket ("::ffff:10.0.0.1") reads as plain IPv4. */
function plain(address: string): string {
  const trimmed = address.trim();
  return trimmed.toLowerCase().startsWith("::ffff:") && net.isIPv4(trimmed.slice(7)) ? trimmed.slice(7) : trimmed;
}

function isTrusted(address: string, trusted: net.BlockList): boolean {
  const type = net.isIPv4(address) ? "ipv4" : net.isIPv6(address) ? "ipv6" : null;
  return type !== null && trusted.check(address, type);
}

/**
 * The address a request comes from: the socket peer, unless that peer is a trusted proxy; then the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy (or the left-most one when all of them are).
 */
export function clientAddress(options: {
  remoteAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustedProxies: net.BlockList;
}): string {
  const peer = plain(options.remoteAddress ?? "");
  if (!peer || !isTrusted(peer, options.trustedProxies) || options.forwardedFor === undefined) return peer || "unknown";
  const hops = (Array.isArray(options.forwardedFor) ? options.forwardedFor.join(",") : options.forwardedFor)
    .split(",")
    .map(plain)
    .filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index];
    if (!net.isIP(hop)) return peer; // a malformed entry: nothing left of it can be believed
    if (!isTrusted(hop, options.trustedProxies)) return hop;
  }
  return hops[0] ?? peer;
}

/** The client address the server put on a request it handed on (null when absent, e.g. outside the server). */
export function requestClientAddress(headers: Pick<Headers, "get"> | null | undefined): string | null {
  const value = headers?.get(CLIENT_ADDRESS_HEADER)?.trim();
  return value ? value.slice(0, 64) : null;
}
