import { PLACE_NOT_RECORDED, REPORTER_NOT_RECORDED } from '../case/case.constants';
import type { CaseDetailDto } from '../case/dto/case.dto';
import { AppException } from '../platform/common/app.exception';
import { Language } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { withNumbersFormatted } from '../platform/common/format';

/** A refused form's view data: the summary message, the problems in order, and one message per field. */
export type FieldMessages = {
  status: number;
  errorKey: string;
  fieldErrors: { field: string; message: string }[];
  /** Form field → its message, for the message beside the field. */
  errors: Record<string, string>;
};

const PERPETRATOR_FIELD = /^perp(\d{1,2})(Sex|Age|Relationship|Name)$/;

/** The label of a case page form field, in the page's language. */
export function fieldLabel(translator: Translator, lang: Language, field: string): string {
  const perp = PERPETRATOR_FIELD.exec(field);
  if (perp) return translator.t(`casepages.fields.perpetrator${perp[2]}`, lang, { row: perp[1] });
  const key = `casepages.fields.${field}`;
  if (translator.has(key, lang)) return translator.t(key, lang);
  // A field every list shares (sort, dir, pageSize): its common name.
  return translator.has(`fields.${field}`, lang) ? translator.t(`fields.${field}`, lang) : field;
}

/** Translates a validation refusal (400) against the page's own field labels. */
export function fieldMessages(translator: Translator, lang: Language, err: AppException): FieldMessages {
  const fieldErrors: { field: string; message: string }[] = [];
  const errors: Record<string, string> = {};
  for (const p of err.problems) {
    if (errors[p.field]) continue;
    const ruleKey = translator.has(`validation.${p.rule}`, lang)
      ? `validation.${p.rule}`
      : 'validation.invalid';
    const message = translator.t(ruleKey, lang, {
      ...withNumbersFormatted(p.args, lang),
      field: fieldLabel(translator, lang, p.field),
    });
    fieldErrors.push({ field: p.field, message });
    errors[p.field] = message;
  }
  return { status: err.getStatus(), errorKey: `errors.${err.code}`, fieldErrors, errors };
}

/** An error code from a redirect's `?error=` (only codes there is a text for). */
export function errorCodeOf(translator: Translator, lang: Language, value: unknown): string | null {
  if (typeof value !== 'string' || !/^[A-Z][A-Z0-9_]{1,60}$/.test(value)) return null;
  return translator.has(`errors.${value}`, lang) ? value : null;
}

/**
 * What a case registered by the quick intake still lacks of the full intake, as the reader sees the
 * case, by the form field that completes it on the correction page (casepages.fields.<field>): when
 * the incident happened, who did it (the perpetrators), who reported it (the reporter, or the victim
 * herself), the place of the incident (required by the full intake), where it happened and what
 * happened, and the victim's identity, contact and background.
 */
export function missingIntakeFields(detail: CaseDetailDto): string[] {
  const v = detail.victim;
  const i = detail.incident;
  const checks: [string, boolean][] = [
    ['incidentDate', !i.date],
    ['perpetrators', !detail.perpetrators.length],
    ['reporter', detail.reporterRelationship === REPORTER_NOT_RECORDED],
    ['incidentPlaceType', !i.placeType || i.placeType === PLACE_NOT_RECORDED],
    ['incidentLocation', !i.location],
    ['narrative', !i.narrative],
    ['victimNik', !v.nik],
    ['victimBirthDate', !v.birthDate],
    ['victimAddress', !v.address],
    ['victimDistrict', !v.district],
    ['victimEducation', !v.education],
    ['victimOccupation', !v.occupation],
    ['victimMaritalStatus', !v.maritalStatus],
  ];
  return checks.filter(([, missing]) => missing).map(([field]) => field);
}
