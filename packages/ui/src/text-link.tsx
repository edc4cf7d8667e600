import type { AnchorHTMLAttributes } from "react";
import { cx } from "./class-names.ts";

export function TextLink({ className, ...props }: AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a
      className={cx(
        "font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:rounded-sm focus-visible:outline-2 focus-visible:outline-indigo-600",
        className,
      )}
      {...props}
    />
  );
}
