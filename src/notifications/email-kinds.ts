export const EMAIL_DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type EmailDeliveryStatus = (typeof EMAIL_DELIVERY_STATUSES)[number];

/** The kinds of e-mail (issue 19 item 3); each names only what awaits, never the case. */
export const EMAIL_KINDS = ['referral', 'referral_reminder', 'assignment', 'closure_request'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/** A referral's urgency codes (`referrals.urgencies.*`); other kinds are `routine`. */
export const EMAIL_URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export type EmailUrgency = (typeof EMAIL_URGENCIES)[number];

/** Which in-app notifications also go out by e-mail, and as which kind. Others stay in the app. */
export const EMAIL_KIND_OF: Readonly<Record<string, EmailKind>> = {
  referral_new: 'referral',
  referral_overdue: 'referral_reminder',
  case_handed_over: 'assignment',
  closure_requested: 'closure_request',
};

/** The urgency of an e-mail from its notification's arguments (a referral's urgency code). */
export function emailUrgency(args: Record<string, string | number | null>): EmailUrgency {
  const u = args.urgency;
  return (EMAIL_URGENCIES as readonly unknown[]).includes(u) ? (u as EmailUrgency) : 'routine';
}
