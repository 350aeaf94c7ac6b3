// Anchors of the audit chains outside the table (issue 15, point 6): the head (seq and hash) of every chain, sealed
// into a write-once store that whoever can write the table cannot rewrite. On AWS an S3 bucket with Object Lock in
// compliance mode (s3-anchor-store.ts); locally a folder under .data/anchors whose files are created once and made
// read-only. A consistent rewrite of a chain in the table (every hash recomputed from a tampered event on) still
// verifies inside the table, but no longer holds the anchored hash at the anchored position.
import { createHash, randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as z from 'zod';

export const anchorFormat = 'zhigong-zhijia/audit-anchor@1';

/** One sealed manifest: every chain's head as of `sealedAt`, and the anchor it follows. */
export const auditAnchor = z.object({
  format: z.literal(anchorFormat),
  table: z.string().min(1),
  sealedAt: z.string(),
  /** The anchor this one follows (its key and the SHA-256 of its bytes): the anchors form a chain of their own. */
  previous: z.object({ key: z.string(), sha256: z.string() }).nullable(),
  /** '<subjectType>#<subjectId>' → the chain's head when sealed. */
  chains: z.record(z.string(), z.object({ seq: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type AuditAnchor = z.infer<typeof auditAnchor>;

export interface StoredAnchor {
  key: string;
  /** SHA-256 of the stored bytes. */
  sha256: string;
  anchor: AuditAnchor;
}

/** The write-once store. Implementations never replace an object: `put` on a key already used throws AnchorExistsError. */
export interface AnchorStore {
  /** Where the anchors are, for messages ('s3://bucket', a folder). */
  readonly location: string;
  put(key: string, body: string, retainUntil: Date): Promise<void>;
  /** Keys beginning with `prefix`, ascending, only those after `startAfter` when given. */
  list(prefix: string, startAfter?: string): Promise<string[]>;
  /** The object's text, or undefined when there is none. */
  get(key: string): Promise<string | undefined>;
}

export class AnchorExistsError extends Error {
  readonly code = 'AUDIT.ANCHOR_EXISTS';
  constructor(key: string, options?: { cause?: unknown }) {
    super(`audit anchor ${key} exists already and is never replaced`, options);
    this.name = 'AnchorExistsError';
  }
}

/** `<table>/<UTC date>/<sealedAt>.json`: keys sort in the order they were sealed, and one table's anchors share a prefix. */
export const anchorKey = (table: string, sealedAt: Date): string => {
  const iso = sealedAt.toISOString();
  return `${table}/${iso.slice(0, 10)}/${iso}.json`;
};

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Stored anchors of `table` are read back through this: a malformed object is an error, never skipped. */
export async function readAnchor(store: AnchorStore, key: string): Promise<StoredAnchor | undefined> {
  const text = await store.get(key);
  if (text === undefined) return undefined;
  const parsed = auditAnchor.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`audit anchor ${key} in ${store.location} is malformed: ${parsed.error.message}`);
  return { key, sha256: sha256(text), anchor: parsed.data };
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The newest anchor of `table`. Lists only the keys of the last few days first (one short listing per clock tick);
 * when none is that recent (a stopped clock, a first seal) it lists them all.
 */
export async function latestAnchor(store: AnchorStore, table: string, now: Date): Promise<StoredAnchor | undefined> {
  const prefix = `${table}/`;
  let keys = await store.list(prefix, `${prefix}${new Date(now.getTime() - 3 * dayMs).toISOString().slice(0, 10)}`);
  if (keys.length === 0) keys = await store.list(prefix);
  const newest = keys.filter((key) => key.endsWith('.json')).sort().at(-1);
  return newest === undefined ? undefined : readAnchor(store, newest);
}

/** Writes a new anchor. Returns its key and hash, or throws AnchorExistsError when one was sealed at that instant. */
export async function putAnchor(store: AnchorStore, anchor: AuditAnchor, retainUntil: Date): Promise<StoredAnchor> {
  const key = anchorKey(anchor.table, new Date(anchor.sealedAt));
  const body = JSON.stringify(anchor);
  await store.put(key, body, retainUntil);
  return { key, sha256: sha256(body), anchor };
}

/** Where a key lives under the folder; a key that could climb out of it is refused. */
function pathOf(dir: string, key: string): string {
  const parts = key.split('/');
  // eslint-disable-next-line no-control-regex
  if (parts.some((part) => part === '' || part === '.' || part === '..' || /[\\\u0000-\u001f]/.test(part))) throw new RangeError(`not an anchor key: ${JSON.stringify(key)}`);
  return join(dir, ...parts);
}

/**
 * The local stack's anchor store: a folder (.data/anchors). Each anchor is written to a temporary file, made
 * read-only and then hard-linked to its name, which fails when the name exists: an anchor is never replaced, and no
 * reader sees half of one. The folder is only as safe as the machine's accounts; on AWS the bucket's compliance lock
 * is what no account can lift.
 */
export function localAnchorStore(dir: string): AnchorStore {
  async function walk(folder: string, relative: string): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const keys: string[] = [];
    for (const entry of entries) {
      const key = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) keys.push(...(await walk(join(folder, entry.name), key)));
      else if (entry.name.endsWith('.json')) keys.push(key);
    }
    return keys;
  }

  return {
    location: dir,
    async put(key, body) {
      const file = pathOf(dir, key);
      await mkdir(dirname(file), { recursive: true });
      // A name of its own per attempt: two seals at one instant, even in one process, never share it.
      const partial = `${file}.${randomUUID()}.partial`;
      await writeFile(partial, body, { flag: 'wx', mode: 0o444 });
      await chmod(partial, 0o444);
      try {
        await link(partial, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AnchorExistsError(key, { cause: error });
        throw error;
      } finally {
        await unlink(partial);
      }
    },
    async list(prefix, startAfter) {
      // The prefix is '<table>/': walk only that folder.
      const top = prefix.split('/')[0] ?? '';
      const keys = (await walk(pathOf(dir, top), top)).filter((key) => key.startsWith(prefix)).sort();
      return startAfter === undefined ? keys : keys.filter((key) => key > startAfter);
    },
    async get(key) {
      try {
        return await readFile(pathOf(dir, key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
