// The installed package's version, from the package.json beside dist/ (read without loading
// a backend, so `--version` works whatever CHAINRULE_BACKEND says).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export function packageVersion(): string {
  const file = path.resolve(__dirname, '..', '..', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
