import { isIPv6, SocketAddress } from "node:net";
import Bowser from "bowser";

const UNKNOWN_DEVICE = "Unknown device";
const MAX_PRODUCT_LENGTH = 40;

function major(version: string | undefined): string {
  return version?.split(".")[0] ?? "";
}

/**
 * A user agent in the words a person recognises: "Chrome 141 on Linux", "Safari 17 on iPhone
 * (iOS 17.0)". Scripts and unknown agents keep their product token ("curl 8.5.0"), so nothing is
 * invented.
 */
export function describeDevice(userAgent: string | null | undefined): string {
  const agent = userAgent?.trim();
  if (!agent) return UNKNOWN_DEVICE;
  const { browser, os, platform } = Bowser.parse(agent);
  if (browser.name) {
    const name = [browser.name, major(browser.version)].filter(Boolean).join(" ");
    const system = [os.name, os.versionName ?? (os.name === "iOS" || os.name === "Android" ? os.version : undefined)].filter(Boolean).join(" ");
    if (platform.model && system) return `${name} on ${platform.model} (${system})`;
    return system ? `${name} on ${system}` : name;
  }
  const product = agent.split(/\s+/)[0]?.replace("/", " ") ?? "";
  return product ? product.slice(0, MAX_PRODUCT_LENGTH) : UNKNOWN_DEVICE;
}

/**
 * Addresses as the audit log writes them (`::1`, `203.0.113.7`). Better Auth stores IPv6 expanded
 * (`0000:…:0001`); sessions created before the project recorded the raw address still read well.
 */
export function displayAddress(address: string | null | undefined): string | undefined {
  const value = address?.trim();
  if (!value) return undefined;
  if (!isIPv6(value)) return value;
  try {
    return new SocketAddress({ address: value, family: "ipv6" }).address;
  } catch {
    return value;
  }
}
