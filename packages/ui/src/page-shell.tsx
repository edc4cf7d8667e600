import type { ReactNode } from "react";

export interface PageShellProps {
  /** Product name shown above the card. */
  brand?: ReactNode;
  /** The square before the brand; `null` when the brand brings its own logo. */
  mark?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
}

/** The frame of every end-user page: one centred column that reads well from phone to desktop. */
export function PageShell({
  brand = "IAM",
  mark = <span aria-hidden="true" className="inline-block size-6 rounded-md bg-indigo-600" />,
  footer,
  children,
}: PageShellProps) {
  return (
    <div className="flex min-h-screen flex-col bg-slate-50">
      <header className="px-4 pt-8 pb-4 text-center sm:pt-16">
        <span className="inline-flex items-center gap-2 text-sm font-semibold tracking-wide text-slate-700">
          {mark}
          {brand}
        </span>
      </header>
      <main className="mx-auto w-full max-w-md flex-1 px-4 pb-12">{children}</main>
      {footer ? <footer className="px-4 pb-8 text-center text-xs text-slate-500">{footer}</footer> : null}
    </div>
  );
}
