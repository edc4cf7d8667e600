/** What `bufferedBody` puts in the context for the layers of /api/auth/* that look at the body. */
export type RequestBodyVariables = { requestBody: RequestBody };

export interface RequestBody {
  /** The body, read off the socket once (empty for GET and HEAD). */
  readonly text: string;
  /** The body as form fields, parsed on first use and kept (empty when the text is not a form). */
  form(): URLSearchParams;
  /** The body as JSON, parsed on first use and kept; `undefined` when it is not JSON. */
  json(): unknown;
}

/** One parse of `text` shared by every layer that asks (client limits, grant lock, metrics). */
export function parsedBody(text: string): RequestBody {
  let form: URLSearchParams | undefined;
  let json: { value: unknown } | undefined;
  return {
    text,
    form: () => {
      form ??= new URLSearchParams(text);
      return form;
    },
    json: () => {
      if (!json) {
        try {
          json = { value: JSON.parse(text) };
        } catch {
          json = { value: undefined };
        }
      }
      return json.value;
    },
  };
}
