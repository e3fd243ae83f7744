import { inCanonicalOrder, type CriteriaVersionRequest, type StoredCriteriaVersion } from '../domain/criteria.ts';
import { AppError } from '../domain/errors.ts';
import { currentCriteria, listCriteriaVersions, putCriteriaVersion } from '../store/registry.ts';

export async function criteriaOverview(): Promise<{ current: StoredCriteriaVersion; versions: StoredCriteriaVersion[] }> {
  const versions = await listCriteriaVersions();
  const [current] = versions;
  if (!current) throw new Error('The criteria are not seeded: run functions/seed-registry');
  return { current, versions };
}

/**
 * A new version of the criteria: the next number after the one in force. Screening and decisions
 * from now on record it; what was screened or decided before keeps the number it used.
 */
export async function addCriteriaVersion(request: CriteriaVersionRequest, actor: string, now = new Date()): Promise<StoredCriteriaVersion> {
  const previous = await currentCriteria();
  const version: StoredCriteriaVersion = {
    version: previous.version + 1,
    period: request.period,
    criteria: inCanonicalOrder(request.criteria),
    createdAt: now.toISOString(),
    createdBy: actor,
  };
  const before = { version: previous.version, period: previous.period, criteria: previous.criteria };
  const after = { version: version.version, period: version.period, criteria: version.criteria };
  if (!(await putCriteriaVersion(version, { actor, action: 'criteria-version-added', before, after }))) {
    throw new AppError('conflict', `Another admin saved version ${version.version} meanwhile; reload the criteria and edit again`);
  }
  return version;
}
