/** Dates as the admin's browser would say them; seconds-since-epoch, ISO strings, or dates (Better Auth's client revives them). */
export function formatDate(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) return "—";
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/**
 * A client address as people write it: Better Auth stores IPv6 fully expanded
 * (`0000:…:0001`); shown compressed (`::1`), IPv4-mapped addresses as plain IPv4.
 */
export { formatAddress } from "@iam/schemas";
