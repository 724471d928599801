// The on-disk transform cache. Its entries are code that will run, so it lives in a per-user directory
// created with mode 0700, and a directory that another user owns or others can write is refused (one
// warning, then no cache). An entry is keyed by a hash of everything that changes the output - source,
// kind, options, racedetect's version - and carries a checksum: a damaged entry is deleted, never run.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let dir: string | null | undefined;

function warn(message: string): void {
  try {
    fs.writeSync(2, `racedetect: ${message}\n`);
  } catch {
    /* nothing to do */
  }
}

function candidateDir(uid: number): string {
  return process.env.RACEDETECT_CACHE_DIR || path.join(os.tmpdir(), `racedetect-${uid >= 0 ? uid : os.userInfo().username}`);
}

export function cacheDir(): string | null {
  if (dir !== undefined) return dir;
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  const candidate = candidateDir(uid);
  try {
    fs.mkdirSync(candidate, { recursive: true, mode: 0o700 });
    const st = fs.statSync(candidate);
    if (uid >= 0 && st.uid !== uid) {
      warn(`transform cache ${candidate} belongs to another user; running without a cache`);
      dir = null;
    } else if ((st.mode & 0o022) !== 0) {
      warn(`transform cache ${candidate} is writable by others; running without a cache`);
      dir = null;
    } else dir = candidate;
  } catch (e) {
    warn(`cannot use transform cache ${candidate} (${(e as NodeJS.ErrnoException).code ?? e}); running without a cache`);
    dir = null;
  }
  return dir;
}

// SHA-1, not SHA-256: a cached start hashes every source, every cached body and every map (33 MB for a
// 5.5 MB program), and SHA-1 does that a third faster here. What it guards against is a stale or damaged
// entry; who may write entries at all is decided by the directory's owner and mode (cacheDir).
const HASH = 'sha1';

export function cacheKey(parts: (string | Uint8Array)[]): string {
  const h = crypto.createHash(HASH);
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

function checksum(body: Uint8Array): string {
  return crypto.createHash(HASH).update(body).digest('hex');
}

const NEWLINE = 10;

/**
 * Whether an entry exists, not whether it may be used: cacheGet decides that when it reads it. Neither
 * makes the directory nor warns about it, so that asking first does not say twice what cacheDir says.
 */
export function cacheHas(key: string): boolean {
  if (dir === null) return false;
  const d = dir ?? candidateDir(typeof process.getuid === 'function' ? process.getuid() : -1);
  return fs.existsSync(path.join(d, `${key}.js`));
}

/** The body of an entry, checked against its checksum; a damaged entry is deleted. */
export function cacheGetText(key: string): string | null {
  const d = cacheDir();
  if (d === null) return null;
  const file = path.join(d, `${key}.js`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  // The checksum is over the bytes as stored, so the body is decoded only once, after it passed.
  const nl = bytes.indexOf(NEWLINE);
  if (nl < 0 || bytes.toString('latin1', 0, nl) !== `//racedetect:${checksum(bytes.subarray(nl + 1))}`) {
    try {
      fs.unlinkSync(file);
    } catch {
      /* already gone */
    }
    return null;
  }
  return bytes.toString('utf8', nl + 1);
}

export function cacheSetText(key: string, body: string): void {
  const d = cacheDir();
  if (d === null) return;
  const file = path.join(d, `${key}.js`);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    const bytes = Buffer.from(body);
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`//racedetect:${checksum(bytes)}\n`), bytes]), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing written */
    }
  }
}

function remove(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    /* already gone */
  }
}

/** Writes a file of the cache atomically (a temporary name, then a rename); false if it could not. */
function writeAtomically(file: string, bytes: Uint8Array): boolean {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    fs.writeFileSync(tmp, bytes, { mode: 0o600 });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    remove(tmp);
    return false;
  }
}

/**
 * Transformed code and its source map. The map is a side entry, `KEY.map`, plain JSON so that Node can
 * read it by itself; its checksum is the first line of the code entry's body, so a damaged map is found
 * (and both are discarded) before the code runs.
 */
export function cacheGet(key: string): { code: string; mapFile: string | null } | null {
  const body = cacheGetText(key);
  if (body === null) return null;
  const nl = body.indexOf('\n');
  const mapSum = body.slice(0, nl);
  const code = body.slice(nl + 1);
  if (mapSum === '-') return { code, mapFile: null };
  const mapFile = path.join(dir as string, `${key}.map`);
  let map: Buffer | null = null;
  try {
    map = fs.readFileSync(mapFile);
  } catch {
    /* missing: discarded below */
  }
  if (nl < 0 || map === null || checksum(map) !== mapSum) {
    remove(path.join(dir as string, `${key}.js`));
    remove(mapFile);
    return null;
  }
  return { code, mapFile };
}

/** Stores code and its map; returns the map's file, or null when there is none or it was not written. */
export function cacheSet(key: string, code: string, mapJson: string | null): string | null {
  const d = cacheDir();
  if (d === null) return null;
  let mapSum = '-';
  const mapFile = path.join(d, `${key}.map`);
  if (mapJson !== null) {
    const bytes = Buffer.from(mapJson);
    if (!writeAtomically(mapFile, bytes)) return null;
    mapSum = checksum(bytes);
  }
  cacheSetText(key, `${mapSum}\n${code}`);
  return mapJson !== null ? mapFile : null;
}
