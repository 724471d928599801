// Location keys: how the detector names a property it tracks. The runtime converts computed keys with
// this (access.ts toKey) and the instrumenter converts literal keys with it (`o[3]`, `o["x"]`), so that
// `a[3]`, `a["3"]` and `a[k]` with k = 3 are one location whichever path recorded them.

import { charCodeAtText } from './primordials.js';

/**
 * A number or string property key as a location key: an array index stays (or becomes) a number, so
 * element accesses need no number-to-string conversion; every other key is a string.
 */
export function locationKey(key: number | string): number | string {
  if (typeof key === 'number') return (key >>> 0) === key ? key : `${key}`;
  const c = charCodeAtText(key, 0);
  if (c >= 48 && c <= 57) {
    const n = Number(key);
    if ((n >>> 0) === n && String(n) === key) return n;
  }
  return key;
}
