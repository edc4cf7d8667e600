import type { Metadata } from "next";
import { ClientsList } from "@/console/oauth-clients/clients-list";

export const metadata: Metadata = { title: "OAuth clients" };

export default function OAuthClientsPage() {
  return <ClientsList />;
}
