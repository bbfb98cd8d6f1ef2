import type { ReactNode } from 'react';
import { Link } from 'wouter';

/** An in-portal link in the accent colour; `className` adds layout (block, centring, margins). */
export function TextLink({
  href,
  className = '',
  children,
}: {
  href: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Link href={href} className={`text-sm font-medium text-indigo-700 hover:underline ${className}`}>
      {children}
    </Link>
  );
}

/** A full-width link that looks like the primary button: the one way on from a finished step. */
export function ButtonLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link
      href={href}
      className="block rounded-md bg-indigo-600 px-4 py-2 text-center text-sm font-medium text-white hover:bg-indigo-700"
    >
      {children}
    </Link>
  );
}

/** "No account yet? Sign up" under a sign-in style card. */
export function AuthSwitch({
  question,
  href,
  children,
}: {
  question: ReactNode;
  href: string;
  children: ReactNode;
}) {
  return (
    <p className="mt-6 text-center text-sm text-slate-600">
      {question} <TextLink href={href}>{children}</TextLink>
    </p>
  );
}
