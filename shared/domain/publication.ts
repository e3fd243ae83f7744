import { AREA_IDS, areaName, type AreaId } from './areas.ts';
import { toCsv } from './csv.ts';
import type { Reform } from './reform.ts';
import { TRACKER_COLUMNS } from './reform.ts';

/** OGP's public counters. Stories are never counted: only published Challenge reforms are. */
export interface ReformStats {
  participatingCountries: number;
  participatingLocalities: number;
  challengeCommitments: { total: number; byArea: Record<AreaId, number> };
}

type Counted = Pick<Reform, 'country' | 'countryOrLocal' | 'levelOfGovernment' | 'challengeArea'>;

const sameName = (name: string) => name.trim().toLocaleLowerCase('en');

export function reformStats(reforms: Iterable<Counted>): ReformStats {
  const countries = new Set<string>();
  const localities = new Set<string>();
  const byArea = Object.fromEntries(AREA_IDS.map((id) => [id, 0])) as Record<AreaId, number>;
  let total = 0;
  for (const reform of reforms) {
    total += 1;
    byArea[reform.challengeArea] += 1;
    countries.add(sameName(reform.country));
    if (reform.levelOfGovernment !== 'National') localities.add(sameName(reform.countryOrLocal));
  }
  return { participatingCountries: countries.size, participatingLocalities: localities.size, challengeCommitments: { total, byArea } };
}

/** The open-data CSV: OGP's tracker columns under their tracker headings, areas by their English name. */
export function reformsCsv(reforms: readonly Reform[]): string {
  const cell = (reform: Reform, column: (typeof TRACKER_COLUMNS)[number][0]) =>
    column === 'challengeArea' ? areaName(reform.challengeArea, 'en') : reform[column];
  return toCsv(
    TRACKER_COLUMNS.map(([, heading]) => heading),
    reforms.map((reform) => TRACKER_COLUMNS.map(([column]) => cell(reform, column))),
  );
}
