// A deterministic pseudo-random sequence (xorshift32) for tests that generate their cases: the same
// seed gives the same programs on every run and machine.
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}
