// The messages of everyday TypeErrors, as applications log them or send them back in API responses.
const messages = [];
const capture = (label, fn) => { try { fn(); messages.push(`${label}: no error`); } catch (e) { messages.push(`${label}: ${e.constructor.name}: ${e.message}`); } };
const response = { data: { items: null, meta: { total: 3 } }, headers: {} };
let handler = null;
const setHandler = (h) => { handler = h; };
setHandler(response.headers.onData);
const settings = { retry: { count: 'three' } };
class Client { constructor(opts) { this.opts = opts; } }
const lib = { models: { User: 'not a class' }, util: {} };
capture('call on nested member', () => response.data.meta.format());
capture('array method on null', () => response.data.items.map((x) => x));
capture('array method on non-array', () => response.data.meta.filter((x) => x));
capture('Map method on object', () => response.headers.get('content-type'));
capture('push on string', () => settings.retry.count.push(1));
capture('call module let', () => handler('chunk'));
capture('iterate non-iterable', () => { for (const item of response.data.meta) void item; });
capture('spread non-iterable', () => [...response.data.meta]);
capture('spread call args', () => Math.max(...response.data.meta.total));
capture('destructure null', () => { const { total } = response.data.items; return total; });
capture('destructure missing param', () => (({ a }) => a)());
capture('new non-constructor', () => new lib.models.User());
capture('new on undefined member', () => new lib.util.Missing());
capture('new Client typo', () => new Clinet({}));
capture('not a function chained', () => response.data.meta.total.toFixed(2).padStart(10).bogus());
capture('callback not a function', () => [1, 2].forEach(response.data.meta.total));
capture('reduce empty', () => [].reduce((a, b) => a + b));
capture('in operator on string', () => 'x' in response.data.meta.total.toString());
capture('instanceof non-callable', () => response instanceof response.data);
capture('private on wrong object', () => { class P { #x = 1; static get(o) { return o.#x; } } return P.get(response.data); });
capture('assign to const', () => { const c = 1; c = 2; });
capture('super before this', () => { class A {} class B extends A { constructor() { this.x = 1; super(); } } new B(); });
capture('Symbol to string', () => `${Symbol.iterator}`);
capture('BigInt mix', () => 1n + 1);
capture('JSON circular', () => { const o = { n: response }; response.self = o; return JSON.stringify(o); });
capture('toUpperCase on number', () => response.data.meta.total.toUpperCase());
capture('optional call on property', () => response.data.meta.total?.toFixed.call(null));
capture('valid', () => new Client({ a: 1 }).opts.a);
let laterCalls = 0;
const later = (v) => { laterCalls++; return new Promise((r) => setTimeout(() => r(v), 1)); };
const state = { results: {}, cache: null };
try { state.results.push(await later('row')); } catch (e) { messages.push(`push(await) on object: ${e.constructor.name}: ${e.message}`); }
try { state.cache.set('k', await later('v')); } catch (e) { messages.push(`set(await) on null: ${e.constructor.name}: ${e.message}`); }
messages.push(`argument promises created: ${laterCalls}`);
console.log(messages.join('\n'));
