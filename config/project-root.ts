/**
 * The project's root folder: where charts/, manifests/, env/ and package.json live, wherever the program is
 * started from. The one definition; everything that needs the root imports it from here.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder above `env/`. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
