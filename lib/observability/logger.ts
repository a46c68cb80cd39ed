// The process's structured logger (pino, JSON lines on stdout). One instance per process, kept on globalThis: the
// server script and Next's bundle each load their own copy of lib/, and both must write through the same logger.
import pino from "pino";
import { env } from "../env";

const globalForLogger = globalThis as unknown as { tapestryLogger?: pino.Logger };

export function logger(): pino.Logger {
  globalForLogger.tapestryLogger ??= pino({ level: env().TAPESTRY_LOG_LEVEL, timestamp: pino.stdTimeFunctions.isoTime });
  return globalForLogger.tapestryLogger;
}

/** An error as log fields: message, code (PostgreSQL's SQLSTATE or Node's errno name) and stack. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { err: String(error) };
  return { err: { message: error.message, code: (error as { code?: unknown }).code, stack: error.stack } };
}
