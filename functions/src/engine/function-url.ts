/**
 * Production enqueue target (Firebase's "Enqueue functions with Cloud Tasks", 2nd gen): a task is
 * sent to the target function's own URL, read from the Cloud Functions API
 * (`GET v2beta/projects/{project}/locations/{location}/functions/{name}` -> `serviceConfig.uri`)
 * and passed to `enqueue` as `uri`. Without it the Admin SDK falls back to the 1st-gen style
 * `https://{location}-{project}.cloudfunctions.net/{name}` address. The emulator needs none of this.
 * Resolved once per function per instance; a failed lookup is tried again on the next enqueue.
 */
import { z } from "zod";

export const FUNCTIONS_API = "https://cloudfunctions.googleapis.com/v2beta";

/** The part of the API's Function resource we read. */
const functionResourceSchema = z.object({
  name: z.string(),
  serviceConfig: z.object({ uri: z.url() }),
});

export interface FunctionUrlDeps {
  projectId: string;
  location: string;
  /** An OAuth access token with the cloud-platform scope (the functions' service account). */
  accessToken: () => Promise<string>;
  fetch: typeof fetch;
}

export function functionResourceUrl(projectId: string, location: string, name: string): string {
  return `${FUNCTIONS_API}/projects/${projectId}/locations/${location}/functions/${name}`;
}

/** Reads `serviceConfig.uri` out of a GetFunction response; throws naming what is missing. */
export function parseFunctionUri(body: unknown, url: string): string {
  const parsed = functionResourceSchema.safeParse(body);
  if (!parsed.success)
    throw new Error(
      `No serviceConfig.uri in the Cloud Functions API answer for ${url}: ${parsed.error.issues.map((i) => i.path.join(".") || "body").join(", ")}`,
    );
  return parsed.data.serviceConfig.uri;
}

export function functionUrlResolver(deps: FunctionUrlDeps): (name: string) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  const lookUp = async (name: string) => {
    const url = functionResourceUrl(deps.projectId, deps.location, name);
    const res = await deps.fetch(url, { headers: { authorization: `Bearer ${await deps.accessToken()}` } });
    if (!res.ok) throw new Error(`Cloud Functions API answered ${res.status} for ${url}: ${(await res.text()).slice(0, 300)}`);
    return parseFunctionUri(await res.json(), url);
  };
  return (name) => {
    let uri = cache.get(name);
    if (!uri) {
      uri = lookUp(name);
      cache.set(name, uri);
      uri.catch(() => cache.delete(name));
    }
    return uri;
  };
}
