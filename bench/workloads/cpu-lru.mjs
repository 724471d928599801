// CPU-bound loop over a Map-based LRU cache: get/delete/set to refresh recency, eviction of the
// oldest key through keys().next(), plain objects and arrays read and updated on every operation.
// Deterministic: a fixed-seed PRNG drives the key stream. Prints one JSON line at the end.
const OPS = Number(process.env.BENCH_LRU_OPS) || 4_000_000;
const CAPACITY = 2_000;
const KEYSPACE = 6_000;

class LRU {
  constructor(capacity) {
    this.capacity = capacity;
    this.map = new Map();
    this.hits = 0;
    this.misses = 0;
    this.evictions = 0;
  }
  get(key) {
    const entry = this.map.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.map.delete(key);
    this.map.set(key, entry);
    this.hits++;
    return entry;
  }
  set(key, value) {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.capacity) {
      const oldest = this.map.keys().next().value;
      this.map.delete(oldest);
      this.evictions++;
    }
    this.map.set(key, value);
  }
}

// xorshift32: deterministic key stream with some locality (a hot set and a cold tail).
let seed = 0x2545f491;
function rand() {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}

function makeEntry(id) {
  return { id, name: 'item-' + id, hits: 0, score: id % 97, tags: [id % 3, id % 5, id % 7], history: [] };
}

const cache = new LRU(CAPACITY);
const stats = { reads: 0, writes: 0, scoreSum: 0, tagSum: 0 };
const buckets = new Array(16).fill(0);

const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < OPS; i++) {
  const r = rand();
  const id = r < 0.8 ? Math.floor(rand() * (CAPACITY / 2)) : Math.floor(rand() * KEYSPACE);
  let entry = cache.get(id);
  if (entry === undefined) {
    entry = makeEntry(id);
    cache.set(id, entry);
    stats.writes++;
  } else {
    stats.reads++;
  }
  entry.hits++;
  entry.score = (entry.score * 31 + i) % 1000003;
  stats.scoreSum = (stats.scoreSum + entry.score) % 1000000007;
  const tags = entry.tags;
  tags[i % 3] = (tags[i % 3] + 1) & 1023;
  stats.tagSum += tags[0] + tags[1] + tags[2];
  if (entry.history.length >= 8) entry.history.shift();
  entry.history.push(i & 255);
  buckets[id & 15]++;
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;

let hitSum = 0;
for (const e of cache.map.values()) hitSum = (hitSum + e.hits * 7 + e.history.length) % 1000000007;
const check = [cache.hits, cache.misses, cache.evictions, cache.map.size, stats.reads, stats.writes, stats.scoreSum, stats.tagSum % 1000000007, hitSum, buckets.join('.')].join(':');
console.log(JSON.stringify({ ms, cpuMs, check, maxRSS: process.resourceUsage().maxRSS }));
