import { redirect } from "next/navigation";
import { signedInRole } from "@/account/load-account";
import { runtimeConfig } from "@/lib/runtime-config";

/**
 * Home, where sign-in lands by default: administrators go to the console, everyone else to their
 * own account page (the console would only tell them "no access"). Signed out, to /sign-in, which
 * comes back here.
 */
export default async function HomePage() {
  const role = await signedInRole(runtimeConfig().apiUrl);
  redirect(role === "admin" ? "/dashboard" : role === "user" ? "/account" : "/sign-in");
}
