import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createTransport, Transporter } from 'nodemailer';
import { In, LessThan } from 'typeorm';
import { Clock } from '../platform/common/clock';
import { DEFAULT_LANGUAGE, isSupportedLanguage, Language } from '../platform/common/request-context';
import { AppConfig, InjectAppConfig } from '../platform/config/app.config';
import { TransactionService } from '../platform/database/transaction.service';
import { Translator } from '../platform/i18n/translator';
import { Scheduler } from '../platform/schedules/scheduler.service';
import { EmailDelivery } from '../notifications/email-delivery.entity';
import { UsersService } from '../users/users.service';

export const EMAIL_SCHEDULE = 'email-deliveries';
/** How often the sender's turn comes (the scheduler ticks every minute). */
const EMAIL_INTERVAL_MS = 60_000;
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
    private readonly tx: TransactionService,
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
    const m = this.tx.manager;
    await m.update(
      EmailDelivery,
      { status: 'sending', claimedAt: LessThan(new Date(now.getTime() - STALE_CLAIM_MS)) },
      { status: 'pending', claimedBy: null, claimedAt: null },
    );
    const due = await m
      .createQueryBuilder(EmailDelivery, 'd')
      .select(['d.id'])
      .where('d.status = :pending AND d.nextAttemptAt <= :now', { pending: 'pending', now })
      .orderBy('d.nextAttemptAt', 'ASC')
      .take(BATCH)
      .getMany();
    const mine: string[] = [];
    for (const { id } of due) {
      const res = await m
        .createQueryBuilder()
        .update(EmailDelivery)
        .set({ status: 'sending', claimedBy: this.instance, claimedAt: now })
        .where('"id" = :id AND "status" = :pending', { id, pending: 'pending' })
        .execute();
      if (res.affected === 1) mine.push(id);
    }
    if (!mine.length) return 0;
    const rows = await m.find(EmailDelivery, { where: { id: In(mine), claimedBy: this.instance } });
    const recipients = await this.users.mailRecipients([...new Set(rows.map((r) => r.userId))]);
    let sent = 0;
    for (const row of rows) {
      const to = recipients.get(row.userId);
      if (!to) {
        await this.finish(row, { status: 'failed', lastErrorCode: 'NO_ADDRESS' });
        continue;
      }
      try {
        await this.mailer().sendMail({
          from: this.config.mail.from,
          to: to.email,
          ...this.message(row, to.language),
        });
        await this.finish(row, {
          status: 'sent',
          sentAt: this.clock.now(),
          attempts: row.attempts + 1,
          lastErrorCode: null,
        });
        sent++;
      } catch (error) {
        const attempts = row.attempts + 1;
        const code = errorCode(error);
        this.logger.warn(`delivery ${row.id} attempt ${attempts} failed: ${code}`);
        await this.finish(
          row,
          attempts >= this.config.mail.maxAttempts
            ? { status: 'failed', attempts, lastErrorCode: code }
            : {
                status: 'pending',
                attempts,
                lastErrorCode: code,
                nextAttemptAt: new Date(this.clock.now().getTime() + retryDelayMs(attempts)),
              },
        );
      }
    }
    return sent;
  }

  /** Ends this instance's claim on a row (only while it still holds it). */
  private async finish(row: EmailDelivery, changes: Partial<EmailDelivery>): Promise<void> {
    await this.tx.manager
      .createQueryBuilder()
      .update(EmailDelivery)
      .set({ ...changes, claimedBy: null, claimedAt: null })
      .where('"id" = :id AND "claimedBy" = :me AND "status" = :sending', {
        id: row.id,
        me: this.instance,
        sending: 'sending',
      })
      .execute();
  }

  /** Subject and text: what kind of thing awaits, its urgency and a link. Nothing about the case. */
  message(
    row: Pick<EmailDelivery, 'kind' | 'urgency' | 'link'>,
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
  async retry(id: string): Promise<boolean> {
    const res = await this.tx.manager
      .createQueryBuilder()
      .update(EmailDelivery)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: this.clock.now(), lastErrorCode: null })
      .where('"id" = :id AND "status" = :failed', { id, failed: 'failed' })
      .execute();
    return res.affected === 1;
  }
}
