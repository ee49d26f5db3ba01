/** A query parameter's value; a list is sent comma-separated, each item encoded. */
export type QueryValue = string | readonly string[];

/**
 * The URL of an API endpoint: `<base>/api/<endpoint>?<query>`. A base URL
 * with trailing slashes never yields `//api/`, and every query value is
 * percent-encoded, since package ids, slot names and versions are arbitrary
 * user strings.
 */
export function apiUrl(
  baseUrl: string,
  endpoint: string,
  query: ReadonlyArray<readonly [string, QueryValue]> = [],
): string {
  const base = baseUrl.replace(/\/+$/, "");
  const path = endpoint.replace(/^\/+/, "");
  const search = query
    .map(([name, value]) => {
      const encoded = typeof value === "string"
        ? encodeURIComponent(value)
        : value.map(encodeURIComponent).join(",");
      return `${encodeURIComponent(name)}=${encoded}`;
    })
    .join("&");
  return `${base}/api/${path}${search ? `?${search}` : ""}`;
}
