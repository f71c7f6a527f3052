import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createTransport, Transporter } from 'nodemailer';
import { Clock } from '../platform/common/clock';
import { DEFAULT_LANGUAGE, isSupportedLanguage, Language } from '../platform/common/request-context';
import { AppConfig, InjectAppConfig } from '../platform/config/app.config';
import { Translator } from '../platform/i18n/translator';
import { Scheduler } from '../platform/schedules/scheduler.service';
import { EmailOutboxService, OutboxRow } from '../notifications/email-outbox.service';
import { UsersService } from '../users/users.service';

export const EMAIL_SCHEDULE = 'email-deliveries';
/** How often the sender's turn comes: under the scheduler's one-minute tick, so every tick may send. */
const EMAIL_INTERVAL_MS = 50_000;
/** A claim older than this is taken as a crashed sender's: the row goes back to pending. */
export const STALE_CLAIM_MS = 10 * 60_000;
/** Rows one turn sends at most. */
const BATCH = 50;

/** The delay before the next attempt after `attempts` failures: 1, 2, 4 … minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

/** A code for the admin list: the SMTP reply code or nodemailer's error code, never the message. */
export function errorCode(error: unknown): string {
  const e = error as { responseCode?: unknown; code?: unknown };
  if (typeof e?.responseCode === 'number') return `SMTP_${e.responseCode}`;
  if (typeof e?.code === 'string' && /^[A-Z0-9_]{1,30}$/.test(e.code)) return e.code;
  return 'SEND_FAILED';
}

/**
 * Sends the e-mail outbox (issue 19 item 3) on the platform Scheduler. Each pending row is claimed by
 * one atomic UPDATE (`pending` → `sending`, with this instance and the time): only the instance whose
 * UPDATE changed it sends it. Sent → `sent`; a failure → `pending` again after a backoff, `failed`
 * after MAIL_MAX_ATTEMPTS. A claim older than STALE_CLAIM_MS (a crash between claim and mark) goes back
 * to pending: delivery is at least once, never silently lost.
 */
@Injectable()
export class EmailSender implements OnModuleInit {
  private readonly logger = new Logger('EmailSender');
  private readonly instance = randomUUID();
  private transport?: Transporter;

  constructor(
    private readonly outbox: EmailOutboxService,
    private readonly clock: Clock,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly scheduler: Scheduler,
    private readonly users: UsersService,
    private readonly translator: Translator,
  ) {}

  onModuleInit(): void {
    if (this.config.mail.enabled)
      this.scheduler.register(EMAIL_SCHEDULE, EMAIL_INTERVAL_MS, () => this.sendDue());
  }

  private mailer(): Transporter {
    const mail = this.config.mail;
    this.transport ??= createTransport({
      host: mail.host,
      port: mail.port,
      secure: mail.secure,
      auth: mail.user ? { user: mail.user, pass: mail.password ?? '' } : undefined,
    });
    return this.transport;
  }

  /** Sends the due rows this instance wins; gives how many were sent. */
  async sendDue(): Promise<number> {
    if (!this.config.mail.enabled) return 0;
    const now = this.clock.now();
    await this.outbox.releaseStale(new Date(now.getTime() - STALE_CLAIM_MS));
    const rows = await this.outbox.claimDue(this.instance, now, BATCH);
    if (!rows.length) return 0;
    const recipients = await this.users.mailRecipients([...new Set(rows.map((r) => r.userId))]);
    let sent = 0;
    for (const row of rows) {
      const to = recipients.get(row.userId);
      if (!to) {
        await this.outbox.finish(row.id, this.instance, { status: 'failed', lastErrorCode: 'NO_ADDRESS' });
        continue;
      }
      const attempts = row.attempts + 1;
      try {
        await this.mailer().sendMail({
          from: this.config.mail.from,
          to: to.email,
          ...this.message(row, to.language),
        });
      } catch (error) {
        const code = errorCode(error);
        this.logger.warn(`delivery ${row.id} attempt ${attempts} failed: ${code}`);
        await this.outbox.finish(
          row.id,
          this.instance,
          attempts >= this.config.mail.maxAttempts
            ? { status: 'failed', attempts, lastErrorCode: code }
            : {
                status: 'pending',
                attempts,
                lastErrorCode: code,
                nextAttemptAt: new Date(this.clock.now().getTime() + retryDelayMs(attempts)),
              },
        );
        continue;
      }
      // Accepted by the mail server: marked at once (a stop before this line sends it again later).
      await this.outbox.finish(row.id, this.instance, {
        status: 'sent',
        sentAt: this.clock.now(),
        attempts,
        lastErrorCode: null,
      });
      sent++;
    }
    return sent;
  }

  /** Subject and text: what kind of thing awaits, its urgency and a link. Nothing about the case. */
  message(
    row: Pick<OutboxRow, 'kind' | 'urgency' | 'link'>,
    language: string,
  ): { subject: string; text: string } {
    const lang: Language = isSupportedLanguage(language) ? language : DEFAULT_LANGUAGE;
    const t = (key: string, args: Record<string, unknown> = {}) => this.translator.t(key, lang, args);
    const urgency = t(`referrals.urgencies.${row.urgency}`);
    const link = `${this.config.mail.baseUrl}${row.link.startsWith('/') ? '' : '/'}${row.link}`;
    return {
      subject: t(`email.subjects.${row.kind}`, { urgency }),
      text: [
        t(`email.bodies.${row.kind}`),
        t('email.urgency', { urgency }),
        t('email.link', { link }),
        '',
        t('email.footer'),
      ].join('\n'),
    };
  }

  /** An administrator's retry of a failed delivery: back to pending, attempts from zero. */
  retry(id: string): Promise<boolean> {
    return this.outbox.retry(id, this.clock.now());
  }
}
