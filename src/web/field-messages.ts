import { AppException } from '../platform/common/app.exception';
import { Language } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { formError, FormError } from './forms';

/** A refused list filter's view data: formError's, plus each field's message for beside the field. */
export type ListFilterError = FormError & { errors: Record<string, string> };

/**
 * A list page's refused query (a bad date, an unknown status, a bad page number or size, a column
 * it cannot be sorted by): the page is shown again with its filter form, the message beside the
 * wrong field (`errors.<field>`) and the summary listing them (`fieldErrors`).
 */
export function fieldMessages(translator: Translator, lang: Language, err: AppException): ListFilterError {
  const problem = formError(err, translator, lang);
  const errors: Record<string, string> = {};
  for (const d of problem.fieldErrors) {
    const field = d.field.split('.')[0];
    if (!errors[field]) errors[field] = d.message;
  }
  return { ...problem, errors };
}
