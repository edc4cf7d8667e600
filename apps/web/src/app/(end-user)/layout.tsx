import { PageShell } from "@iam/ui";
import type { ReactNode } from "react";

/** Pages a person sees while signing in to some application: one calm, centred column. */
export default function EndUserLayout({ children }: { children: ReactNode }) {
  return <PageShell footer="Secured by IAM · Your password is never shared with the application.">{children}</PageShell>;
}
