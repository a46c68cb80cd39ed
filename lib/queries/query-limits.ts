// Limits shared by the list's URL state and the query engine's conditions (a module of its own: the two import each
// other's schemas, and constants read while a module loads must not sit on that cycle).
export const MAX_FILTERS = 20;
/** CleverTap's: property values ≤ 512 (keys: lib/profiles/limits) */
export const MAX_VALUE_LENGTH = 512;
