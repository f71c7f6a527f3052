import { Language } from '../common/request-context';
import { Translator } from '../i18n/translator';

/**
 * The words for the codes in the summaries of referral, consent, recovery and monitoring events
 * (`events.referral.*`, `events.consent.*`, `events.recovery.*`, `events.monitoring.*`). The case
 * history and chronology can pass any event's arguments through it: unknown keys are left alone.
 */
export function translateReferralArgs(
  translator: Translator,
  args: Record<string, unknown>,
  lang: Language,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...args };
  const word = (key: string, prefix: string) => {
    if (typeof args[key] === 'string' && args[key])
      out[key] = translator.t(`${prefix}.${args[key] as string}`, lang);
  };
  word('serviceRole', 'referrals.serviceRoles');
  word('status', 'referrals.statuses');
  word('urgency', 'referrals.urgencies');
  word('outcome', 'referrals.outcomes');
  word('givenBy', 'referrals.consent.givers');
  word('method', 'referrals.consent.methods');
  word('situation', 'community.situations');
  word('service', 'partnerships.services');
  word('serviceStatus', 'partnerships.serviceStatuses');
  if ('institution' in args && (args.institution === null || args.institution === undefined)) {
    out.institution = translator.t('referrals.anyInstitution', lang);
  }
  if (typeof args.categories === 'string') {
    out.categories = args.categories
      ? args.categories
          .split(',')
          .map((c) => translator.t(`referrals.categories.${c}`, lang))
          .join(', ')
      : translator.t('referrals.noCategories', lang);
  }
  for (const key of ['open', 'withScan', 'replaced', 'included', 'byAll'] as const) {
    if (typeof args[key] === 'boolean') out[key] = translator.t(args[key] ? 'common.yes' : 'common.no', lang);
  }
  return out;
}
