import { workspaceHostName } from '@youarecoder/contract/workspace-rules';
import type { Config } from '../../config/index.ts';

type DomainConfig = Pick<Config, 'PORT'> & { BASE_DOMAIN?: string | undefined };
type HostConfig = DomainConfig & Pick<Config, 'publicUrl'>;

/** The base domain workspaces live under: BASE_DOMAIN, else `localhost:<PORT>`. */
export function baseDomainOf(config: DomainConfig): string {
  return (config.BASE_DOMAIN || `localhost:${config.PORT}`).toLowerCase();
}

/** The gateway host of a workspace: `<workspace>--<company>.<base domain>`. */
export function workspaceHostOf(config: DomainConfig, workspace: string, subdomain: string): string {
  return workspaceHostName(workspace, subdomain, baseDomainOf(config));
}

/** The URL of a workspace: the portal's scheme, the workspace's host. */
export function workspaceUrlOf(config: HostConfig, workspace: string, subdomain: string): string {
  const scheme = config.publicUrl.startsWith('https://') ? 'https' : 'http';
  return `${scheme}://${workspaceHostOf(config, workspace, subdomain)}/`;
}
