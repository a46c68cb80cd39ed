// The official library ships no types; this is the part the tests use.
declare module "clevertap" {
  // biome-ignore lint/suspicious/noExplicitAny: the library's answers are untyped JSON, read freely by the tests
  type Json = any;
  type Answer = { status: string; [key: string]: Json };
  interface CleverTapClient {
    upload(records: unknown[], options?: object): Promise<Answer>;
    uploadDeviceTokens(records: unknown[], options?: object): Promise<Answer>;
    profile(query: { email?: string; identity?: string; objectId?: string }): Promise<Answer>;
    delete(query: { identity?: string | string[]; guid?: string | string[] }): Promise<Answer>;
    profiles(query: object, options?: { batchSize?: number }): Promise<Json[]>;
    events(query: object, options?: { batchSize?: number }): Promise<Json[]>;
    getProfilesCount(query: object): Promise<Answer>;
    getEventsCount(query: object): Promise<Answer>;
    topPropertyCounts(query: object): Promise<Answer>;
    trends(query: object): Promise<Answer>;
    realTimeCounts(query: object): Promise<Answer>;
    subscribe(query: { d: { type: string; value: string; status: string }[] }): Promise<Answer>;
  }
  const CleverTap: { init(accountId: string, passcode: string, region: string): CleverTapClient; REGIONS: Record<string, string> };
  export default CleverTap;
}
