// Which profile an editor form writes to and what the editor had seen when the page was rendered.
export type EditTarget = { profileId: string; expectedVersion: string; seenChangeSetId: string };
