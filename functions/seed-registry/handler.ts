import { logger } from '../../shared/http/logger.ts';
import { seedReferenceData } from '../../shared/store/registry.ts';

/** Run once per deploy (a CDK trigger): loads areas, criteria and members without overwriting edits. */
export const handler = async () => {
  const result = await seedReferenceData();
  logger.info('reference data loaded', result);
  return result;
};
