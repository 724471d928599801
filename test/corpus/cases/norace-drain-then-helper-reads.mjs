// expect: none
// Two background saves count themselves after their first await; the test
// lets the timer queue turn once and then asks a helper for the count. The
// saves' continuations run in the turn that set the timer, before any
// timer, so the helper, called after the timer, always sees both.
let saved = 0;

async function save() {
  await null;
  saved++;
}

async function savedCount() {
  return saved;
}

save();
save();
await new Promise((resolve) => setTimeout(resolve, 0));
console.log('saved', await savedCount());
