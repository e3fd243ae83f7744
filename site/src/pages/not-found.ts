import { PAGE_PATHS } from '../../../shared/domain/page-urls.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { pageHeading, type PageContext } from '../page.ts';

export function renderNotFound({ root, setTitle }: PageContext): void {
  setTitle(t('notFound.title'));
  root.append(pageHeading(t('notFound.title')), h('p', {}, t('notFound.body')), h('p', {}, h('a', { href: PAGE_PATHS.tracker }, t('reform.back'))));
}
