"use client";

import { cx } from "@iam/ui";
import Link from "next/link";
import { usePathname } from "next/navigation";

const ITEMS = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/oauth-clients", label: "OAuth clients" },
  { href: "/api-resources", label: "APIs" },
  { href: "/consents", label: "Consents" },
  { href: "/users", label: "Users" },
  { href: "/signing-keys", label: "Signing keys" },
  { href: "/initial-access-tokens", label: "Client registration" },
  { href: "/audit-log", label: "Audit log" },
  { href: "/outbox", label: "Mail" },
  { href: "/settings", label: "Settings" },
];

export function ConsoleNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Console" className="flex flex-wrap gap-1">
      {ITEMS.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cx(
              "rounded-lg px-3 py-2 text-sm font-medium transition-colors",
              active ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
