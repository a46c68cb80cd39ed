// Serves the built Next.js app (dashboard, /1 REST API) on HTTP.
import http from "node:http";
import next from "next";

export type Servers = { close: () => Promise<void> };

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new Error(`Port ${port} is in use: stop what is using it or set PORT.`));
      else if (error.code === "EACCES") reject(new Error(`Port ${port} needs privileges: choose a port above 1024 with PORT.`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
}

export async function serve(options: { port: number; host: string }): Promise<Servers> {
  const app = next({ dev: false, dir: process.cwd(), hostname: options.host, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error("[http] unhandled", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "fail", error: "Internal error", code: 500 }));
    });
  });
  server.keepAliveTimeout = 65_000;
  await listen(server, options.port, options.host);
  return {
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
