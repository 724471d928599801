// Function source text of methods of every kind: V8's text of a method starts at the method
// (`async`, `get`, `*` and a computed key included, `static` left out), and an arrow's parameters
// may hold functions of their own.
const counters = { hits: 0 };
class Registry {
  static /* a comment */ async create(name) {
    counters.hits++;
    return new Registry(name);
  }
  static *names() {
    yield counters.hits;
  }
  #secret = { n: 0 };
  get secret() {
    return this.#secret.n;
  }
  set secret(v) {
    this.#secret.n = v;
  }
  ['comp' + 'uted'](x = () => counters.hits) {
    return x() + counters.hits;
  }
}
const table = {
  async load(key) {
    await null;
    return counters[key];
  },
  *walk() {
    yield counters.hits;
  },
  plain: function (a) {
    return a.hits;
  },
  arrow: async (k) => counters[k],
  nested: (k, read = (o) => o[k]) => read(counters),
  commented: (k /* k => counters[k] */) => counters[k],
  async: async (/* => */) => counters.hits,
};
const accessors = Object.getOwnPropertyDescriptor(Registry.prototype, 'secret');
for (const f of [Registry.create, Registry.names, accessors.get, accessors.set, Registry.prototype.computed, table.load, table.walk, table.plain, table.arrow, table.nested, table.commented, table.async]) {
  console.log(f.toString());
}
