import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  extractContainer,
  readContainerHeader,
  writeContainer,
  type ContainerEntry,
} from '../../main/catalogue/backup-container';
import { tempDir } from '../helpers/service-fixture';

/** A container written by hand: `MAGIC | length | header | body | sha256 of all before`. */
function handMadeContainer(file: string, entries: ContainerEntry[], body: Buffer): void {
  const header = Buffer.from(JSON.stringify({ createdAt: 1, entries }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  const before = Buffer.concat([
    Buffer.from('MOVIE-ASSISTANT-BACKUP/1', 'latin1'),
    length,
    header,
    body,
  ]);
  writeFileSync(file, Buffer.concat([before, createHash('sha256').update(before).digest()]));
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the backup container', () => {
  const dirs: Array<{ remove(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  function scratch(): string {
    const made = tempDir();
    dirs.push(made);
    return made.dir;
  }

  // A catalogue's pages repeat a great deal; this stands in for one.
  const pages = Buffer.from(
    Array.from({ length: 20_000 }, (_, i) => `${i % 700},${(i * 7) % 9_742},4.5,96432${i}\n`).join(
      '',
    ),
  );

  it('stores entries compressed, and gives back exactly what went in', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'catalogue.db'), pages);
    writeFileSync(path.join(dir, 'empty.json'), '');
    const out = path.join(dir, 'out.backup');
    const written = await writeContainer(out, [
      { name: 'catalogue.db', file: path.join(dir, 'catalogue.db') },
      { name: 'personal-models/empty.json', file: path.join(dir, 'empty.json') },
    ]);
    expect(written.bytes).toBeLessThan(pages.length / 3);
    expect(written.entries.map((e) => e.encoding)).toEqual(['br', 'br']);
    // the compressed scratch files are gone
    expect(readdirSync(dir).sort()).toEqual(['catalogue.db', 'empty.json', 'out.backup']);

    const layout = await readContainerHeader(out);
    const into = scratch();
    await extractContainer(out, layout, (name) => path.join(into, path.basename(name)));
    expect(readFileSync(path.join(into, 'catalogue.db')).equals(pages)).toBe(true);
    expect(readFileSync(path.join(into, 'empty.json')).length).toBe(0);
  });

  it('still reads a backup whose entries are stored as they are (every one before compression)', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'catalogue.db'), pages);
    const out = path.join(dir, 'plain.backup');
    const written = await writeContainer(
      out,
      [{ name: 'catalogue.db', file: path.join(dir, 'catalogue.db') }],
      {},
      'none',
    );
    expect(written.entries[0].encoding).toBeUndefined();
    expect(written.bytes).toBeGreaterThan(pages.length);
    const into = scratch();
    await extractContainer(out, await readContainerHeader(out), (name) => path.join(into, name));
    expect(readFileSync(path.join(into, 'catalogue.db')).equals(pages)).toBe(true);
  });

  it('refuses, by name, an entry that cannot be expanded, expands past its size or to other bytes, or is stored in a way it does not know', async () => {
    const dir = scratch();
    const compressed = brotliCompressSync(pages);
    const notBrotli = Buffer.from('these bytes were never compressed by anyone at all');
    const cases: Array<[string, ContainerEntry, Buffer, string]> = [
      [
        'garbled',
        {
          name: 'catalogue.db',
          size: pages.length,
          sha256: sha256(pages),
          encoding: 'br',
          storedSize: notBrotli.length,
        },
        notBrotli,
        'catalogue.db cannot be expanded',
      ],
      [
        'too-large',
        {
          name: 'catalogue.db',
          size: 1_000,
          sha256: sha256(pages.subarray(0, 1_000)),
          encoding: 'br',
          storedSize: compressed.length,
        },
        compressed,
        'catalogue.db is larger than its header says',
      ],
      [
        'cut',
        {
          name: 'catalogue.db',
          size: pages.length,
          sha256: sha256(pages),
          encoding: 'br',
          storedSize: 40,
        },
        compressed.subarray(0, 40),
        'catalogue.db cannot be expanded',
      ],
      [
        'other-bytes',
        {
          name: 'catalogue.db',
          size: pages.length,
          sha256: sha256(Buffer.from('another catalogue')),
          encoding: 'br',
          storedSize: compressed.length,
        },
        compressed,
        'catalogue.db does not match its checksum',
      ],
    ];
    for (const [label, entry, body, says] of cases) {
      const file = path.join(dir, `${label}.backup`);
      handMadeContainer(file, [entry], body);
      const into = scratch();
      await expect(
        extractContainer(file, await readContainerHeader(file), (name) => path.join(into, name)),
        label,
      ).rejects.toThrow(`${label}.backup is not a usable Movie Assistant backup: ${says}`);
    }

    const newer = path.join(dir, 'newer.backup');
    handMadeContainer(
      newer,
      [
        {
          name: 'catalogue.db',
          size: pages.length,
          sha256: sha256(pages),
          encoding: 'zstd' as 'br',
          storedSize: 10,
        },
      ],
      Buffer.alloc(10),
    );
    await expect(readContainerHeader(newer)).rejects.toThrow(
      'it was written by a newer Movie Assistant (catalogue.db is stored as "zstd")',
    );
  });
});
