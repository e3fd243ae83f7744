import { PAGE_PATHS } from '../../shared/domain/page-urls.ts';

/**
 * The site's pages, matched from the addresses of `shared/domain/page-urls.ts` (the same ones the
 * emails link to), so a path the server sends here always has a page.
 */
export type PageName = 'tracker' | 'reform' | 'stories' | 'newStory' | 'submit' | 'status' | 'designation';

const PARAM = 'zzparamzz';

function pattern(path: string): RegExp {
  const source = path
    .split(PARAM)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('([^/]+)');
  return new RegExp(`^${source}/?$`);
}

const PAGES: readonly { name: PageName; pattern: RegExp }[] = [
  { name: 'tracker', pattern: /^\/$/ },
  { name: 'reform', pattern: pattern(PAGE_PATHS.reform(PARAM)) },
  { name: 'newStory', pattern: pattern(PAGE_PATHS.newStory) },
  { name: 'stories', pattern: pattern(PAGE_PATHS.stories) },
  { name: 'submit', pattern: pattern(PAGE_PATHS.submit) },
  { name: 'status', pattern: pattern(PAGE_PATHS.status(PARAM)) },
  { name: 'designation', pattern: pattern(PAGE_PATHS.designation(PARAM)) },
];

export interface Match {
  name: PageName | 'notFound';
  /** The path's one parameter (a reference), decoded. */
  param: string;
}

export function matchPage(pathname: string): Match {
  for (const page of PAGES) {
    const found = page.pattern.exec(pathname);
    if (!found) continue;
    let param = found[1] ?? '';
    try {
      param = decodeURIComponent(param);
    } catch {
      // A malformed escape is left as typed: the API will not know it either.
    }
    return { name: page.name, param };
  }
  return { name: 'notFound', param: '' };
}

/** Paths the site's router owns (everything else, the API and the console, is a full page load). */
export const isSitePath = (pathname: string) => !pathname.startsWith('/v1/') && !pathname.startsWith('/console') && !pathname.startsWith('/local/');
