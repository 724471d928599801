// An ES module in a package with no "type": Node 20 compiles it as CommonJS first, then as a module.
export const state = { n: 0 };
export function bump() {
  state.n++;
  return state.n;
}
export default 'default export';
