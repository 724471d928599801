// Optional chaining: a?.b.c, a?.[k], a.b?.(), short-circuit evaluation (side effects logged).
const log = [];
const k = (name) => { log.push(`key ${name}`); return name; };
const user = { profile: { name: 'ada', tags: ['x'], greet() { return `hi ${this.name}`; } }, settings: null, list: [{ id: 1 }] };
const nobody = null;
console.log(user?.profile.name, user.settings?.theme, user.settings?.theme.color, nobody?.profile.name);
console.log(user.profile?.greet(), user.profile.missing?.(), user.settings?.get('x'), user.profile.greet?.());
console.log(user?.[k('profile')]?.name, nobody?.[k('never')], log.join(','));
log.length = 0;
console.log(nobody?.[k('a')].b.c, nobody?.x[k('b')], user.settings?.[k('c')][k('d')], log.join(','));
log.length = 0;
console.log(user.list?.[0]?.id, user.list?.[5]?.id, user.list.at?.(-1).id, user.profile.tags?.length);
const fnHolder = { run: null, exec() { return this === fnHolder; } };
console.log(fnHolder.run?.(k('arg')), fnHolder.exec?.(), (fnHolder?.exec)(), log.join(','));
log.length = 0;
const maybeFn = undefined;
console.log(maybeFn?.(k('never')), typeof maybeFn?.call, log.length);
const m = new Map([['a', { v: 1 }]]);
console.log(m.get('a')?.v, m.get('b')?.v, m?.get('a').v, m.get?.('a')?.v);
console.log(delete user?.profile.tags, delete nobody?.x, 'tags' in user.profile);
try { console.log((nobody?.a).b); } catch (e) { console.log(e.constructor.name, e.message); }
try { user.settings.theme; } catch (e) { console.log(e.constructor.name, e.message); }
// In a function of its own: the first read of u.profile there is recorded, so the callee is rewritten.
try { ((u) => u.profile.nope())(user); } catch (e) { console.log(e.constructor.name, e.message); }
try { user.nothing?.call(); user.missing.call(); } catch (e) { console.log(e.constructor.name, e.message); }
const deep = { a: { b: { c: { d: () => 'deep' } } } };
console.log(deep?.a?.b?.c?.d?.(), deep.a.x?.y.z.w(), deep['a']?.['b'].c.d());
class Node { constructor(v, next) { this.v = v; this.next = next; } }
const chain = new Node(1, new Node(2, null));
console.log(chain.next?.v, chain.next?.next?.v, chain.next.next?.next.v);
const counter = { n: 0 };
nobody?.[counter.n++];
user?.[counter.n++];
console.log(counter.n);
const arr = null;
console.log(arr?.[0], arr?.length, arr?.map((x) => x), `${user?.profile?.name ?? 'anon'}`);
