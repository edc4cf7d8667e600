import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ConsoleProviders } from "@/console/api/api-context";
import { ConsoleFrame } from "@/console/shell/console-frame";
import { runtimeConfig } from "@/lib/runtime-config";

export const metadata: Metadata = { title: { default: "Console", template: "%s · IAM console" } };
export const dynamic = "force-dynamic";

/** Admin screens: one React Query client, the API's URL from the environment, the admin guard. */
export default function ConsoleLayout({ children }: { children: ReactNode }) {
  const { apiUrl } = runtimeConfig();
  return (
    <ConsoleProviders apiUrl={apiUrl}>
      <ConsoleFrame>{children}</ConsoleFrame>
    </ConsoleProviders>
  );
}
