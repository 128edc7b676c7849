// Configuration from the environment, parsed once at start-up; every bad value is named.
import { z } from 'zod';
import { policyIds } from './policyFiles.js';
import { storeLocationFromEnv, type StoreLocation } from '../store/open.js';

export interface Settings {
  port: number;
  host: string;
  policy: string;
  store: StoreLocation;
}

export class SettingsError extends Error {}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const ids = policyIds();
  const schema = z.object({
    PORT: z.coerce
      .number({ error: 'must be a port number, 1 to 65535' })
      .int({ error: 'must be a whole port number, 1 to 65535' })
      .min(1, { error: 'must be a port number, 1 to 65535' })
      .max(65535, { error: 'must be a port number, 1 to 65535' })
      .default(3978),
    POLICY: z
      .string()
      .default('cafcass')
      .refine((value) => ids.includes(value), { error: (issue) => `'${String(issue.input)}' is not a policy pack; allowed: ${ids.join(', ')}` }),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: 'must be a PostgreSQL URL, postgres://user@host:5432/database' })
      .optional(),
    DATA_DIR: z.string().min(1, { error: 'must be a folder path' }).optional(),
  });
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new SettingsError(result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; '));
  }
  // Until the chat channels land (authenticated Teams/Slack), the bot only listens on loopback.
  return { port: result.data.PORT, host: '127.0.0.1', policy: result.data.POLICY, store: storeLocationFromEnv(result.data) };
}
