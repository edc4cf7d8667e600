import type { Metadata } from "next";
import { NewClient } from "@/console/oauth-clients/new-client";

export const metadata: Metadata = { title: "New OAuth client" };

export default function NewOAuthClientPage() {
  return <NewClient />;
}
