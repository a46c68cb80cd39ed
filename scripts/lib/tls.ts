// The certificate of the HTTPS listener. The Web SDK only speaks HTTPS, so `npm start` always offers it:
// TLS_CERT / TLS_KEY (PEM files) when set, else a self-signed certificate for localhost / 127.0.0.1 / ::1 made on
// first start and kept under <TAPESTRY_DATA_DIR>/tls/ (so browsers that were told to trust it keep trusting it).
import fs from "node:fs";
import path from "node:path";
import { generate } from "selfsigned";

export type TlsFiles = { cert: string; key: string; describe: string };

const VALID_DAYS = 825; // the longest validity browsers accept for a leaf certificate

export async function loadOrCreateCertificate(options: { dataDir: string; certFile?: string; keyFile?: string }): Promise<TlsFiles> {
  if (options.certFile || options.keyFile) {
    if (!options.certFile || !options.keyFile)
      throw new Error("Set both TLS_CERT and TLS_KEY (PEM files), or neither for a self-signed certificate.");
    const read = (file: string, name: string) => {
      try {
        return fs.readFileSync(file, "utf8");
      } catch (error) {
        throw new Error(`${name} ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    return { cert: read(options.certFile, "TLS_CERT"), key: read(options.keyFile, "TLS_KEY"), describe: `certificate ${options.certFile}` };
  }
  const dir = path.join(options.dataDir, "tls");
  const certPath = path.join(dir, "localhost.crt");
  const keyPath = path.join(dir, "localhost.key");
  if (fs.existsSync(certPath) && fs.existsSync(keyPath)) {
    return {
      cert: fs.readFileSync(certPath, "utf8"),
      key: fs.readFileSync(keyPath, "utf8"),
      describe: `self-signed certificate ${certPath}`,
    };
  }
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_DAYS * 86_400_000);
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(keyPath, pems.private, { mode: 0o600 });
  fs.writeFileSync(certPath, pems.cert, { mode: 0o644 });
  return { cert: pems.cert, key: pems.private, describe: `self-signed certificate ${certPath} (made now)` };
}
