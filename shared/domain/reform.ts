import type { AreaId } from './areas.ts';
import type { PublicLevel, Region } from './members.ts';

/**
 * A published Challenge reform: OGP's public tracker columns plus what the public filters need.
 * Written at release for every eligible submission; contact details never reach it.
 */
export interface Reform {
  reference: string;
  /** Tracker column "Country/Local": the country, or the locality for local reforms. */
  countryOrLocal: string;
  /** Tracker column "Level of Government". */
  levelOfGovernment: PublicLevel;
  leadInstitution: string;
  titleOfReform: string;
  /** The final area, after any re-tag. */
  challengeArea: AreaId;
  region: Region;
  /** Member the reform belongs to (for local non-members: the national member). */
  memberId: string;
  country: string;
  cycle: string;
  publishedAt: string;
}

/** Index partition values of the `publicList` index. */
export const PUBLIC_LIST = { reform: 'reform', story: 'story' } as const;

/** Sort key in the public list: by country/locality, then reference (stable pagination). */
export const reformListKey = (reform: Pick<Reform, 'countryOrLocal' | 'reference'>) =>
  `${reform.countryOrLocal.toLocaleLowerCase('en')}#${reform.reference}`;

/** OGP's tracker column headings, in order, for the CSV export. */
export const TRACKER_COLUMNS = [
  ['countryOrLocal', 'Country/Local'],
  ['levelOfGovernment', 'Level of Government'],
  ['leadInstitution', 'Lead Institution'],
  ['titleOfReform', 'Title of Reform'],
  ['challengeArea', 'Challenge Area'],
] as const;
