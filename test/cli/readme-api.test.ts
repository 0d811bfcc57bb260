// README's "API at a glance": every name it lists is exported by the built package
// (`name` at the top level, `ns.name` in a namespace, `.method()` on nn.Sequential).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
// The built CommonJS entry, loaded the way CommonJS users load the package.
const chainrule = require(path.join(root, 'dist', 'index.js')) as Record<string, Record<string, unknown>>;

describe('README API at a glance', () => {
  const section = readme.split('## API at a glance')[1]?.split('\n## ')[0] ?? '';
  const table = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| area'));
  const names = table.flatMap((row) => [...row.split('|')[2].matchAll(/`([^`]+)`/g)].map((m) => m[1]));

  it('lists the main exports', () => {
    expect(names.length).toBeGreaterThan(80);
  });

  it.each(names)('%s exists', (name) => {
    if (name.startsWith('.')) {
      // Members of a tensor (.backward(), .grad, …) or of a model (.toFunction()).
      const member = name.slice(1).replace(/\(\)$/, '');
      const t = (chainrule.tensor as unknown as (v: number) => object)(1);
      const model = (chainrule.nn.sequential as () => object)();
      expect(member in t || member in model, name).toBe(true);
      return;
    }
    const [ns, member] = name.includes('.') ? name.split('.') : [undefined, name];
    const where = ns === undefined ? chainrule : chainrule[ns];
    expect(where, ns).toBeDefined();
    expect(where[member], name).toBeDefined();
  });
});

describe('relative links in the docs', () => {
  const docs = [
    'README.md',
    'bench/README.md',
    ...fs
      .readdirSync(path.join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const links = docs.flatMap((doc) =>
    [...fs.readFileSync(path.join(root, doc), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1].split('#')[0])
      .filter((target) => target !== '' && !/^[a-z]+:/.test(target))
      .map((target) => [doc, target] as const),
  );

  it('finds the links', () => {
    expect(links.length).toBeGreaterThan(10);
  });

  it.each(links)('%s → %s exists', (doc, target) => {
    expect(fs.existsSync(path.resolve(root, path.dirname(doc), target))).toBe(true);
  });
});
