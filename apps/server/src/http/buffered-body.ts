import type { MiddlewareHandler } from "hono";
import { parsedBody } from "./request-body.ts";
import type { RequestBodyVariables } from "./request-body.ts";

const FORM_ENCODED = "application/x-www-form-urlencoded";

function mediaType(headers: Headers): string {
  return (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * A Request whose body is a string already read off the socket.
 *
 * Better Auth reads a token request's body three times: better-call parses a `clone()` (the
 * endpoint sets `cloneRequest`), then the OAuth plugin reads two more clones for client
 * credentials and repeated `resource` parameters. On undici every clone tees a web stream, and
 * building those streams (`makeTransferable`, `tee`, chunk copies) was about a tenth of a
 * client_credentials grant's CPU. Here the text is kept: reads and clones hand it out again, and
 * a stream is built only for a caller that asks for `body` itself.
 */
export class BufferedRequest extends Request {
  readonly #text: string;
  #stream: Request["body"] | undefined;

  constructor(url: string, init: { method: string; headers: HeadersInit }, text: string) {
    super(url, { method: init.method, headers: init.headers });
    this.#text = text;
  }

  /** Reading the stream does not use up the text: later reads and clones still see the whole body. */
  override get body(): Request["body"] {
    // Straight from the bytes: a Blob would cost a second transferable object.
    this.#stream ??= new ReadableStream({
      start: (controller) => {
        controller.enqueue(new TextEncoder().encode(this.#text));
        controller.close();
      },
    });
    return this.#stream;
  }

  override get bodyUsed(): boolean {
    return false;
  }

  override text(): Promise<string> {
    return Promise.resolve(this.#text);
  }

  override async json(): Promise<unknown> {
    return JSON.parse(this.#text);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#withStream().arrayBuffer();
  }

  override blob(): Promise<Blob> {
    return this.#withStream().blob();
  }

  /** A form-encoded body is parsed from the text as undici would; multipart needs undici's parser. */
  override async formData(): Promise<FormData> {
    if (mediaType(this.headers) !== FORM_ENCODED) return this.#withStream().formData();
    const form = new FormData();
    for (const [name, value] of new URLSearchParams(this.#text)) form.append(name, value);
    return form;
  }

  override clone(): BufferedRequest {
    return new BufferedRequest(this.url, { method: this.method, headers: this.headers }, this.#text);
  }

  #withStream(): Request {
    return new Request(this.url, { method: this.method, headers: this.headers, body: this.#text });
  }
}

/**
 * Reads a request body once and hands Better Auth a {@link BufferedRequest} built from that text.
 *
 * On `/api/auth/*` it runs right after the client address, before every layer that looks at the
 * body: it reads `c.req.text()` (node-server reads it straight off the socket, and Hono caches
 * it), then swaps in a Request whose body is that string, and puts the text, parsed once on
 * demand, in the context (`c.get("requestBody")`). The NUL check reads Hono's cached text, the
 * client limits, the grant lock and the metrics (after the answer) the context's parse, the
 * end-user layer and Better Auth the BufferedRequest and its clones.
 */
export function bufferedBody(): MiddlewareHandler<{ Variables: RequestBodyVariables }> {
  return async (c, next) => {
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD") {
      const text = await c.req.text();
      c.req.raw = new BufferedRequest(c.req.url, { method, headers: c.req.raw.headers }, text);
      c.set("requestBody", parsedBody(text));
    }
    await next();
  };
}
