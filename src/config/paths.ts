import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository (or installed package) root, found from this file's place in src/config/. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const policiesDir = path.join(projectRoot, 'policies');
