import { companyHostName } from '@youarecoder/contract/workspace-rules';
import type { Config } from './index.ts';

type DomainConfig = Pick<Config, 'PORT'> & { BASE_DOMAIN?: string | undefined };

/** The base domain workspaces and company addresses live under: BASE_DOMAIN, else `localhost:<PORT>`. */
export function baseDomainOf(config: DomainConfig): string {
  return (config.BASE_DOMAIN || `localhost:${config.PORT}`).toLowerCase();
}

/** The scheme of the portal's URL, which the workspace and company hosts share. */
export function schemeOf(config: Pick<Config, 'publicUrl'>): 'http' | 'https' {
  return config.publicUrl.startsWith('https://') ? 'https' : 'http';
}

/** The company's address `<scheme>://<company>.<base domain>/`: its sign-in and workspace list. */
export function companyUrlOf(config: DomainConfig & Pick<Config, 'publicUrl'>, subdomain: string): string {
  return `${schemeOf(config)}://${companyHostName(subdomain, baseDomainOf(config))}/`;
}
