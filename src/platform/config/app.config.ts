import { Inject } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import * as path from 'node:path';
import { DEFAULT_CENTRE_TIME_ZONE } from '../common/dates';
import { prepareDataDirs } from '../common/private-files';
import { validateEnv } from './env.validation';

/** The pages' session cookie. */
export const SESSION_COOKIE = 'lentera_session';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

export interface AppConfigShape {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  /** Where `npm run backup` writes (BACKUP_DIR, default DATA_DIR/backups). */
  backupDir: string;
  /** Personal data of a case is purged this long after its closure (`npm run purge`). */
  retention: { days: number; label: string };
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  session: { idleMinutes: number; maxHours: number; cookieSecure: boolean; cookieName: string };
  encryption: { key?: string; previousKeys: string[] };
  /** DATA_KEY_RECHECK_MS: see DataKeyService. */
  dataKeyRecheckMs: number;
  /** CENTRE_TIMEZONE (or its old name DISPLAY_TIMEZONE): the centre's calendar and clocks. */
  timeZone: string;
  login: {
    rateLimitPerMinute: number;
    /** Failures from one address before that address is locked out of the account. */
    maxFailures: number;
    /** Failures from all addresses outside the trusted networks before the account locks for them. */
    accountMaxFailures: number;
    lockMinutes: number;
    /** The centre's own networks (CIDR): never refused by the per-account ceiling. */
    trustedNetworks: string[];
  };
  /** E-mail notifications (issue 19 item 3); `enabled` only when SMTP_HOST is set. */
  mail: {
    enabled: boolean;
    host?: string;
    port: number;
    secure: boolean;
    user?: string;
    password?: string;
    from: string;
    baseUrl: string;
    maxAttempts: number;
  };
}

/** Builds the typed configuration from an environment (validated first). Pure: tests call it directly. */
export function buildAppConfig(raw: Record<string, string | undefined> = process.env): AppConfigShape {
  const env = validateEnv(raw);
  const dataDir = path.resolve(env.DATA_DIR);
  const database: DatabaseConfig = env.DATABASE_URL
    ? { type: 'postgres', url: env.DATABASE_URL }
    : { type: 'sqlite', path: path.resolve(env.DATABASE_PATH ?? path.join(dataDir, 'lentera.sqlite')) };
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    port: env.PORT,
    host: env.HOST,
    dataDir,
    database,
    backupDir: path.resolve(env.BACKUP_DIR ?? path.join(dataDir, 'backups')),
    retention: env.RETENTION_DAYS
      ? { days: env.RETENTION_DAYS, label: `${env.RETENTION_DAYS} days` }
      : { days: env.RETENTION_YEARS * 365, label: `${env.RETENTION_YEARS} years` },
    logLevel: env.LOG_LEVEL,
    session: {
      idleMinutes: env.SESSION_IDLE_MINUTES,
      maxHours: env.SESSION_MAX_HOURS,
      cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
      cookieName: SESSION_COOKIE,
    },
    encryption: {
      key: env.ENCRYPTION_KEY,
      previousKeys: env.ENCRYPTION_PREVIOUS_KEYS ? env.ENCRYPTION_PREVIOUS_KEYS.split(',') : [],
    },
    dataKeyRecheckMs: env.DATA_KEY_RECHECK_MS,
    login: {
      rateLimitPerMinute: env.LOGIN_RATE_LIMIT,
      maxFailures: env.LOGIN_MAX_FAILURES,
      accountMaxFailures: env.LOGIN_ACCOUNT_MAX_FAILURES,
      lockMinutes: env.LOGIN_LOCK_MINUTES,
      trustedNetworks: (env.LOGIN_TRUSTED_NETWORKS ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    },
    timeZone: env.CENTRE_TIMEZONE ?? env.DISPLAY_TIMEZONE ?? DEFAULT_CENTRE_TIME_ZONE,
    mail: {
      enabled: !!env.SMTP_HOST,
      host: env.SMTP_HOST,
      port: env.SMTP_PORT,
      secure: env.SMTP_SECURE,
      user: env.SMTP_USER,
      password: env.SMTP_PASSWORD,
      from: env.MAIL_FROM ?? 'lentera@localhost',
      baseUrl: (env.APP_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
      maxAttempts: env.MAIL_MAX_ATTEMPTS,
    },
  };
}

/**
 * Namespaced configuration; read from process.env when the application is created. Before anything
 * uses it, the data folders are made private (umask 077; a DATA_DIR or BACKUP_DIR open to other users
 * stops the start with the way to close it): see common/private-files.ts.
 */
export const appConfig = registerAs('app', () => {
  const config = buildAppConfig(process.env);
  prepareDataDirs(config);
  return config;
});
export type AppConfig = ConfigType<typeof appConfig>;
export const InjectAppConfig = () => Inject(appConfig.KEY);
