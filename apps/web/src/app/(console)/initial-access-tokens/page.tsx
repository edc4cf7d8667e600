import type { Metadata } from "next";
import { InitialAccessTokensView } from "@/console/initial-access-tokens/initial-access-tokens-view";

export const metadata: Metadata = { title: "Client registration" };

export default function InitialAccessTokensPage() {
  return <InitialAccessTokensView />;
}
