import { buildAppConfig } from '../platform/config/app.config';
import { errorCode, retryDelayMs } from './email-sender.service';
import { EMAIL_KIND_OF, emailUrgency } from '../notifications/email-kinds';

describe('e-mail sender helpers', () => {
  it('backs off 1, 2, 4 … minutes, at most an hour', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => retryDelayMs(n) / 60_000)).toEqual([1, 2, 4, 8, 60, 60, 60]);
  });

  it('keeps only a code of an error, never its message', () => {
    expect(errorCode({ responseCode: 451, message: 'mailbox of siti@example busy' })).toBe('SMTP_451');
    expect(errorCode({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' })).toBe('ECONNECTION');
    expect(errorCode({ code: 'not a code: Siti Rahma' })).toBe('SEND_FAILED');
    expect(errorCode(new Error('Siti Rahma'))).toBe('SEND_FAILED');
    expect(errorCode(undefined)).toBe('SEND_FAILED');
  });

  it('mails only the events of the issue, with the urgency of a referral and routine otherwise', () => {
    expect(EMAIL_KIND_OF).toEqual({
      referral_new: 'referral',
      referral_overdue: 'referral_reminder',
      case_handed_over: 'assignment',
      closure_requested: 'closure_request',
    });
    expect(emailUrgency({ urgency: 'emergency' })).toBe('emergency');
    expect(emailUrgency({ urgency: 'urgent' })).toBe('urgent');
    expect(emailUrgency({ urgency: 'whatever' })).toBe('routine');
    expect(emailUrgency({ caseNumber: 'X' })).toBe('routine');
  });

  it('is off without SMTP_HOST; the link base loses its trailing slash', () => {
    expect(buildAppConfig({ NODE_ENV: 'test' }).mail.enabled).toBe(false);
    const on = buildAppConfig({
      NODE_ENV: 'test',
      SMTP_HOST: 'mail.example',
      SMTP_SECURE: 'true',
      SMTP_PORT: '465',
      APP_BASE_URL: 'https://lentera.example/',
    }).mail;
    expect([on.enabled, on.host, on.port, on.secure, on.baseUrl, on.maxAttempts]).toEqual([
      true,
      'mail.example',
      465,
      true,
      'https://lentera.example',
      6,
    ]);
    expect(() => buildAppConfig({ NODE_ENV: 'test', APP_BASE_URL: 'lentera.example' })).toThrow(
      /APP_BASE_URL/,
    );
    expect(() => buildAppConfig({ NODE_ENV: 'test', SMTP_PORT: '70000' })).toThrow(/SMTP_PORT/);
  });
});
