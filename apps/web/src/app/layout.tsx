import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Every page renders per request: the CSP nonce (src/proxy.ts) must be fresh, and the API's URL
// is read from the environment at request time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "IAM", template: "%s · IAM" },
  description: "Identity provider and admin console",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
