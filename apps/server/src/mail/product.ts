/**
 * The product's name as people see it in mail (subject lines, greetings, footers): the one an
 * admin set on the console's settings page, applied with the lifetimes (settings/settings-store.ts).
 */
export const DEFAULT_PRODUCT_NAME = "IAM";

let current = DEFAULT_PRODUCT_NAME;

export function productName(): string {
  return current;
}

export function setProductName(name: string | null | undefined): void {
  current = name?.trim() || DEFAULT_PRODUCT_NAME;
}
