// Function source text in a CommonJS module (instrumented on the main thread, inside the module
// wrapper): functions, methods and classes as Function.prototype.toString gives them.
'use strict';
const state = { count: 0, items: [] };
function record(item) {
  state.items.push(item);
  state.count += 1;
  return state.count;
}
class Queue {
  constructor() {
    this.jobs = new Map();
  }
  static of(...jobs) {
    const q = new Queue();
    for (const j of jobs) q.jobs.set(j.id, j);
    return q;
  }
  async drain() {
    for (const [id, job] of this.jobs) {
      await job.run();
      this.jobs.delete(id);
    }
  }
}
module.exports = { record, Queue };
for (const f of [record, Queue, Queue.of, Queue.prototype.drain, module.exports.record]) console.log(f.toString());
console.log(JSON.stringify(String(record)) === JSON.stringify(record.toString()));
