import type { Db } from "@iam/db";
import type { Branding, SignUpPolicy } from "@iam/schemas";
import { createSettingsStore } from "./settings-store.ts";

/**
 * The one call mail templates (and anything else rendering for a person) make for the product's
 * look: name, logo, accent colour and support contact as the admin set them.
 */
export function loadBranding(db: Db, signUpDefault: SignUpPolicy = "open"): Promise<Branding> {
  return createSettingsStore(db, signUpDefault).branding();
}
