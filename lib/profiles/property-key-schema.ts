// A property key as every form, action and query body checks it: the engine's limit, counted in bytes (limits.ts).
import { z } from "zod";
import { isKeyWithinLimit, MAX_KEY_BYTES } from "./limits";

export const propertyKeySchema = z.string().min(1, "Enter a key.").refine(isKeyWithinLimit, `At most ${MAX_KEY_BYTES} bytes.`);
