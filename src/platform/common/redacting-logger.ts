import { ConsoleLogger, LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Masks values that look like personal data, as a last line of defence (code must not log them). */
export function redact(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+\.[\w.-]+/g, '[email]')
    .replace(/\b\d{16}\b/g, '[nik]')
    .replace(/(\+?62|\b0)8\d{7,12}\b/g, '[phone]');
}

/** Structured JSON logs, one object a line, with personal-looking values masked. */
export class RedactingLogger extends ConsoleLogger {
  constructor(level: 'error' | 'warn' | 'log' | 'debug' | 'verbose') {
    super('Lentera', { json: true, colors: false, logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1) });
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    const clean = messages.map((m) => (typeof m === 'string' ? redact(m) : m));
    super.printMessages(
      clean,
      context,
      logLevel,
      writeStreamType,
      typeof errorStack === 'string' ? redact(errorStack) : errorStack,
    );
  }
}
