// The official library ships no types; this is the part the tests use.
declare module "clevertap" {
  type Answer = { status: string; [key: string]: any };
  interface CleverTapClient {
    upload(records: unknown[], options?: object): Promise<Answer>;
    profile(query: { email?: string; identity?: string; objectId?: string }): Promise<Answer>;
    delete(query: { identity?: string | string[]; guid?: string | string[] }): Promise<Answer>;
  }
  const CleverTap: { init(accountId: string, passcode: string, region: string): CleverTapClient; REGIONS: Record<string, string> };
  export default CleverTap;
}
