import type { ReactNode } from "react";
import { cx } from "./class-names.ts";

export interface CardProps {
  title?: ReactNode;
  /** Text under the title. */
  description?: ReactNode;
  /** Heading level of the title: end-user pages use h1, console panels h2. */
  headingLevel?: 1 | 2 | 3;
  className?: string;
  children: ReactNode;
}

export function Card({ title, description, headingLevel = 1, className, children }: CardProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <section className={cx("w-full rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8", className)}>
      {title ? <Heading className="text-xl font-semibold text-slate-900">{title}</Heading> : null}
      {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      <div className={title || description ? "mt-6" : undefined}>{children}</div>
    </section>
  );
}
