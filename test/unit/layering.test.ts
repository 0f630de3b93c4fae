import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../helpers/repo-paths';

/** Every module path a TypeScript file under `dir` imports, as `file: specifier`. */
function importsUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(repoRoot, dir), { recursive: true })) {
    const file = path.join(dir, String(entry));
    if (!file.endsWith('.ts')) continue;
    const source = readFileSync(path.join(repoRoot, file), 'utf8');
    for (const match of source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const target = match[1].startsWith('.')
        ? path.relative(repoRoot, path.resolve(repoRoot, path.dirname(file), match[1]))
        : match[1];
      found.push(`${file}: ${target}`);
    }
  }
  return found;
}

describe('layering', () => {
  test('the engine imports nothing from the API, the catalogue or the importers', () => {
    expect(
      importsUnder('main/engine').filter((i) => /: main\/(api|catalogue|importers)\//.test(i)),
    ).toEqual([]);
  });

  test('shipped code imports nothing from test/', () => {
    expect(importsUnder('main').filter((i) => /: test\//.test(i))).toEqual([]);
  });
});
