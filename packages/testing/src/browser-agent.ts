import { request } from "node:http";

export interface RawResponse {
  status: number;
  location: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A minimal stand-in for a browser's navigation, used where a real browser adds nothing: it
 * keeps cookies and sends `Sec-Fetch-Mode: navigate`, which Node's fetch cannot (it always
 * says `cors`, and Better Auth then answers JSON instead of a redirect). It never follows
 * redirects itself, so tests can assert every hop.
 */
export class BrowserAgent {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  hasCookies(): boolean {
    return this.cookies.size > 0;
  }

  navigate(url: string): Promise<RawResponse> {
    return this.send("GET", url, undefined, {});
  }

  /** A native HTML form post (application/x-www-form-urlencoded) from the console's origin. */
  submitForm(url: string, fields: Record<string, string>): Promise<RawResponse> {
    return this.send("POST", url, new URLSearchParams(fields).toString(), {
      "content-type": "application/x-www-form-urlencoded",
    });
  }

  /** A `fetch()` from a page on the console's origin, with credentials. */
  fetchJson(url: string, method: "POST" | "GET" | "PATCH" | "PUT" | "DELETE", json?: unknown): Promise<RawResponse> {
    return this.send(method, url, json === undefined ? undefined : JSON.stringify(json), {
      accept: "application/json",
      "content-type": "application/json",
      "sec-fetch-mode": "cors",
    });
  }

  /** Follows redirects while `within(url)` holds; returns the first URL outside it. */
  async followRedirects(url: string, within: (url: string) => boolean): Promise<string> {
    let next = url;
    for (let hop = 0; hop < 10; hop++) {
      if (!within(next)) return next;
      const response = await this.navigate(next);
      if (!response.location) throw new Error(`Expected a redirect from ${next}, got ${response.status}: ${response.body.slice(0, 300)}`);
      next = new URL(response.location, next).toString();
    }
    throw new Error("Too many redirects");
  }

  private send(method: string, url: string, body: string | undefined, headers: Record<string, string>): Promise<RawResponse> {
    const target = new URL(url);
    const cookie = this.cookieHeader();
    return new Promise((resolve, reject) => {
      const outgoing = request(
        target,
        {
          method,
          headers: {
            accept: "text/html,application/xhtml+xml,*/*;q=0.8",
            origin: this.origin,
            "sec-fetch-mode": "navigate",
            "sec-fetch-dest": "document",
            ...(cookie ? { cookie } : {}),
            ...(body === undefined ? {} : { "content-length": Buffer.byteLength(body).toString() }),
            ...headers,
          },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("end", () => {
            this.storeCookies(incoming.headers["set-cookie"] ?? []);
            resolve({
              status: incoming.statusCode ?? 0,
              location: incoming.headers.location,
              headers: incoming.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            });
          });
          incoming.on("error", reject);
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }

  private storeCookies(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
