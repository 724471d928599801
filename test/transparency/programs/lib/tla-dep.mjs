const wait = (ms) => new Promise((r) => setTimeout(r, ms));
console.log('tla-dep: start');
await wait(3);
export const settings = { ready: true, loadedBy: 'tla-dep' };
export default function describe() { return `settings ${JSON.stringify(settings)}`; }
console.log('tla-dep: end');
