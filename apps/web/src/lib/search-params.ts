/** What Next hands a page as `searchParams`. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

export function toUrlSearchParams(params: PageSearchParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
  }
  return search;
}

export function firstParam(params: PageSearchParams, key: string): string | undefined {
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `?callbackURL=` when it is a page of the console (`webUrl`): anything else must not become an
 * open redirect, so it reads as absent.
 */
export function consoleCallbackParam(params: PageSearchParams, webUrl: string): string | undefined {
  const value = firstParam(params, "callbackURL");
  return value?.startsWith(`${webUrl}/`) ? value : undefined;
}
