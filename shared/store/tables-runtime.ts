import { REVIEW_TABLE, SUBMISSIONS_TABLE } from './tables.ts';

function tableName(envVar: string): string {
  const name = process.env[envVar];
  if (!name) throw new Error(`Environment variable ${envVar} is not set`);
  return name;
}

/** Physical table names, from the environment CDK (or the local platform) sets. */
export const submissionsTable = () => tableName(SUBMISSIONS_TABLE.envVar);
export const reviewTable = () => tableName(REVIEW_TABLE.envVar);
