import type { Metadata } from "next";
import { UserView } from "@/console/users/user-view";

export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  return <UserView userId={userId} />;
}
