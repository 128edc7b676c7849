#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `npx supervision-bot` works straight after `npm ci`.
import { register } from 'tsx/esm/api';

register();
// `supervision-bot ... | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
