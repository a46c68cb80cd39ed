// Security headers of the dashboard's pages (everything a browser navigates to except the demo shop, the Web SDK
// endpoint and the APIs). Scripts run only with this response's nonce (Next puts it on its own inline scripts) or
// when loaded by such a script ('strict-dynamic'); nothing may frame the pages (clickjacking on consent and role
// controls); no referrer leaves the site with a profile URL in it; powerful browser features are off.

/** A fresh nonce per response: 16 random bytes, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // Style attributes (React's style={…}) need 'unsafe-inline'; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Every header of a dashboard page's response. */
export function securityHeaders(nonce: string): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(nonce),
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "x-content-type-options": "nosniff",
  };
}
