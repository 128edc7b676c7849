// Logs carry ids and counts, never content: no names, no case detail, no message text.
import pino from 'pino';

export type Logger = Pick<pino.Logger, 'info' | 'warn' | 'error'>;

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'supervision-bot' } });
}

export const silentLogger: Logger = pino({ level: 'silent' });
