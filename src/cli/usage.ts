// Command-line arguments are external input: parsed strictly, each mistake named in one line (exit 2).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { readSettings, SettingsError, type Settings } from '../config/env.js';

export class UsageError extends Error {}

export interface OptionSpec {
  type: 'string' | 'boolean';
}

/** Parses `args` against `options`, turning node's errors into one line naming the argument. */
export function parseOptions<T extends Record<string, OptionSpec>>(
  command: string,
  args: string[],
  options: T,
  positionals = false,
): { values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string }; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals });
    return parsed as never;
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message);
    const allowed = Object.keys(options)
      .map((name) => `--${name}`)
      .join(', ');
    if (unknown) throw new UsageError(`${command}: unknown option ${unknown[1]}; allowed: ${allowed}`);
    const missingValue = /Option '(?:-\w, )?--([\w-]+)(?: <value>)?' argument missing/.exec(message);
    if (missingValue) throw new UsageError(`${command}: --${missingValue[1]} needs a value`);
    const positional = /Unexpected argument '([^']+)'/.exec(message);
    if (positional) throw new UsageError(`${command}: unexpected argument '${positional[1]}'; allowed options: ${allowed}`);
    throw new UsageError(`${command}: ${message.split('\n')[0]}`);
  }
}

/** Checks one argument's value with zod; the first problem becomes "--name: message". */
export function argument<S extends z.ZodType>(command: string, name: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new UsageError(`${command}: --${name} ${issue?.message ?? 'is not valid'}`);
}

export function oneOf(values: readonly string[], what = 'one of') {
  return z.string({ error: `is required; ${what}: ${values.join(', ')}` }).refine((value) => values.includes(value), {
    error: (issue) => `'${String(issue.input)}' is not allowed; ${what}: ${values.join(', ')}`,
  });
}

/** The environment's settings for a command that opens the store; a bad setting is a usage error naming the command. */
export function commandSettings(command: string): Settings {
  try {
    return readSettings();
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(`${command}: ${error.message}`);
    throw error;
  }
}
