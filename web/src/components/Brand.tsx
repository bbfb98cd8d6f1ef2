import { Link } from 'wouter';

/** The YouAreCoder mark and name, linking home. */
export function Brand({ href = '/' }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 rounded-md font-semibold text-slate-900">
      <svg aria-hidden="true" viewBox="0 0 32 32" className="h-7 w-7">
        <rect width="32" height="32" rx="7" className="fill-indigo-600" />
        <path
          d="M12 10l-6 6 6 6M20 10l6 6-6 6"
          fill="none"
          stroke="white"
          strokeWidth="2.5"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <span>YouAreCoder</span>
    </Link>
  );
}
