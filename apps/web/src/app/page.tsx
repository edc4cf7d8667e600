import { redirect } from "next/navigation";

/** The console is the home page; its layout sends anyone signed out to /sign-in and back. */
export default function HomePage() {
  redirect("/dashboard");
}
