import type { Metadata } from "next";
import { ClientView } from "@/console/oauth-clients/client-view";

export const metadata: Metadata = { title: "OAuth client" };

export default async function OAuthClientPage({ params }: { params: Promise<{ clientId: string }> }) {
  const { clientId } = await params;
  return <ClientView clientId={clientId} />;
}
