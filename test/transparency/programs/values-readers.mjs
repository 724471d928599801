// JSON.stringify, structuredClone, Object.values and Object.entries over shared state: getters, proxy
// traps and toJSON run as often as without the detector, and what they return is the same.
import { setTimeout as sleep } from 'node:timers/promises';

const calls = [];
const state = { users: { ada: { n: 1 } }, list: [1, { x: 2 }, , 4], count: 0 };
async function bump() {
  await sleep(1);
  state.count++;
  state.users.bob = { n: 2 };
}
await bump();
console.log(JSON.stringify(state), Object.values(state.users).length, Object.entries(state).map(([k]) => k).join());
console.log(structuredClone(state).list.length, JSON.stringify(structuredClone(state)) === JSON.stringify(state));
const getters = { get g() { calls.push('g'); return 1; }, plain: 2 };
console.log(JSON.stringify(getters), Object.values(getters), Object.entries(getters).length, structuredClone(getters).g);
const trapped = new Proxy({ x: 1 }, {
  ownKeys(t) { calls.push('ownKeys'); return Reflect.ownKeys(t); },
  get(t, k) { calls.push(`get ${String(k)}`); return Reflect.get(t, k); },
  getOwnPropertyDescriptor(t, k) { calls.push(`gopd ${String(k)}`); return Reflect.getOwnPropertyDescriptor(t, k); },
});
console.log(JSON.stringify({ trapped }), Object.values(trapped), Object.entries(trapped).length);
const behindProxy = Object.create(new Proxy({}, { has() { calls.push('has'); return false; }, get(t, k, r) { calls.push(`proto get ${String(k)}`); return undefined; } }));
behindProxy.own = 1;
console.log(JSON.stringify(behindProxy), Object.values(behindProxy));
class Picks { constructor() { this.a = 1; this.hidden = 2; } toJSON() { calls.push('toJSON'); return { a: this.a }; } }
console.log(JSON.stringify([new Picks(), new Date(0)]), structuredClone(new Picks()).hidden);
const cyclic = { n: 1 };
cyclic.self = cyclic;
try { JSON.stringify(cyclic); } catch (e) { console.log(e.constructor.name); }
console.log(structuredClone(cyclic).self.n, Object.values(cyclic).length);
try { structuredClone({ f() {} }); } catch (e) { console.log(e.name); }
console.log(JSON.stringify(undefined), JSON.stringify(null), JSON.stringify(5), Object.values('ab'), Object.entries([7, 8]));
const big = Array.from({ length: 20000 }, (_, i) => ({ i }));
console.log(JSON.stringify(big).length, Object.values(big).length);
console.log(calls.join(' | '));
