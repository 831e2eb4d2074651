import { canUseSurvey, TEMPLATE_OWNER } from '../../core/access/authorize.js';
import type { Principal } from '../../core/access/principal.js';
import type { SurveyRecord } from '../../core/ports.js';
import * as z from '../../kernel/zod.js';
import { ApiProblem, notFound, type ApiContext } from './context.js';
import type { AuthoringDeps } from './deps.js';

/** The organisation of the staff member calling: only staff of an organisation manage and read surveys. */
export function staffOrganisation(c: ApiContext): string {
  const p: Principal = c.get('principal');
  if (p.role !== 'staff') throw new ApiProblem(403, 'Forbidden', 'surveys are managed by staff of an organisation');
  return p.organisationId;
}

const VersionParam = z.pipe(z.coerce.number(), z.int().check(z.minimum(1)));

/** The `:version` path parameter, or a 400 naming it. */
export function versionParam(c: ApiContext): number {
  const version = VersionParam.safeParse(c.req.param('version'));
  if (!version.success) throw new ApiProblem(400, 'Bad request', 'bad version', [{ field: 'version', message: 'a whole number from 1' }]);
  return version.data;
}

/** A survey version this staff member may read: their organisation's, or a built-in template; else 404. */
export async function readableSurvey(
  deps: Pick<AuthoringDeps, 'directory' | 'templates'>,
  c: ApiContext,
  surveyId: string,
  version: number,
): Promise<Pick<SurveyRecord, 'definition' | 'organisationId' | 'frozen'>> {
  staffOrganisation(c);
  const record = await deps.directory.getSurveyRecord(surveyId, version);
  const template = await deps.templates.find(surveyId);
  if (record && canUseSurvey(c.get('principal'), record.organisationId)) return record;
  if (!record && template && template.version === version) return { definition: template, organisationId: TEMPLATE_OWNER, frozen: false };
  throw notFound(`survey "${surveyId}" version ${version}`);
}
