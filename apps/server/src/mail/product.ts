/**
 * The product's name as people see it in mail (subject lines, greetings, footers). One function,
 * so a settings page can feed it later without touching every template.
 */
export const DEFAULT_PRODUCT_NAME = "IAM";

export function productName(): string {
  return DEFAULT_PRODUCT_NAME;
}
