// Templates: official ones (in code, upserted into the table on first use) and each company's own,
// edited by owners and admins; uploaded .vsix files for extensions steps.
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TemplateAssetDto, TemplateDto, TemplateIde, TemplateStep } from '@youarecoder/contract';
import { VSIX_MAX_BYTES } from '@youarecoder/contract/workspace-rules';
import { and, eq, sql } from 'drizzle-orm';
import { type Db, uniqueViolation } from '../../platform/db/client.ts';
import { type Principal, type RequestMeta, requireRole } from '../../platform/http/auth.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import type { WorkspaceModuleDeps } from './deps.ts';
import { bundledVsixPath, isBundledVsix, readVsixManifest } from './templates/bundled.ts';
import { OFFICIAL_TEMPLATES } from './templates/official.ts';
import * as repo from './templates.repo.ts';
import { templateAssets, workspaceTemplates } from './workspaces.schema.ts';

/** Where uploaded .vsix files live. */
export function assetPath(dataDir: string, companyId: string, assetId: string): string {
  return path.join(dataDir, 'template-assets', companyId, `${assetId}.vsix`);
}

/** Put the official templates into the table (insert or update to the code's version). */
export async function upsertOfficialTemplates(db: Db, now: Date): Promise<void> {
  for (const t of OFFICIAL_TEMPLATES) {
    await db
      .insert(workspaceTemplates)
      .values({
        id: t.id,
        companyId: null,
        name: t.name,
        description: t.description,
        steps: t.steps,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: workspaceTemplates.id,
        set: { name: t.name, description: t.description, steps: t.steps, updatedAt: now },
        setWhere: sql`${workspaceTemplates.steps}::jsonb is distinct from excluded.steps::jsonb or ${workspaceTemplates.name} <> excluded.name or ${workspaceTemplates.description} <> excluded.description`,
      });
  }
}

function present(row: { t: repo.TemplateRow; inUse: number }): TemplateDto {
  return {
    id: row.t.id,
    name: row.t.name,
    description: row.t.description,
    official: row.t.companyId === null,
    steps: row.t.steps,
    ide: row.t.ide,
    inUse: row.inUse,
    createdAt: row.t.createdAt.toISOString(),
    updatedAt: row.t.updatedAt.toISOString(),
  };
}

function presentAsset(a: repo.AssetRow): TemplateAssetDto {
  return {
    id: a.id,
    fileName: a.fileName,
    extensionId: a.extensionId,
    version: a.version,
    size: a.size,
    createdAt: a.createdAt.toISOString(),
  };
}

/** A template as create and update take it (the contract's templateBody, parsed). */
interface TemplateBodyIn {
  name: string;
  description: string;
  steps: TemplateStep[];
  ide: TemplateIde;
}

/** The templates service. */
export function createTemplatesService(d: WorkspaceModuleDeps) {
  const { db, clock, ids, audit } = d;
  const actorOf = (p: Principal) => ({ userId: p.userId, email: p.email });
  let official: Promise<void> | null = null;
  /** Once per process: the official templates exist in the table before anyone reads templates. */
  const ensureOfficial = () => {
    official ??= upsertOfficialTemplates(db, clock.now()).catch((err) => {
      official = null;
      throw err;
    });
    return official;
  };

  /** Every vsix reference of the steps names a bundled file or one of the company's uploads. */
  async function checkAssets(companyId: string, steps: TemplateStep[]): Promise<void> {
    const fields: Record<string, string> = {};
    for (const [i, s] of steps.entries()) {
      if (s.type !== 'extensions') continue;
      for (const [j, ref] of s.vsix.entries()) {
        const ok = ref.startsWith('bundled:')
          ? isBundledVsix(ref.slice('bundled:'.length))
          : (await repo.findAsset(db, companyId, ref)) !== undefined;
        if (!ok) fields[`steps.${i}.vsix.${j}`] = 'is not an uploaded .vsix of this company';
      }
    }
    if (Object.keys(fields).length) {
      throw new AppError('VALIDATION_FAILED', 'An extensions step names a .vsix that does not exist.', {
        fields,
        fieldCodes: Object.fromEntries(Object.keys(fields).map((k) => [k, 'invalid_value' as const])),
      });
    }
  }

  function nameTaken(err: unknown, name: string): AppError | null {
    if (uniqueViolation(err) !== 'workspace_templates_company_name_key') return null;
    return new AppError('CONFLICT', `A template named ${name} already exists in your company.`, {
      fields: { name: 'is already taken' },
      fieldCodes: { name: 'already_taken' },
    });
  }

  async function companyTemplate(p: Principal, id: string) {
    const row = await repo.getTemplate(db, p.companyId, id);
    if (!row) throw notFound('Template');
    if (row.t.companyId === null)
      throw new AppError('FORBIDDEN', 'Official templates cannot be changed; copy one instead.');
    return row;
  }

  return {
    ensureOfficial,

    async list(p: Principal): Promise<TemplateDto[]> {
      await ensureOfficial();
      return (await repo.listTemplates(db, p.companyId)).map(present);
    },

    async get(p: Principal, id: string): Promise<TemplateDto> {
      await ensureOfficial();
      const row = await repo.getTemplate(db, p.companyId, id);
      if (!row) throw notFound('Template');
      return present(row);
    },

    async create(p: Principal, body: TemplateBodyIn, meta: RequestMeta): Promise<TemplateDto> {
      requireRole(p, 'owner', 'admin');
      await checkAssets(p.companyId, body.steps);
      const id = ids.id('tpl');
      const now = clock.now();
      try {
        await db.transaction(async (tx) => {
          await tx.insert(workspaceTemplates).values({
            id,
            companyId: p.companyId,
            name: body.name,
            description: body.description,
            steps: body.steps,
            ide: body.ide,
            createdBy: p.userId,
            createdAt: now,
            updatedAt: now,
          });
          await audit.record(tx, {
            companyId: p.companyId,
            actor: actorOf(p),
            action: 'template.created',
            target: { type: 'template', id },
            metadata: { name: body.name, steps: body.steps.map((s) => s.type), ide: body.ide },
            meta,
          });
        });
      } catch (err) {
        throw nameTaken(err, body.name) ?? err;
      }
      return this.get(p, id);
    },

    async update(p: Principal, id: string, body: TemplateBodyIn, meta: RequestMeta): Promise<TemplateDto> {
      requireRole(p, 'owner', 'admin');
      const before = await companyTemplate(p, id);
      await checkAssets(p.companyId, body.steps);
      try {
        await db.transaction(async (tx) => {
          await tx
            .update(workspaceTemplates)
            .set({
              name: body.name,
              description: body.description,
              steps: body.steps,
              ide: body.ide,
              updatedAt: clock.now(),
            })
            .where(and(eq(workspaceTemplates.id, id), eq(workspaceTemplates.companyId, p.companyId)));
          await audit.record(tx, {
            companyId: p.companyId,
            actor: actorOf(p),
            action: 'template.updated',
            target: { type: 'template', id },
            metadata: {
              name: body.name,
              previousName: before.t.name,
              steps: body.steps.map((s) => s.type),
              ide: body.ide,
            },
            meta,
          });
        });
      } catch (err) {
        throw nameTaken(err, body.name) ?? err;
      }
      return this.get(p, id);
    },

    /** Delete a company template; one that workspaces still use is refused. */
    async remove(p: Principal, id: string, meta: RequestMeta): Promise<void> {
      requireRole(p, 'owner', 'admin');
      await companyTemplate(p, id);
      await db.transaction(async (tx) => {
        // Lock the template so no workspace is created from it between the count and the delete.
        const [row] = await tx
          .execute<{ in_use: number }>(sql`
          select (select count(*)::int from workspaces w where w.template_id = t.id) as in_use
            from ${workspaceTemplates} t where t.id = ${id} and t.company_id = ${p.companyId} for update`)
          .then((r) => r.rows);
        if (!row) throw notFound('Template');
        if (row.in_use > 0) {
          throw new AppError(
            'CONFLICT',
            `${row.in_use} workspace${row.in_use === 1 ? ' uses' : 's use'} this template; delete ${row.in_use === 1 ? 'it' : 'them'} first.`,
          );
        }
        await tx.delete(workspaceTemplates).where(eq(workspaceTemplates.id, id));
        await audit.record(tx, {
          companyId: p.companyId,
          actor: actorOf(p),
          action: 'template.deleted',
          target: { type: 'template', id },
          meta,
        });
      });
    },

    async listAssets(p: Principal): Promise<TemplateAssetDto[]> {
      requireRole(p, 'owner', 'admin');
      return (await repo.listAssets(db, p.companyId)).map(presentAsset);
    },

    /** Store an uploaded .vsix after checking it is one (a zip with an extension manifest). */
    async uploadAsset(
      p: Principal,
      fileName: string,
      data: Buffer,
      meta: RequestMeta,
    ): Promise<TemplateAssetDto> {
      requireRole(p, 'owner', 'admin');
      if (data.length > VSIX_MAX_BYTES) {
        throw new AppError('PAYLOAD_TOO_LARGE', `A .vsix may be at most ${VSIX_MAX_BYTES / 1024 / 1024} MB.`);
      }
      let manifest: { extensionId: string; version: string };
      try {
        manifest = readVsixManifest(data);
      } catch (err) {
        throw new AppError('VALIDATION_FAILED', `This is not a usable .vsix: ${(err as Error).message}`, {
          fields: { file: (err as Error).message },
          fieldCodes: { file: 'invalid_format' },
        });
      }
      const id = ids.id('asset');
      const file = assetPath(d.config.dataDir, p.companyId, id);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, data, { mode: 0o600 });
      const row: repo.AssetRow = {
        id,
        companyId: p.companyId,
        fileName: path.basename(fileName || 'extension.vsix').slice(0, 200),
        extensionId: manifest.extensionId,
        version: manifest.version,
        sha256: createHash('sha256').update(data).digest('hex'),
        size: data.length,
        createdBy: p.userId,
        createdAt: clock.now(),
      };
      try {
        await db.transaction(async (tx) => {
          await tx.insert(templateAssets).values(row);
          await audit.record(tx, {
            companyId: p.companyId,
            actor: actorOf(p),
            action: 'template_asset.uploaded',
            target: { type: 'template_asset', id },
            metadata: {
              fileName: row.fileName,
              extensionId: row.extensionId,
              version: row.version,
              size: row.size,
            },
            meta,
          });
        });
      } catch (err) {
        await rm(file, { force: true });
        throw err;
      }
      return presentAsset(row);
    },

    async removeAsset(p: Principal, id: string, meta: RequestMeta): Promise<void> {
      requireRole(p, 'owner', 'admin');
      const asset = await repo.findAsset(db, p.companyId, id);
      if (!asset) throw notFound('Extension file');
      if (await repo.assetInUse(db, p.companyId, id)) {
        throw new AppError(
          'CONFLICT',
          'A template or workspace still uses this .vsix; remove it from their steps first.',
        );
      }
      await db.transaction(async (tx) => {
        await tx.delete(templateAssets).where(eq(templateAssets.id, id));
        await audit.record(tx, {
          companyId: p.companyId,
          actor: actorOf(p),
          action: 'template_asset.deleted',
          target: { type: 'template_asset', id },
          metadata: { fileName: asset.fileName, extensionId: asset.extensionId },
          meta,
        });
      });
      await rm(assetPath(d.config.dataDir, p.companyId, id), { force: true });
    },

    /** The file of a vsix reference for a workspace's company (the converge job installs it). */
    async resolveVsix(companyId: string, ref: string): Promise<string> {
      if (ref.startsWith('bundled:')) return bundledVsixPath(ref.slice('bundled:'.length));
      const asset = await repo.findAsset(db, companyId, ref);
      if (!asset) throw new Error(`the extension file ${ref} no longer exists`);
      return assetPath(d.config.dataDir, companyId, ref);
    },
  };
}

/** The service's type. */
export type TemplatesService = ReturnType<typeof createTemplatesService>;
