// expect: none
// A test starts two background saves, which each count themselves once
// their first await is over, then lets the timer queue turn once
// (setTimeout 0) before it checks the count. The saves' continuations are
// promise reactions queued in the same turn as that timer: Node runs every
// one of them before any timer, so the check always sees both.
let saved = 0;
const log = [];

async function save(doc) {
  await null;
  saved++;
  log.push(doc);
}

save('a');
save('b');
await new Promise((resolve) => setTimeout(resolve, 0));
console.log('saved', saved, log.join(','));
