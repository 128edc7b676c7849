// A logger that keeps its lines, so a test can read what an operator's log would hold (and what it must not).
import pino from 'pino';
import type { Logger } from '../../src/ports/logger.js';

export interface RecordingLogger {
  logger: Logger;
  lines: Record<string, unknown>[];
  /** Every line as the log would have it, to search for what must not be there. */
  text(): string;
}

export function recordingLogger(): RecordingLogger {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines, text: () => lines.map((line) => JSON.stringify(line)).join('\n') };
}
