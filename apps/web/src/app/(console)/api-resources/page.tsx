import type { Metadata } from "next";
import { ApiResourcesView } from "@/console/api-resources/api-resources-view";

export const metadata: Metadata = { title: "APIs" };

export default function ApiResourcesPage() {
  return <ApiResourcesView />;
}
