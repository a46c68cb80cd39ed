// The official library ships no types; this is the part the tests use.
declare module "clevertap" {
  type Answer = { status: string; [key: string]: unknown };
  type ProfileAnswer = Answer & { record: { identity?: string; profileData: Record<string, unknown>; events: Record<string, unknown> } };
  interface CleverTapClient {
    upload(records: unknown[], options?: object): Promise<Answer>;
    profile(query: { email?: string; identity?: string; objectId?: string }): Promise<ProfileAnswer>;
    delete(query: { identity?: string | string[]; guid?: string | string[] }): Promise<Answer>;
    profiles(query: object, options?: { batchSize?: number }): Promise<any[]>;
    events(query: object, options?: { batchSize?: number }): Promise<any[]>;
    getProfilesCount(query: object): Promise<Answer>;
    getEventsCount(query: object): Promise<Answer>;
    topPropertyCounts(query: object): Promise<Answer>;
    trends(query: object): Promise<Answer>;
    realTimeCounts(query: object): Promise<Answer>;
  }
  const CleverTap: { init(accountId: string, passcode: string, region: string): CleverTapClient; REGIONS: Record<string, string> };
  export default CleverTap;
}
