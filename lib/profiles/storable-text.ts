// Text PostgreSQL can store: its json/jsonb and text types refuse NUL, and a lone UTF-16 surrogate (half of an emoji,
// or a crafted "\ud800") is not Unicode at all — JSON.stringify escapes it and the JSON cast then fails the whole
// statement. Every key, value and name a client sends is checked here first, so such a record gets its own error.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored, or null when it can. */
export function unstorableText(text: string): string | null {
  if (text.includes("\u0000")) return "a NUL character";
  if (LONE_SURROGATE.test(text)) return "an unpaired UTF-16 surrogate (not valid Unicode)";
  return null;
}
