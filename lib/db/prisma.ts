// Typed Prisma client over the shared pool, for reads and simple writes.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { pool } from "./pool";

const globalForPrisma = globalThis as unknown as { tapestryPrisma?: PrismaClient };

export function prisma(): PrismaClient {
  globalForPrisma.tapestryPrisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return globalForPrisma.tapestryPrisma;
}
