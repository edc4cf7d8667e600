/**
 * A client address as people write it (RFC 5952): Better Auth stores IPv6 fully expanded
 * (`0000:0000:…:0001`), which reads as noise; this gives `::1`. IPv4-mapped addresses become the
 * plain IPv4 address. Anything that is not an IPv6 address is returned as is; missing is "—".
 */
export function formatAddress(value: string | null | undefined): string {
  if (!value) return "—";
  if (!value.includes(":")) return value;
  const groups = expandIpv6(value);
  if (!groups) return value;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  }
  // The longest run of two or more zero groups becomes "::" (the first one on a tie).
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start += 1;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

function expandIpv6(value: string): number[] | null {
  const [address = ""] = value.split("%");
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part ? part.split(":") : []);
  const head = parse(halves[0] ?? "");
  const tail = parse(halves[1] ?? "");
  // An embedded IPv4 tail (::ffff:127.0.0.1) counts as two groups.
  const last = tail.at(-1) ?? head.at(-1);
  const words = [...head, ...tail].flatMap((part) => {
    if (part === last && part.includes(".")) {
      const octets = part.split(".").map(Number);
      if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255)) return [Number.NaN];
      const [a = 0, b = 0, c = 0, d = 0] = octets;
      return [(a << 8) | b, (c << 8) | d];
    }
    return /^[0-9a-fA-F]{1,4}$/.test(part) ? [Number.parseInt(part, 16)] : [Number.NaN];
  });
  if (words.some(Number.isNaN)) return null;
  if (halves.length === 1) return words.length === 8 ? words : null;
  const missing = 8 - words.length;
  if (missing < 1) return null;
  const split = head.length + (head.some((part) => part.includes(".")) ? 1 : 0);
  return [...words.slice(0, split), ...new Array<number>(missing).fill(0), ...words.slice(split)];
}
