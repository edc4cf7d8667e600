import { describeScope } from "@/lib/scope-descriptions";

/** What an application asks for, one scope a line in words (the consent and device pages). */
export function ScopeList({ scopes }: { scopes: readonly string[] }) {
  return (
    <ul className="mt-3 flex flex-col divide-y divide-slate-100 rounded-lg border border-slate-200" data-testid="scope-list">
      {scopes.map((scope) => {
        const { title, detail } = describeScope(scope);
        return (
          <li key={scope} className="flex gap-3 px-4 py-3" data-scope={scope}>
            <span aria-hidden="true" className="mt-1.5 size-2 shrink-0 rounded-full bg-indigo-500" />
            <div>
              <p className="text-sm font-medium text-slate-900">{title}</p>
              <p className="text-xs leading-5 text-slate-600">{detail}</p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
