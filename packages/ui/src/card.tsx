import type { ReactNode } from "react";

export function Card({ title, children }: { title?: ReactNode; children: ReactNode }) {
  return (
    <section className="w-full rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      {title ? <h1 className="mb-4 text-xl font-semibold text-slate-900">{title}</h1> : null}
      {children}
    </section>
  );
}
