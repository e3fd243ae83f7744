import type { CriterionId } from '../../shared/domain/criteria.ts';
import type { FieldError } from '../../shared/domain/errors.ts';
import type { DecisionRequest } from '../../shared/domain/schemas.ts';
import { asSentence } from './text.ts';
import { criterionLabel } from './labels.ts';

/**
 * A decision's errors as a reviewer reads them: one sentence per field, and a choice left empty
 * named in the form's own words ("Choose whether “Public ownership” is met or not met.") rather
 * than as a validator's "required". Pure, so it is tested without a browser.
 */

export type FormBody = Partial<Omit<DecisionRequest, 'criteria'>> & { criteria: Partial<Record<CriterionId, 'pass' | 'fail'>> };

/** Why a choice the reviewer left empty matters, in the words of the form. */
function missingChoiceSentence(path: string): string | undefined {
  const [head, tail] = path.split('.');
  if (head === 'criteria' && tail) return `Choose whether “${criterionLabel(tail)}” is met or not met.`;
  if (path === 'outcome') return 'Choose an outcome.';
  if (path === 'ambition') return 'Choose the ambition on the IRM scale.';
  if (path === 'area') return 'Choose the Challenge area.';
  if (path === 'rationale') return 'Write the rationale: it stays in the audit trail for the Support Unit.';
  return undefined;
}

function isMissing(body: FormBody, path: string): boolean {
  const [head, tail] = path.split('.');
  if (head === 'criteria') return tail ? body.criteria[tail as CriterionId] === undefined : false;
  const value = body[head as keyof FormBody];
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Field errors as a reviewer reads them: one sentence per field, missing choices named. */
export function decisionErrorSentences(body: FormBody, fields: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return fields.flatMap((field) => {
    const message = (isMissing(body, field.path) && missingChoiceSentence(field.path)) || asSentence(field.message);
    const key = `${field.path}\n${message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ path: field.path, message }];
  });
}

