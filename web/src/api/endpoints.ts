import type {
  AcceptInviteBody,
  ApiTokenDto,
  ApiTokenScope,
  AuditEventDto,
  AuditQuery,
  CompanyDto,
  CreatedApiTokenDto,
  CreateInviteBody,
  DevMail,
  DevMailList,
  InviteDto,
  InviteLookupDto,
  Locale,
  LoginBody,
  MeDto,
  MemberDto,
  RemovedResources,
  SessionDto,
  SignInSettingsDto,
  SignupBody,
  SignupResult,
  TemplateAssetDto,
  TemplateDto,
  TemplateStepInput,
  UpdateMemberBody,
  WorkspaceAcceptedDto,
  WorkspaceDto,
  WorkspaceListDto,
  WorkspaceLogsDto,
  WorkspaceMetricsDto,
} from '@youarecoder/contract';
import { apiUrl, request } from './client.ts';

type Ok = { ok: true };
const enc = encodeURIComponent;

/** The 202 answer of create, start, stop, restart and delete. */
export type WorkspaceAccepted = WorkspaceAcceptedDto;
/** A workspace operation. */
export type WorkspaceOperation = 'start' | 'stop' | 'restart';
/** POST /templates and PUT /templates/:id */
export interface TemplateBody {
  name: string;
  description: string;
  steps: TemplateStepInput[];
}

/** Typed calls of the YouAreCoder API. */
export const api = {
  signup: (body: SignupBody) => request<SignupResult>('POST', '/signup', { body }),
  login: (body: LoginBody) =>
    request<{ csrfToken?: string; twoFactorRequired?: boolean; challenge?: string }>('POST', '/sessions', {
      body,
    }),
  twoFactorStatus: () =>
    request<{ enabled: boolean; enabledAt: string | null; recoveryCodesLeft: number }>(
      'GET',
      '/me/two-factor',
    ),
  setupTwoFactor: () =>
    request<{ secret: string; otpauthUrl: string; qrDataUrl: string }>('POST', '/me/two-factor/setup', {
      body: {},
    }),
  enableTwoFactor: (body: { code: string }) =>
    request<{ recoveryCodes: string[] }>('POST', '/me/two-factor/enable', { body }),
  disableTwoFactor: (body: { password: string }) => request<Ok>('POST', '/me/two-factor/disable', { body }),
  /** The second step of a sign-in with two-factor on. */
  loginWithCode: (body: { challenge: string; code?: string; recoveryCode?: string }) =>
    request<{ csrfToken: string }>('POST', '/sessions/two-factor', { body }),
  logout: () => request<Ok>('DELETE', '/sessions/current'),
  sessions: () => request<{ sessions: SessionDto[] }>('GET', '/sessions'),
  revokeSession: (id: string) => request<Ok>('DELETE', `/sessions/${encodeURIComponent(id)}`),

  me: () => request<MeDto>('GET', '/me'),
  updateMe: (body: { fullName?: string; locale?: Locale }) => request<Ok>('PATCH', '/me', { body }),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    request<Ok>('POST', '/me/password', { body }),
  resendVerification: () => request<Ok>('POST', '/me/verification-email'),

  apiTokens: () => request<{ tokens: ApiTokenDto[] }>('GET', '/api-tokens'),
  createApiToken: (body: { name: string; expiresInDays?: number; scopes?: readonly ApiTokenScope[] }) =>
    request<CreatedApiTokenDto>('POST', '/api-tokens', { body }),
  revokeApiToken: (id: string) => request<Ok>('DELETE', `/api-tokens/${encodeURIComponent(id)}`),

  verifyEmail: (token: string) => request<Ok>('POST', '/verify-email', { body: { token } }),
  requestPasswordReset: (email: string) => request<Ok>('POST', '/password-resets', { body: { email } }),
  confirmPasswordReset: (token: string, password: string) =>
    request<Ok>('POST', '/password-resets/confirm', { body: { token, password } }),

  company: () => request<CompanyDto>('GET', '/company'),
  updateCompany: (name: string) => request<CompanyDto>('PATCH', '/company', { body: { name } }),

  members: () => request<{ members: MemberDto[] }>('GET', '/members'),
  updateMember: (id: string, body: UpdateMemberBody) =>
    request<MemberDto>('PATCH', `/members/${encodeURIComponent(id)}`, { body }),
  removeMember: (id: string, resources: RemovedResources) =>
    request<{ ok: true; resources: RemovedResources }>('DELETE', `/members/${encodeURIComponent(id)}`, {
      query: { resources },
    }),
  transferOwnership: (userId: string, password: string) =>
    request<Ok>('POST', '/company/ownership', { body: { userId, password } }),

  invites: () => request<{ invites: InviteDto[] }>('GET', '/invites'),
  createInvite: (body: CreateInviteBody) => request<InviteDto>('POST', '/invites', { body }),
  resendInvite: (id: string) => request<InviteDto>('POST', `/invites/${encodeURIComponent(id)}/resend`),
  revokeInvite: (id: string) => request<Ok>('DELETE', `/invites/${encodeURIComponent(id)}`),
  lookupInvite: (token: string) => request<InviteLookupDto>('GET', '/invites/lookup', { query: { token } }),
  acceptInvite: (body: AcceptInviteBody) => request<SignupResult>('POST', '/invites/accept', { body }),

  /** How the company signs in (owner, admin); every change below answers the new settings. */
  signInSettings: () => request<SignInSettingsDto>('GET', '/sign-in-policy'),
  updateSignInPolicy: (body: { requireTwoFactor?: boolean; ssoOnly?: boolean }) =>
    request<SignInSettingsDto>('PATCH', '/sign-in-policy', { body }),
  /** Without `clientSecret` the stored one stays. */
  setSsoConnection: (body: { issuer: string; clientId: string; clientSecret?: string }) =>
    request<SignInSettingsDto>('PUT', '/sso/connection', { body }),
  removeSsoConnection: () => request<SignInSettingsDto>('DELETE', '/sso/connection'),
  /** A verification link goes to `email`, an address in the domain. */
  addDomain: (email: string) => request<SignInSettingsDto>('POST', '/sso/domains', { body: { email } }),
  removeDomain: (id: string) => request<SignInSettingsDto>('DELETE', `/sso/domains/${enc(id)}`),
  verifyDomain: (token: string) =>
    request<{ domain: string; companyName: string }>('POST', '/sso/domains/verify', { body: { token } }),
  /** Where to send the browser (`window.location.assign`) to sign in at the company's identity provider. */
  startSso: (body: { email: string; next?: string }) =>
    request<{ url: string }>('POST', '/sso/start', { body }),

  auditEvents: (query: Omit<AuditQuery, 'format'>) =>
    request<{ events: AuditEventDto[]; nextCursor: string | null }>('GET', '/audit-events', {
      query: query as Record<string, string | number | undefined>,
    }),
  auditCsvUrl: (query: Omit<AuditQuery, 'format' | 'cursor'>) =>
    apiUrl('/audit-events', { ...(query as Record<string, string | number | undefined>), format: 'csv' }),

  workspaces: () => request<WorkspaceListDto>('GET', '/workspaces'),
  workspace: (id: string) => request<WorkspaceDto>('GET', `/workspaces/${enc(id)}`),
  createWorkspace: (body: { name: string; templateId: string; idleTimeoutMinutes?: number }) =>
    request<WorkspaceAccepted>('POST', '/workspaces', { body }),
  updateWorkspace: (id: string, body: { idleTimeoutMinutes?: number; sharedWithAdmins?: boolean }) =>
    request<WorkspaceDto>('PATCH', `/workspaces/${enc(id)}`, { body }),
  workspaceOperation: (id: string, op: WorkspaceOperation) =>
    request<WorkspaceAccepted>('POST', `/workspaces/${enc(id)}/${op}`),
  deleteWorkspace: (id: string) => request<WorkspaceAccepted>('DELETE', `/workspaces/${enc(id)}`),
  workspaceLogs: (id: string) => request<WorkspaceLogsDto>('GET', `/workspaces/${enc(id)}/logs`),
  workspaceMetrics: (id: string, range: WorkspaceMetricsDto['range']) =>
    request<WorkspaceMetricsDto>('GET', `/workspaces/${enc(id)}/metrics`, { query: { range } }),
  /** The Server-Sent Events stream of one workspace (for EventSource). */
  workspaceEventsUrl: (id: string) => apiUrl(`/workspaces/${enc(id)}/events`),

  templates: () => request<{ items: TemplateDto[] }>('GET', '/templates'),
  template: (id: string) => request<TemplateDto>('GET', `/templates/${enc(id)}`),
  createTemplate: (body: TemplateBody) => request<TemplateDto>('POST', '/templates', { body }),
  updateTemplate: (id: string, body: TemplateBody) =>
    request<TemplateDto>('PUT', `/templates/${enc(id)}`, { body }),
  deleteTemplate: (id: string) => request<unknown>('DELETE', `/templates/${enc(id)}`),
  templateAssets: () => request<{ items: TemplateAssetDto[] }>('GET', '/templates/assets'),
  uploadTemplateAsset: (file: File) => {
    const body = new FormData();
    body.append('file', file, file.name);
    return request<TemplateAssetDto>('POST', '/templates/assets', { body });
  },
  deleteTemplateAsset: (id: string) => request<unknown>('DELETE', `/templates/assets/${enc(id)}`),

  devMail: () => request<DevMailList>('GET', '/dev/mail'),
  devMailMessage: (id: string) => request<DevMail>('GET', `/dev/mail/${encodeURIComponent(id)}`),
};
