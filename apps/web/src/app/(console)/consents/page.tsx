import type { Metadata } from "next";
import { Suspense } from "react";
import { ConsentsView } from "@/console/consents/consents-view";

export const metadata: Metadata = { title: "Consents" };

export default function ConsentsPage() {
  return (
    <Suspense>
      <ConsentsView />
    </Suspense>
  );
}
