import { plainToInstance, Transform } from 'class-transformer';
import { isIP } from 'node:net';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
  ValidationError,
} from 'class-validator';
import { isTimeZone } from '../common/dates';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  const v = String(value).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The environment Lentera reads. Every variable is documented in the README's configuration table. */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  DATA_DIR = './data';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  DATABASE_PATH?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  BACKUP_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36500)
  RETENTION_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  RETENTION_YEARS = 10;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'log';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES = 30;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_MAX_HOURS = 12;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message:
      'ENCRYPTION_KEY must be 32 bytes encoded in base64 (44 characters), e.g. `openssl rand -base64 32`',
  })
  ENCRYPTION_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$/, {
    message: 'ENCRYPTION_PREVIOUS_KEYS must be a comma-separated list of 32-byte base64 keys',
  })
  ENCRYPTION_PREVIOUS_KEYS?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DATA_KEY_RECHECK_MS = 1000;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  COOKIE_SECURE?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGIN_RATE_LIMIT = 20;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCK_MINUTES = 15;

  /** The centre's time zone: its "today", due dates, ages and every time shown to people. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  CENTRE_TIMEZONE?: string;

  /** The earlier name of CENTRE_TIMEZONE (it only set how times were shown); still accepted. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  DISPLAY_TIMEZONE?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_ACCOUNT_MAX_FAILURES = 50;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  LOGIN_TRUSTED_NETWORKS?: string;

  /** E-mail (issue 19 item 3): off while SMTP_HOST is unset. The password only from the environment. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  SMTP_HOST?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 587;

  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SMTP_SECURE = false;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  SMTP_PASSWORD?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  MAIL_FROM?: string;

  /** The address people reach the application at; the links in e-mails start with it. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'APP_BASE_URL must start with http:// or https://' })
  APP_BASE_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS = 6;
}

/** An address or CIDR network (`10.20.0.0/16`, `2001:db8::/48`, `192.0.2.7`), or null when malformed. */
export function parseNetwork(
  text: string,
): { address: string; prefix: number; type: 'ipv4' | 'ipv6' } | null {
  const [address, prefixText, ...rest] = text.trim().split('/');
  const version = isIP(address);
  if (!version || rest.length) return null;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { address, prefix, type: version === 4 ? 'ipv4' : 'ipv6' };
}

export class ConfigValidationError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
}

/** Validates raw environment variables; throws ConfigValidationError listing every bad value. */
export function validateEnv(raw: Record<string, string | undefined>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const problems = flatten(validateSync(env, { skipMissingProperties: false, whitelist: false }));
  if (env.NODE_ENV === 'production' && !env.ENCRYPTION_KEY) {
    problems.push('ENCRYPTION_KEY: required when NODE_ENV=production (32 bytes, base64)');
  }
  if (env.DATABASE_PATH && env.DATABASE_URL) {
    problems.push('DATABASE_PATH and DATABASE_URL: set one of them, not both');
  }
  if (raw.RETENTION_DAYS && raw.RETENTION_YEARS) {
    problems.push('RETENTION_DAYS and RETENTION_YEARS: set one of them, not both');
  }
  for (const name of ['CENTRE_TIMEZONE', 'DISPLAY_TIMEZONE'] as const) {
    if (env[name] !== undefined && !isTimeZone(env[name]))
      problems.push(`${name}: must be a time zone name such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura`);
  }
  if (env.CENTRE_TIMEZONE && env.DISPLAY_TIMEZONE && env.CENTRE_TIMEZONE !== env.DISPLAY_TIMEZONE) {
    problems.push(
      'CENTRE_TIMEZONE and DISPLAY_TIMEZONE: set one of them (DISPLAY_TIMEZONE is its old name), not both',
    );
  }
  if (env.LOGIN_ACCOUNT_MAX_FAILURES < env.LOGIN_MAX_FAILURES) {
    problems.push(
      'LOGIN_ACCOUNT_MAX_FAILURES: must be at least LOGIN_MAX_FAILURES (the per-account ceiling counts the failures of every address)',
    );
  }
  const badNetworks = (env.LOGIN_TRUSTED_NETWORKS ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n && !parseNetwork(n));
  if (badNetworks.length) {
    problems.push(
      `LOGIN_TRUSTED_NETWORKS: not an address or CIDR network: ${badNetworks.join(', ')} (e.g. 10.20.0.0/16, 2001:db8:20::/48)`,
    );
  }
  if (problems.length) throw new ConfigValidationError(problems);
  return env;
}
