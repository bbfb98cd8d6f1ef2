import { workspaceHostName } from '@youarecoder/contract/workspace-rules';
import { baseDomainOf, schemeOf } from '../../config/hosts.ts';
import type { Config } from '../../config/index.ts';

export { baseDomainOf };

type DomainConfig = Pick<Config, 'PORT'> & { BASE_DOMAIN?: string | undefined };
type HostConfig = DomainConfig & Pick<Config, 'publicUrl'>;

/** The gateway host of a workspace: `<workspace>--<company>.<base domain>`. */
export function workspaceHostOf(config: DomainConfig, workspace: string, subdomain: string): string {
  return workspaceHostName(workspace, subdomain, baseDomainOf(config));
}

/** The URL of a workspace: the portal's scheme, the workspace's host. */
export function workspaceUrlOf(config: HostConfig, workspace: string, subdomain: string): string {
  return `${schemeOf(config)}://${workspaceHostOf(config, workspace, subdomain)}/`;
}
