// The floor under any promise-tracking detector: promise hooks that keep, for every promise, only a
// small record of who made it and who settled it (tagged on the promise by a private field, as the
// detector does), and nothing else - no clocks, no contexts, no access checks. Load it instead of the
// detector to see what that much costs on a workload:
//
//   node --import ./bench/floor-hooks.mjs bench/workloads/promises.mjs
//
// `FLOOR=empty` installs hooks that do nothing at all.
import { promiseHooks } from 'node:v8';

const nothing = () => {};

if (process.env.FLOOR === 'empty') {
  promiseHooks.createHook({ init: nothing, settled: nothing, before: nothing, after: nothing });
} else {
  class ReturnsItsArgument {
    constructor(o) {
      return o;
    }
  }
  class Tag extends ReturnsItsArgument {
    #record;
    constructor(o, record) {
      super(o);
      this.#record = record;
    }
    static get(o) {
      return #record in o ? o.#record : undefined;
    }
  }
  let running = { depth: 0 };
  promiseHooks.createHook({
    init(promise, parent) {
      new Tag(promise, { made: running, parent, settled: null });
    },
    settled(promise) {
      const r = Tag.get(promise);
      if (r !== undefined) r.settled = running;
    },
    before(promise) {
      running = { depth: 1, reacting: Tag.get(promise) };
    },
    after() {
      running = { depth: 0 };
    },
  });
}
