// The pinned official Web SDK bundle (npm clevertap-web-sdk, unmodified), served from node_modules: no CDN.
import fs from "node:fs/promises";
import path from "node:path";

export const dynamic = "force-dynamic";

let bundle: Promise<string> | undefined;

export async function GET() {
  bundle ??= fs.readFile(path.join(process.cwd(), "node_modules", "clevertap-web-sdk", "clevertap.js"), "utf8");
  try {
    return new Response(await bundle, {
      headers: { "content-type": "application/javascript; charset=utf-8", "cache-control": "public, max-age=3600" },
    });
  } catch (error) {
    bundle = undefined;
    console.error(`[demo] clevertap-web-sdk bundle unreadable: ${error instanceof Error ? error.message : String(error)}`);
    return new Response("console.error('clevertap-web-sdk is not installed on this server (npm install)');", {
      status: 500,
      headers: { "content-type": "application/javascript" },
    });
  }
}
