import type { Metadata } from "next";
import { OutboxView } from "@/console/mail/outbox-view";

export const metadata: Metadata = { title: "Mail" };

export default function OutboxPage() {
  return <OutboxView />;
}
