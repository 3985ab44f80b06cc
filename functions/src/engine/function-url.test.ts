/** The production enqueue target: the function's own URL from the Cloud Functions API. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { functionResourceUrl, functionUrlResolver, parseFunctionUri } from "./function-url";

// A GetFunction answer in the shape the Cloud Functions v2 API returns for a deployed 2nd-gen function.
const recorded = JSON.parse(readFileSync(join(__dirname, "fixtures/get-function-backfillItem.json"), "utf8"));

function fakeApi(answers: Array<{ status: number; body: unknown }>) {
  const calls: Array<{ url: string; authorization: string | null }> = [];
  const fetchFn = (async (url: string, init?: RequestInit) => {
    calls.push({ url, authorization: new Headers(init?.headers).get("authorization") });
    const next = answers.shift() ?? { status: 500, body: {} };
    return new Response(JSON.stringify(next.body), { status: next.status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { fetchFn, calls };
}

describe("function URL resolution (production enqueue)", () => {
  it("reads serviceConfig.uri from the recorded API answer, not the cloudfunctions.net url", () => {
    expect(parseFunctionUri(recorded, "u")).toBe("https://backfillitem-ljh3gqne4q-uc.a.run.app");
  });

  it("asks the v2beta resource of the function, with the service account's token, once per function", async () => {
    const { fetchFn, calls } = fakeApi([{ status: 200, body: recorded }]);
    const resolve = functionUrlResolver({ projectId: "demo-backfill", location: "us-central1", accessToken: async () => "tok", fetch: fetchFn });
    expect(await resolve("backfillItem")).toBe("https://backfillitem-ljh3gqne4q-uc.a.run.app");
    expect(await resolve("backfillItem")).toBe("https://backfillitem-ljh3gqne4q-uc.a.run.app");
    expect(calls).toEqual([
      { url: "https://cloudfunctions.googleapis.com/v2beta/projects/demo-backfill/locations/us-central1/functions/backfillItem", authorization: "Bearer tok" },
    ]);
    expect(functionResourceUrl("p", "europe-west1", "f")).toBe("https://cloudfunctions.googleapis.com/v2beta/projects/p/locations/europe-west1/functions/f");
  });

  it("fails with the API's status and looks up again after a failure", async () => {
    const { fetchFn, calls } = fakeApi([
      { status: 403, body: { error: { code: 403, message: "Permission 'cloudfunctions.functions.get' denied" } } },
      { status: 200, body: recorded },
    ]);
    const resolve = functionUrlResolver({ projectId: "demo-backfill", location: "us-central1", accessToken: async () => "tok", fetch: fetchFn });
    await expect(resolve("backfillItem")).rejects.toThrow(/answered 403 .*cloudfunctions.functions.get/);
    expect(await resolve("backfillItem")).toBe("https://backfillitem-ljh3gqne4q-uc.a.run.app");
    expect(calls).toHaveLength(2);
  });

  it("names the missing field when the answer has no uri (a function still deploying)", () => {
    const deploying = { ...recorded, state: "DEPLOYING", serviceConfig: { service: recorded.serviceConfig.service } };
    expect(() => parseFunctionUri(deploying, "u")).toThrow("No serviceConfig.uri in the Cloud Functions API answer for u: serviceConfig.uri");
  });
});
