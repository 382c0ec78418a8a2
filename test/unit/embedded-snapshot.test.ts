import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotFile, sourceFile, usableSnapshot } from '../../src/db/embedded-snapshot.js';
import { MIGRATIONS } from '../../src/db/migrations.js';

describe('which prepared embedded database a new DATA_DIR may start from', () => {
  it('one made by the first migrations of this code (the rest run after it), never one made by other migrations', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-snapshot-unit-'));
    try {
      const names = MIGRATIONS.map((m) => m.name);
      const made = (migrations: string[] | null) => {
        fs.writeFileSync(snapshotFile(dir), 'tarball');
        if (migrations) fs.writeFileSync(sourceFile(dir), JSON.stringify({ migrations, seed: 'digest' }));
        else fs.rmSync(sourceFile(dir), { force: true });
        return usableSnapshot(dir);
      };
      expect(made(names)).toBe(snapshotFile(dir));
      expect(made(names.slice(0, -1))).toBe(snapshotFile(dir));
      expect(made([...names.slice(0, -1), 'Migration20991231000000_renamed'])).toBeNull();
      expect(made([...names, 'Migration20991231000000_from_a_newer_checkout'])).toBeNull();
      expect(made(null)).toBeNull();
      fs.rmSync(snapshotFile(dir));
      fs.writeFileSync(sourceFile(dir), JSON.stringify({ migrations: names, seed: 'digest' }));
      expect(usableSnapshot(dir)).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
